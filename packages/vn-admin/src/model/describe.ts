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

/**
 * Whether an optional address field was filled in: `undefined`, `null` and `""` (what forms send for an
 * empty select) all mean "not given".
 *
 * @param value - the field value.
 * @returns `true` when the field holds something to validate.
 * @example
 * ```ts
 * isGiven(''); // false
 * ```
 */
export function isGiven(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}
