import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeEnvironment, loadConfig } from '../src/config.js';

describe('loadConfig defaults (CONTRACT.md "Environment")', () => {
  const config = loadConfig({});

  it('keeps data in ./data, resolved, with the SQLite file inside', () => {
    expect(config.dataDir).toBe(path.resolve('./data'));
    expect(path.isAbsolute(config.dataDir)).toBe(true);
    expect(config.database).toEqual({ kind: 'sqlite', file: path.join(path.resolve('./data'), 'postdesk.sqlite') });
  });

  it('listens on 127.0.0.1:3000 (HTTP) and 127.0.0.1:2525 (SMTP)', () => {
    expect(config.http).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(config.smtp).toEqual({ host: '127.0.0.1', port: 2525 });
  });

  it('uses postdesk.localhost for mail, support@ as the main address, and no relay', () => {
    expect(config.mailDomain).toBe('postdesk.localhost');
    expect(config.supportAddress).toBe('support@postdesk.localhost');
    expect(config.relayUrl).toBeUndefined();
  });

  it('derives the public URL from host and port', () => {
    expect(config.publicUrl).toBe('http://127.0.0.1:3000');
  });

  it('runs every role, with rate limits on and a generated secret', () => {
    expect([...config.roles].sort()).toEqual(['imap', 'scheduler', 'smtp', 'web', 'worker']);
    expect(config.rateLimits).toBe(true);
    expect(config.secret).toBeUndefined();
    expect(config.admin).toEqual({ email: undefined, password: undefined });
  });

  it('is frozen', () => {
    expect(Object.isFrozen(config)).toBe(true);
  });
});

describe('loadConfig reads the environment', () => {
  it('takes every variable', () => {
    const config = loadConfig({
      POSTDESK_DATA_DIR: '/var/lib/postdesk',
      POSTDESK_DATABASE_URL: 'postgres://pd:pw@db.internal:5432/postdesk',
      POSTDESK_HTTP_HOST: '10.1.2.3',
      POSTDESK_HTTP_PORT: '8080',
      POSTDESK_SMTP_HOST: '0.0.0.0',
      POSTDESK_SMTP_PORT: '0',
      POSTDESK_MAIL_DOMAIN: 'Help.Example.ORG',
      POSTDESK_SMTP_RELAY_URL: 'smtp://127.0.0.1:1025',
      POSTDESK_PUBLIC_URL: 'https://help.example.org/',
      POSTDESK_SECRET: 's'.repeat(32),
      POSTDESK_ADMIN_EMAIL: 'boss@example.org',
      POSTDESK_ADMIN_PASSWORD: 'a long enough password',
      POSTDESK_ROLES: 'web, worker',
      POSTDESK_RATE_LIMITS: 'off',
    });
    expect(config.dataDir).toBe('/var/lib/postdesk');
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://pd:pw@db.internal:5432/postdesk' });
    expect(config.http).toEqual({ host: '10.1.2.3', port: 8080 });
    expect(config.smtp).toEqual({ host: '0.0.0.0', port: 0 });
    expect(config.mailDomain).toBe('help.example.org');
    expect(config.supportAddress).toBe('support@help.example.org');
    expect(config.relayUrl).toBe('smtp://127.0.0.1:1025');
    expect(config.publicUrl).toBe('https://help.example.org');
    expect(config.secret).toBe('s'.repeat(32));
    expect(config.admin).toEqual({ email: 'boss@example.org', password: 'a long enough password' });
    expect([...config.roles].sort()).toEqual(['web', 'worker']);
    expect(config.rateLimits).toBe(false);
  });

  it('treats an empty variable as unset', () => {
    const config = loadConfig({ POSTDESK_HTTP_PORT: '', POSTDESK_SMTP_RELAY_URL: '' });
    expect(config.http.port).toBe(3000);
    expect(config.relayUrl).toBeUndefined();
  });

  it('builds the public URL from a wildcard host as localhost', () => {
    expect(loadConfig({ POSTDESK_HTTP_HOST: '0.0.0.0', POSTDESK_HTTP_PORT: '4000' }).publicUrl).toBe('http://localhost:4000');
  });

  it('accepts postgresql:// as well', () => {
    expect(loadConfig({ POSTDESK_DATABASE_URL: 'postgresql://localhost/pd' }).database.kind).toBe('postgres');
  });
});

