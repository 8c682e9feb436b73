/**
 * `strictObject` in browsers and other non-Node runtimes (the default of `#strict-object` in
 * package.json): zod/mini's own `z.strictObject`, whose parser walks the shape — the smallest
 * bundle. Node gets `./object-compiled.ts`, the same schema with zod's compiled parser.
 */
import * as z from 'zod/mini';
import type * as core from 'zod/v4/core';

/**
 * `z.strictObject` (unknown keys are an issue).
 *
 * @param shape - the object's shape.
 * @returns the schema.
 * @example
 * ```ts
 * const point = strictObject({ x: z.number(), y: z.number() });
 * point.safeParse({ x: 1, y: 2 }).success; // true
 * ```
 */
export function strictObject<T extends core.$ZodLooseShape>(shape: T): z.ZodMiniObject<T, core.$strict> {
  return z.strictObject(shape);
}
