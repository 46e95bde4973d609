import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { isIP } from 'node:net';
import path from 'node:path';

const ROLE_NAMES = ['web', 'smtp', 'imap', 'worker', 'scheduler'] as const;
export type Role = (typeof ROLE_NAMES)[number];

/**
 * Every environment variable Postdesk reads (CONTRACT.md "Environment"), validated once.
 * This module is the only reader of process.env.
 */
const EnvSchema = Type.Object({
  POSTDESK_DATA_DIR: Type.String({ default: './data', minLength: 1, description: 'SQLite file, blobs, generated secret' }),
  POSTDESK_DATABASE_URL: Type.Optional(Type.String({ description: 'postgres://… selects PostgreSQL; default: SQLite file in the data dir' })),
  POSTDESK_HTTP_HOST: Type.String({ default: '127.0.0.1' }),
  POSTDESK_HTTP_PORT: Type.String({ default: '3000', pattern: '^[0-9]{1,5}$' }),
  POSTDESK_SMTP_HOST: Type.String({ default: '127.0.0.1' }),
  POSTDESK_SMTP_PORT: Type.String({ default: '2525', pattern: '^[0-9]{1,5}$', description: '0 disables the listener' }),
  POSTDESK_MAIL_DOMAIN: Type.String({ default: 'postdesk.localhost', pattern: '^[A-Za-z0-9.-]+$' }),
  POSTDESK_SMTP_RELAY_URL: Type.Optional(Type.String({ pattern: '^smtps?://', description: 'unset: outgoing mail goes to the mail preview' })),
  POSTDESK_PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  POSTDESK_SECRET: Type.Optional(Type.String({ minLength: 32, description: 'generated into the data dir when unset' })),
  POSTDESK_ADMIN_EMAIL: Type.Optional(Type.String({ minLength: 3 })),
  POSTDESK_ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 10 })),
  POSTDESK_ROLES: Type.String({ default: ROLE_NAMES.join(',') }),
  POSTDESK_RATE_LIMITS: Type.Union([Type.Literal('on'), Type.Literal('off')], { default: 'on' }),
  POSTDESK_LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
    { default: 'info' },
  ),
  POSTDESK_LOG_FORMAT: Type.Union([Type.Literal('json'), Type.Literal('pretty')], { default: 'json' }),
  POSTDESK_TIME_ZONE: Type.String({ default: 'America/New_York', description: 'business calendar time zone' }),
  POSTDESK_SMTP_TLS_CERT: Type.Optional(Type.String({ minLength: 1, description: 'PEM certificate file: enables STARTTLS on the listener' })),
  POSTDESK_SMTP_TLS_KEY: Type.Optional(Type.String({ minLength: 1, description: 'PEM private key file for STARTTLS' })),
  POSTDESK_CONFIRMATIONS_PER_HOUR: Type.String({ default: '5', pattern: '^[0-9]{1,4}$', description: 'confirmation emails per sender address per hour' }),
  POSTDESK_SURVEY_DELAY_MINUTES: Type.String({ default: '60', pattern: '^([0-9]{1,5}|off)$', description: 'minutes after a resolution before the satisfaction survey is emailed (a reopen in between cancels it); off sends none' }),
  POSTDESK_METRICS_TOKEN: Type.Optional(Type.String({
    minLength: 16,
    description: 'GET /metrics then requires "Authorization: Bearer <token>" from any client; unset: /metrics answers loopback clients only',
  })),
  POSTDESK_TRUST_PROXY: Type.Optional(Type.String({
    minLength: 1,
    description: 'comma-separated addresses or CIDR ranges of reverse proxies (e.g. 127.0.0.1,10.0.0.0/8) whose X-Forwarded-For/-Proto/-Host name the client; unset: the socket peer is the client',
  })),
  // Blob storage in S3 (issue #7; an extension of CONTRACT.md). Credentials come from the standard AWS chain.
  POSTDESK_S3_BUCKET: Type.Optional(Type.String({
    pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$',
    description: 'set: attachments and raw mail parts are stored in this S3 bucket instead of the data dir',
  })),
  POSTDESK_S3_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://[^\\s/]+', description: 'S3-compatible endpoint URL; unset: AWS S3 of the region' })),
  POSTDESK_S3_REGION: Type.String({ default: 'us-east-1', pattern: '^[A-Za-z0-9_-]+$', description: 'region of the S3 bucket' }),
  POSTDESK_S3_PREFIX: Type.String({ default: '', pattern: '^(?!/)[!-~]*$', description: 'prepended to every object key as it is (e.g. postdesk/)' }),
  POSTDESK_S3_FORCE_PATH_STYLE: Type.Union([Type.Literal('true'), Type.Literal('false')], {
    default: 'false',
    description: 'true: address the bucket in the URL path (most S3-compatible servers); false: as a host name (AWS)',
  }),
});

