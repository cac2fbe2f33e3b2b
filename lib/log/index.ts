import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Customer PII (names, free-text notes, exact balances) is redacted at the
 * logger so that no call site can leak it by accident.
 */
const PII_PATHS = [
  'name',
  '*.name',
  'customer.name',
  'notes',
  '*.notes',
  'customer.notes',
  'email',
  '*.email',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'token',
  '*.token',
];

export function createLogger(level: string = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    { level, redact: { paths: PII_PATHS, censor: '[redacted]' }, base: { service: 'meridian' } },
    destination,
  );
}

/** A logger that writes nothing, for tests. */
export const silentLogger: Logger = pino({ level: 'silent' });
