/**
 * The marker every copy of `@healthtrace/core` puts on its errors, so that
 * `HealthtraceError.isInstance` works across duplicated installs and bundles.
 */
const HEALTHTRACE_ERROR: symbol = Symbol.for('@healthtrace/error');

/** Options accepted by {@link HealthtraceError} and its subclasses. */
export interface HealthtraceErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * Base class of every domain error thrown by a healthtrace package.
 *
 * Each error carries a stable, machine-readable `code` (for example
 * `"keyfile/bad-signature"`); messages may change between releases, codes do not.
 * Argument errors are plain `TypeError`/`RangeError` instead.
 *
 * @example
 * ```ts
 * import { HealthtraceError } from '@healthtrace/core';
 * try {
 *   somethingThatParses();
 * } catch (error) {
 *   if (HealthtraceError.isInstance(error)) console.log(error.code);
 * }
 * ```
 */
export class HealthtraceError extends Error {
  /** Stable machine-readable error code, `area/what` in kebab case. */
  readonly code: string;

  /**
   * @param code - stable error code, e.g. `"qr/expired"`.
   * @param message - human-readable explanation.
   * @param options - optional `cause`.
   */
  constructor(code: string, message: string, options?: HealthtraceErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = new.target.name;
  }

  /**
   * Whether `value` is a healthtrace error, even one created by another copy of this
   * package (so it works where `instanceof` does not). With `code`, also checks the code.
   *
   * @param value - anything.
   * @param code - optional code to match exactly.
   * @returns `true` when `value` is a {@link HealthtraceError}.
   * @example
   * ```ts
   * if (HealthtraceError.isInstance(err, 'qr/expired')) showExpired();
   * ```
   */
  static isInstance(value: unknown, code?: string): value is HealthtraceError {
    if (typeof value !== 'object' || value === null) return false;
    if ((value as Record<symbol, unknown>)[HEALTHTRACE_ERROR] !== true) return false;
    return code === undefined || (value as HealthtraceError).code === code;
  }
}

// The marker lives on the prototype (non-enumerable), so every subclass and every copy has it.
Object.defineProperty(HealthtraceError.prototype, HEALTHTRACE_ERROR, { value: true, enumerable: false });
