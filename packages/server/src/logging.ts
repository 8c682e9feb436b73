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
 * Lines go to standard output (or the file descriptor given) through pino's asynchronous
 * destination: a line is handed to the operating system without blocking the request that wrote
 * it, lines written while one write is in flight go out together, and whatever is still buffered
 * is flushed when the process exits (pino's exit hook). With `sync: true` each line is written
 * before the call returns (~5 µs a request under load, one system call per line) — choose it when
 * no line may be lost to a hard crash (`kill -9`). A stream given as `destination` is used as it is.
 *
 * @param options - `level` (default `info`; `silent` in tests), `destination` (a stream, or a file
 *   descriptor; default 1, standard output) and `sync` (default `false`).
 * @returns the logger.
 * @example
 * ```ts
 * const logger = createLogger({ level: 'info' }); // JSON lines on stdout, written asynchronously
 * const audit = createLogger({ destination: 2, sync: true }); // stderr, each line written at once
 * ```
 */
export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream | number; sync?: boolean } = {}): Logger {
  const level = options.level ?? 'info';
  const destination =
    typeof options.destination === 'object'
      ? options.destination
      : level === 'silent'
        ? undefined
        : pino.destination({ dest: options.destination ?? 1, sync: options.sync ?? false });
  const logger = pino(
    { level, redact: { paths: [...REDACT_PATHS], censor: '[redacted]' }, base: { service: 'healthtrace' } },
    destination as never,
  );
  ownLoggers.add(logger);
  return logger;
}

/** Loggers made by {@link createLogger}: their line format is known (pino's defaults, `base` = the service). */
const ownLoggers = new WeakSet<Logger>();

/** Writes one access line: method, route pattern, status, duration. */
export type AccessLogWriter = (method: string, route: string, status: number, ms: number) => void;

/**
 * The access-log writer of `logger`: lines `{"level":30,"time":…,"service":"healthtrace","method":…,"route":…,"status":…,"ms":…,"msg":"request"}`
 * at `info`. For a logger made by {@link createLogger} the line is written straight to its destination, byte for
 * byte what `logger.info({ method, route, status, ms }, 'request')` writes (tested): pino's general path (child
 * bindings, serializers, redaction, hooks) cost ~5 µs of every request's ~100 on the request thread, for a line
 * whose fields are fixed and never personal. Any other logger gets a child without redaction and pino's own `info`.
 *
 * @param logger - the server's logger.
 * @returns the writer.
 * @example
 * ```ts
 * const access = accessLogWriter(createLogger());
 * access('POST', '/v1/declarations', 201, 3); // {"level":30,"time":…,"service":"healthtrace","method":"POST",…,"msg":"request"}
 * ```
 */
export function accessLogWriter(logger: Logger): AccessLogWriter {
  if (ownLoggers.has(logger)) {
    const stream = (logger as unknown as Record<symbol, { write(line: string): unknown }>)[pino.symbols.streamSym];
    const bindings = (logger as unknown as Record<symbol, string>)[pino.symbols.chindingsSym];
    if (stream !== undefined && typeof bindings === 'string') {
      return (method, route, status, ms) => {
        if (!logger.isLevelEnabled('info')) return;
        stream.write(
          `{"level":30,"time":${Date.now()}${bindings},"method":${JSON.stringify(method)},"route":${JSON.stringify(route)},"status":${status},"ms":${ms},"msg":"request"}\n`,
        );
      };
    }
  }
  const child = logger.child({}, { redact: { paths: [] } });
  return (method, route, status, ms) => child.info({ method, route, status, ms }, 'request');
}
