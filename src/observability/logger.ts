import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths that may hold credentials or partner payloads. pino redacts them wherever a caller puts them,
 * so a careless `log.info({ req })` cannot leak a bearer token or an SFTP password.
 */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'authorization',
  'password',
  '*.password',
  'apiKey',
  '*.apiKey',
  'secret',
  '*.secret',
  'privateKey',
  '*.privateKey',
  'payload',
  '*.payload',
  'body',
  '*.body',
];

export interface LoggerSettings {
  level?: string;
  /** Where JSON lines go; defaults to stdout. Tests pass a stream to assert on log lines. */
  destination?: pino.DestinationStream;
}

export function createLogger(settings: LoggerSettings = {}): Logger {
  const options: LoggerOptions = {
    level: settings.level ?? process.env['LOG_LEVEL'] ?? 'info',
    base: { service: 'edigw' },
    redact: { paths: redactPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return settings.destination ? pino(options, settings.destination) : pino(options);
}

/** One child logger per message, so every line about it carries its id (and never its payload). */
export function messageLogger(parent: Logger, messageId: string, extra: Record<string, string | number | undefined> = {}): Logger {
  return parent.child({ messageId, ...extra });
}
