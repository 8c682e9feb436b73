/**
 * The domestic declaration's fast path in browsers and other non-Node runtimes (the default of
 * `#domestic-fast-path` in package.json): none — a form validates one declaration at a time, and the
 * straight-line checks would add to its bundle. Node gets `./domestic-fast-path.ts`.
 */
import type { DomesticDeclaration } from './domestic';

/**
 * No fast path: always `undefined`, so the schema parses the declaration.
 *
 * @param _input - anything.
 * @returns `undefined`.
 * @example
 * ```ts
 * fastDomestic({}); // undefined
 * ```
 */
export function fastDomestic(_input: unknown): DomesticDeclaration | undefined {
  return undefined;
}