describe('loadConfig rejects invalid values with a ConfigError naming the variable', () => {
  it.each<[string, Record<string, string>, RegExp]>([
    ['a port that is not a number', { POSTDESK_HTTP_PORT: 'http' }, /POSTDESK_HTTP_PORT/],
    ['a port above 65535', { POSTDESK_HTTP_PORT: '70000' }, /POSTDESK_HTTP_PORT/],
    ['a negative SMTP port', { POSTDESK_SMTP_PORT: '-1' }, /POSTDESK_SMTP_PORT/],
    ['an SMTP port above 65535', { POSTDESK_SMTP_PORT: '99999' }, /POSTDESK_SMTP_PORT/],
    ['an unknown role', { POSTDESK_ROLES: 'web,mailer' }, /POSTDESK_ROLES.*mailer/],
    ['a non-postgres database URL', { POSTDESK_DATABASE_URL: 'mysql://localhost/pd' }, /POSTDESK_DATABASE_URL/],
    ['a short secret', { POSTDESK_SECRET: 'too-short' }, /POSTDESK_SECRET/],
    ['a relay URL that is not smtp(s)', { POSTDESK_SMTP_RELAY_URL: 'http://relay.example.org' }, /POSTDESK_SMTP_RELAY_URL/],
    ['a public URL that is not http(s)', { POSTDESK_PUBLIC_URL: 'ftp://example.org' }, /POSTDESK_PUBLIC_URL/],
    ['a rate-limit switch other than on/off', { POSTDESK_RATE_LIMITS: 'sometimes' }, /POSTDESK_RATE_LIMITS/],
    ['a mail domain with an @', { POSTDESK_MAIL_DOMAIN: 'support@example.org' }, /POSTDESK_MAIL_DOMAIN/],
    ['a short admin password', { POSTDESK_ADMIN_PASSWORD: 'short' }, /POSTDESK_ADMIN_PASSWORD/],
    ['a short metrics token', { POSTDESK_METRICS_TOKEN: 'guessable' }, /POSTDESK_METRICS_TOKEN/],
    ['an S3 bucket given as a URL', { POSTDESK_S3_BUCKET: 's3://attachments' }, /POSTDESK_S3_BUCKET/],
    ['an S3 endpoint without a scheme', { POSTDESK_S3_BUCKET: 'attachments', POSTDESK_S3_ENDPOINT: 'minio.internal:9000' }, /POSTDESK_S3_ENDPOINT/],
    ['an S3 endpoint that is no URL', { POSTDESK_S3_BUCKET: 'attachments', POSTDESK_S3_ENDPOINT: 'http://bad host:9000' }, /POSTDESK_S3_ENDPOINT/],
    ['an S3 prefix with a leading slash', { POSTDESK_S3_BUCKET: 'attachments', POSTDESK_S3_PREFIX: '/postdesk/' }, /POSTDESK_S3_PREFIX/],
    ['a path-style switch other than true/false', { POSTDESK_S3_BUCKET: 'attachments', POSTDESK_S3_FORCE_PATH_STYLE: 'yes' }, /POSTDESK_S3_FORCE_PATH_STYLE/],
    ['S3 settings without a bucket', { POSTDESK_S3_ENDPOINT: 'http://127.0.0.1:9000', POSTDESK_S3_PREFIX: 'pd/' }, /POSTDESK_S3_ENDPOINT, POSTDESK_S3_PREFIX: set POSTDESK_S3_BUCKET too/],
  ])('%s', (_name, env, message) => {
    let thrown: unknown;
    try {
      loadConfig(env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as Error).message).toMatch(message);
  });

  it('names every bad variable at once', () => {
    expect(() => loadConfig({ POSTDESK_HTTP_PORT: 'x', POSTDESK_SECRET: 'y' })).toThrow(/POSTDESK_HTTP_PORT[\s\S]*POSTDESK_SECRET|POSTDESK_SECRET[\s\S]*POSTDESK_HTTP_PORT/);
  });
});

