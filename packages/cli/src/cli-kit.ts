/**
 * Conventions every `healthtrace` subcommand follows:
 * - `--json` prints exactly one JSON document on stdout; human output otherwise;
 * - errors go to stderr as one line `healthtrace: <code>: <message>`;
 * - exit code 2 for bad usage or bad input, 1 for runtime failures;
 * - long work shows a progress bar only when stderr is a TTY.
 */
import { HealthtraceError } from '@healthtrace/core';

/** Exit code for bad usage or bad input. */
export const EXIT_USAGE = 2;
/** Exit code for runtime failures. */
export const EXIT_RUNTIME = 1;

/** The streams a command writes to; injectable so that tests can capture them. */
export interface CliIo {
  /** Standard output. */
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  /** Standard error. */
  stderr: { write(chunk: string): unknown; isTTY?: boolean; columns?: number };
}

/** What every command registration receives: the streams and a way to set the exit code. */
export interface CliContext {
  /** Output streams. */
  io: CliIo;
  /**
   * Makes the run end with `code` while still printing normally
   * (e.g. `keyfile verify` exits 1 for an invalid signature).
   */
  setExitCode(code: number): void;
}

/**
 * An error a command raises on purpose, with the exit code it should end with.
 *
 * @example
 * ```ts
 * throw new CliError('usage', '--tek must be 32 hex digits', EXIT_USAGE);
 * ```
 */
export class CliError extends HealthtraceError {
  /** The process exit code this error maps to. */
  readonly exitCode: number;

  /**
   * @param code - stable code printed on stderr (e.g. `"usage"`, `"keyfile/bad-header"`).
   * @param message - one-line explanation.
   * @param exitCode - {@link EXIT_USAGE} (default) or {@link EXIT_RUNTIME}.
   * @param options - optional cause.
   */
  constructor(code: string, message: string, exitCode: number = EXIT_USAGE, options?: { cause?: unknown }) {
    super(code, message, options);
    this.exitCode = exitCode;
  }
}

/**
 * A failure that is not bad input (I/O, network, a server error); exits with 1.
 *
 * @param code - stable code.
 * @param message - one-line explanation.
 * @param cause - the underlying error.
 * @returns the error to throw.
 * @example
 * ```ts
 * throw runtimeError('io/write-failed', `cannot write ${file}`, err);
 * ```
 */
export function runtimeError(code: string, message: string, cause?: unknown): CliError {
  return new CliError(code, message, EXIT_RUNTIME, { cause });
}

/**
 * Maps any thrown value to the `{code, message, exitCode}` printed by the CLI.
 * Domain errors ({@link HealthtraceError}) and argument errors (`TypeError`/`RangeError`)
 * mean bad input (exit 2); a missing input file is bad input too; anything else is a
 * runtime failure (exit 1).
 *
 * @param error - what was thrown.
 * @returns the code, message and exit code.
 * @example
 * ```ts
 * const { code, message, exitCode } = classifyError(err);
 * ```
 */
export function classifyError(error: unknown): { code: string; message: string; exitCode: number } {
  if (error instanceof CliError) return { code: error.code, message: error.message, exitCode: error.exitCode };
  if (HealthtraceError.isInstance(error)) return { code: error.code, message: error.message, exitCode: EXIT_USAGE };
  if (error instanceof TypeError || error instanceof RangeError) {
    return { code: 'invalid-argument', message: error.message, exitCode: EXIT_USAGE };
  }
  const errno = (error as { code?: unknown } | null)?.code;
  if (errno === 'ENOENT' || errno === 'EISDIR' || errno === 'ENOTDIR') {
    return { code: 'io/not-found', message: (error as Error).message, exitCode: EXIT_USAGE };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message, exitCode: EXIT_RUNTIME };
}

/**
 * Formats the one stderr line for an error: `healthtrace: <code>: <message>`.
 *
 * @param code - the error code.
 * @param message - the message; newlines are folded into spaces.
 * @returns the line, with a trailing newline.
 * @example
 * ```ts
 * io.stderr.write(errorLine('usage', 'missing --tek'));
 * ```
 */
export function errorLine(code: string, message: string): string {
  return `healthtrace: ${code}: ${message.replace(/\s*\n\s*/g, ' ').trim()}\n`;
}

/**
 * Prints a command's result: one JSON document when `json` is set, the human text otherwise.
 *
 * @param io - output streams.
 * @param json - whether `--json` was given.
 * @param value - the JSON result.
 * @param human - renders the human-readable form (called only without `--json`).
 * @example
 * ```ts
 * emit(io, opts.json, result, () => `${result.keys} keys`);
 * ```
 */
export function emit(io: CliIo, json: boolean | undefined, value: unknown, human: () => string): void {
  if (json) io.stdout.write(`${JSON.stringify(value)}\n`);
  else {
    const text = human();
    io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
}

/** A progress display; every method is a no-op when the output is not a TTY. */
export interface Progress {
  /** Sets the number of completed units. */
  update(done: number): void;
  /** Clears the bar. */
  done(): void;
}

/**
 * Creates a progress bar on `io.stderr` when it is a TTY (and a silent no-op otherwise,
 * so piped `--json` output and CI logs stay clean). Written by hand: a dozen lines,
 * no dependency, redraws at most ten times a second.
 *
 * @param io - output streams.
 * @param label - text before the bar.
 * @param total - number of units of work.
 * @returns the progress handle.
 * @example
 * ```ts
 * const bar = progress(io, 'deriving', keys.length);
 * keys.forEach((k, i) => { derive(k); bar.update(i + 1); });
 * bar.done();
 * ```
 */
export function progress(io: CliIo, label: string, total: number): Progress {
  const stream = io.stderr;
  if (!stream.isTTY || total <= 0) return { update() {}, done() {} };
  let last = 0;
  const draw = (done: number): void => {
    const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - 20));
    const ratio = Math.min(1, done / total);
    const filled = Math.round(ratio * width);
    stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}%`);
  };
  return {
    update(done: number) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      draw(done);
    },
    done() {
      stream.write('\r\x1b[2K');
    },
  };
}
