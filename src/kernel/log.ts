import { pino, type Logger } from 'pino';

export type { Logger };

export type LogOptions = { level: string; pretty: boolean };

/**
 * Root logger. Request, SMTP-session and job loggers are children carrying their ids; bodies,
 * addresses and tokens are never logged by default (redaction below catches the usual places).
 */
export function createLogger(options: LogOptions): Logger {
  return pino({
    level: options.level,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', '*.password', '*.email'],
      censor: '[redacted]',
    },
    ...(options.pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } } : {}),
  });
}