const S3_SETTINGS = ['POSTDESK_S3_ENDPOINT', 'POSTDESK_S3_REGION', 'POSTDESK_S3_PREFIX', 'POSTDESK_S3_FORCE_PATH_STYLE'] as const;

export type Config = Readonly<{
  dataDir: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  http: { host: string; port: number };
  smtp: { host: string; port: number };
  mailDomain: string;
  supportAddress: string;
  relayUrl: string | undefined;
  publicUrl: string;
  secret: string | undefined;
  admin: { email: string | undefined; password: string | undefined };
  roles: ReadonlySet<Role>;
  rateLimits: boolean;
  log: { level: string; pretty: boolean };
  timeZone: string;
  smtpTls: { certFile: string; keyFile: string } | undefined;
  confirmationsPerHour: number;
  /** Null: no satisfaction surveys. */
  surveyDelayMs: number | null;
  metricsToken: string | undefined;
  /** Reverse proxies whose forwarding headers are believed (Fastify `trustProxy`); empty: none. */
  trustedProxies: readonly string[];
  blobs: { kind: 'local'; dir: string } | { kind: 's3'; bucket: string; endpoint: string | undefined; region: string; prefix: string; forcePathStyle: boolean };
}>;

export class ConfigError extends Error {}

/** Reads, validates and freezes the configuration; throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(EnvSchema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const withDefaults = Value.Default(EnvSchema, picked);
  const problems = [...Value.Errors(EnvSchema, withDefaults)].map(
    (error) => `${error.instancePath.replace(/^\//, '') || 'environment'}: ${error.message}`,
  );
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  const raw = withDefaults as Static<typeof EnvSchema>;

  const roles = raw.POSTDESK_ROLES.split(',').map((role) => role.trim()).filter(Boolean);
  const unknownRoles = roles.filter((role) => !(ROLE_NAMES as readonly string[]).includes(role));
  if (unknownRoles.length > 0) {
    throw new ConfigError(`POSTDESK_ROLES: unknown role(s) ${unknownRoles.join(', ')}; known: ${ROLE_NAMES.join(', ')}`);
  }
  const httpPort = Number(raw.POSTDESK_HTTP_PORT);
  const smtpPort = Number(raw.POSTDESK_SMTP_PORT);
  for (const [name, port] of [['POSTDESK_HTTP_PORT', httpPort], ['POSTDESK_SMTP_PORT', smtpPort]] as const) {
    if (port > 65535) throw new ConfigError(`${name}: must be a port number (0-65535)`);
  }
  if (Boolean(raw.POSTDESK_SMTP_TLS_CERT) !== Boolean(raw.POSTDESK_SMTP_TLS_KEY)) {
    throw new ConfigError('POSTDESK_SMTP_TLS_CERT and POSTDESK_SMTP_TLS_KEY: set both or neither');
  }
  const dataDir = path.resolve(raw.POSTDESK_DATA_DIR);
  const databaseUrl = raw.POSTDESK_DATABASE_URL;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('POSTDESK_DATABASE_URL: only postgres:// URLs are supported; leave it unset for SQLite');
  }
  if (raw.POSTDESK_S3_ENDPOINT !== undefined && !URL.canParse(raw.POSTDESK_S3_ENDPOINT)) {
    throw new ConfigError('POSTDESK_S3_ENDPOINT: not a URL (e.g. http://127.0.0.1:9000)');
  }
  // A setting at its default is harmless (`postdesk config` prints them all), one changed without a bucket is a mistake.
  const strayS3Settings = S3_SETTINGS.filter((name) => {
    const value = env[name];
    return value !== undefined && value !== '' && value !== (EnvSchema.properties[name] as { default?: string }).default;
  });
  if (!raw.POSTDESK_S3_BUCKET && strayS3Settings.length > 0) {
    throw new ConfigError(`${strayS3Settings.join(', ')}: set POSTDESK_S3_BUCKET too, or blobs stay in the data dir`);
  }
  const publicHost = raw.POSTDESK_HTTP_HOST === '0.0.0.0' || raw.POSTDESK_HTTP_HOST === '::' ? 'localhost' : raw.POSTDESK_HTTP_HOST;

  return Object.freeze({
    dataDir,
    database: databaseUrl
      ? { kind: 'postgres' as const, url: databaseUrl }
      : { kind: 'sqlite' as const, file: path.join(dataDir, 'postdesk.sqlite') },
    http: { host: raw.POSTDESK_HTTP_HOST, port: httpPort },
    smtp: { host: raw.POSTDESK_SMTP_HOST, port: smtpPort },
    mailDomain: raw.POSTDESK_MAIL_DOMAIN.toLowerCase(),
    supportAddress: `support@${raw.POSTDESK_MAIL_DOMAIN.toLowerCase()}`,
    relayUrl: raw.POSTDESK_SMTP_RELAY_URL,
    publicUrl: (raw.POSTDESK_PUBLIC_URL ?? `http://${publicHost}:${httpPort}`).replace(/\/+$/, ''),
    secret: raw.POSTDESK_SECRET,
    admin: { email: raw.POSTDESK_ADMIN_EMAIL, password: raw.POSTDESK_ADMIN_PASSWORD },
    roles: new Set(roles as Role[]),
    rateLimits: raw.POSTDESK_RATE_LIMITS === 'on',
    log: { level: raw.POSTDESK_LOG_LEVEL, pretty: raw.POSTDESK_LOG_FORMAT === 'pretty' },
    timeZone: raw.POSTDESK_TIME_ZONE,
    smtpTls: raw.POSTDESK_SMTP_TLS_CERT && raw.POSTDESK_SMTP_TLS_KEY
      ? { certFile: raw.POSTDESK_SMTP_TLS_CERT, keyFile: raw.POSTDESK_SMTP_TLS_KEY }
      : undefined,
    confirmationsPerHour: Number(raw.POSTDESK_CONFIRMATIONS_PER_HOUR),
    surveyDelayMs: raw.POSTDESK_SURVEY_DELAY_MINUTES === 'off' ? null : Number(raw.POSTDESK_SURVEY_DELAY_MINUTES) * 60_000,
    metricsToken: raw.POSTDESK_METRICS_TOKEN,
    trustedProxies: parseTrustedProxies(raw.POSTDESK_TRUST_PROXY),
    blobs: raw.POSTDESK_S3_BUCKET
      ? {
          kind: 's3' as const,
          bucket: raw.POSTDESK_S3_BUCKET,
          endpoint: raw.POSTDESK_S3_ENDPOINT,
          region: raw.POSTDESK_S3_REGION,
          prefix: raw.POSTDESK_S3_PREFIX,
          forcePathStyle: raw.POSTDESK_S3_FORCE_PATH_STYLE === 'true',
        }
      : { kind: 'local' as const, dir: path.join(dataDir, 'blobs') },
  });
}

/**
 * Addresses and CIDR ranges only: `true` or a hop count would believe whatever a client writes
 * into X-Forwarded-For when it reaches Postdesk directly, and every per-address limit keys on it.
 */
function parseTrustedProxies(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value.split(',').map((entry) => entry.trim()).filter(Boolean).map((entry) => {
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    const maxPrefix = family === 6 ? 128 : 32;
    const prefixOk = prefix === undefined || (/^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix);
    if (family === 0 || !prefixOk || extra !== undefined) {
      throw new ConfigError(`POSTDESK_TRUST_PROXY: "${entry}" is not an IP address or CIDR range (e.g. 127.0.0.1 or 10.0.0.0/8)`);
    }
    return entry;
  });
}

/** The environment variables with their defaults and descriptions, for the README and `postdesk config`. */
export function describeEnvironment(): { name: string; default: string | undefined; description: string | undefined }[] {
  return Object.entries(EnvSchema.properties).map(([name, schema]) => {
    const s = schema as { default?: unknown; description?: string };
    return { name, default: s.default === undefined ? undefined : String(s.default), description: s.description };
  });
}
