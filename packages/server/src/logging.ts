import pino, { type Logger } from 'pino';

/**
 * Paths never written to logs. Request logs carry method, route pattern, status and timing
 * only (never bodies, query strings or credentials); these paths are a second line of defence
 * for anything logged by mistake.
 */
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["x-deletion-token"]',
  'body',
  '*.body',
  'data',
  '*.data',
  '*.fullName',
  '*.name',
  '*.phone',
  '*.email',
  '*.idNumber',
  '*.dateOfBirth',
  '*.address',
  'secret',
  '*.secret',
  'token',
  '*.token',
];

/**
 * Creates the server's structured logger (JSON lines).
 *
 * @param options - level (default `info`, `silent` in tests) and destination stream.
 * @returns the logger.
 * @example
 * ```ts
 * const logger = createLogger({ level: 'info' });
 * ```
 */
export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    { level: options.level ?? 'info', redact: { paths: [...REDACT_PATHS], censor: '[redacted]' }, base: { service: 'healthtrace' } },
    options.destination as never,
  );
}