describe('POSTDESK_TRUST_PROXY', () => {
  it('is off by default and takes addresses and CIDR ranges, IPv4 and IPv6', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ POSTDESK_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,fd00::/8' }).trustedProxies).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8']);
  });

  it.each([['true'], ['2'], ['proxy.example.org'], ['10.0.0.0/33'], ['::1/129'], ['10.0.0.1/8/8'], ['10.0.0.0/']])('refuses %s, naming the variable', (value) => {
    expect(() => loadConfig({ POSTDESK_TRUST_PROXY: value })).toThrow(/POSTDESK_TRUST_PROXY/);
  });
});

describe('POSTDESK_METRICS_TOKEN', () => {
  it('is unset by default (loopback-only metrics) and carried when set', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ POSTDESK_METRICS_TOKEN: 'scrape-token-0123456789' }).metricsToken).toBe('scrape-token-0123456789');
  });
});

describe('blob storage (POSTDESK_S3_*, an extension of CONTRACT.md)', () => {
  it('keeps blobs in the data dir unless a bucket is set', () => {
    expect(loadConfig({ POSTDESK_DATA_DIR: '/var/lib/postdesk' }).blobs).toEqual({ kind: 'local', dir: '/var/lib/postdesk/blobs' });
  });

  it('selects S3 with a bucket, with us-east-1, no prefix and host-style addressing by default', () => {
    expect(loadConfig({ POSTDESK_S3_BUCKET: 'postdesk-attachments' }).blobs).toEqual({
      kind: 's3', bucket: 'postdesk-attachments', endpoint: undefined, region: 'us-east-1', prefix: '', forcePathStyle: false,
    });
  });

  it('takes an S3-compatible endpoint, region, prefix and path-style addressing', () => {
    expect(loadConfig({
      POSTDESK_S3_BUCKET: 'attachments',
      POSTDESK_S3_ENDPOINT: 'http://127.0.0.1:9000',
      POSTDESK_S3_REGION: 'eu-central-1',
      POSTDESK_S3_PREFIX: 'prod/',
      POSTDESK_S3_FORCE_PATH_STYLE: 'true',
    }).blobs).toEqual({ kind: 's3', bucket: 'attachments', endpoint: 'http://127.0.0.1:9000', region: 'eu-central-1', prefix: 'prod/', forcePathStyle: true });
  });

  it('accepts S3 settings left at their defaults without a bucket (as `postdesk config` prints them)', () => {
    expect(loadConfig({ POSTDESK_S3_REGION: 'us-east-1', POSTDESK_S3_FORCE_PATH_STYLE: 'false', POSTDESK_S3_PREFIX: '' }).blobs.kind).toBe('local');
    expect(() => loadConfig({ POSTDESK_S3_REGION: 'eu-west-1' })).toThrow(/POSTDESK_S3_REGION: set POSTDESK_S3_BUCKET too/);
  });

  it('lists the S3 variables with their defaults for `postdesk config`', () => {
    const described = new Map(describeEnvironment().map((variable) => [variable.name, variable]));
    for (const name of ['POSTDESK_S3_BUCKET', 'POSTDESK_S3_ENDPOINT', 'POSTDESK_S3_REGION', 'POSTDESK_S3_PREFIX', 'POSTDESK_S3_FORCE_PATH_STYLE']) {
      expect(described.get(name)?.description, name).toBeTruthy();
    }
    expect(described.get('POSTDESK_S3_REGION')?.default).toBe('us-east-1');
    expect(described.get('POSTDESK_S3_FORCE_PATH_STYLE')?.default).toBe('false');
    expect(described.get('POSTDESK_S3_BUCKET')?.default).toBeUndefined();
  });
});
