import pino, { type Logger, type LoggerOptions } from 'pino';

/**
 * Paths never written to a log: credentials, tokens, card data and the personal
 * data of senders and receivers. Applied to every process's logger.
 */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers["x-client-secret"]',
  'req.headers["x-auth-token"]',
  'req.headers.cookie',
  '*.password',
  '*.secret',
  '*.clientSecret',
  '*.client_secret',
  '*.token',
  '*.card',
  '*.card_token',
  '*.phone',
  '*.email',
  '*.identity',
  '*.firstname',
  '*.lastname',
  '*.fullname',
  '*.recipient_name',
  '*.recipient_phone',
  '*.receiverName',
  '*.receiverPhone',
  '*.receiverAddress',
  'databaseUrl',
];

export interface LoggerConfig {
  service: string;
  level?: LoggerOptions['level'];
  /** Where JSON lines go; stdout by default. Tests pass a stream to read them. */
  destination?: pino.DestinationStream;
}

/** A pino JSON logger named after the service, with the redaction list applied. */
export function createLogger(config: LoggerConfig): Logger {
  const options: LoggerOptions = {
    level: config.level ?? 'info',
    base: { service: config.service, pid: process.pid },
    redact: { paths: redactedPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return config.destination ? pino(options, config.destination) : pino(options);
}

export type { Logger };
