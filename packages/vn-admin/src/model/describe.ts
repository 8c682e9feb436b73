/**
 * Shows a code from untrusted input in a message without ever throwing (`String(value)` throws for
 * objects whose `toString` is not callable).
 *
 * @param value - anything.
 * @returns a JSON string literal for strings (cut at 20 characters), otherwise `(a value of type <type>)`.
 * @example
 * ```ts
 * describeCode({ toString: false }); // "(a value of type object)"
 * ```
 */
export function describeCode(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value);
  return value === null ? 'null' : `(a value of type ${typeof value})`;
}
