/**
 * `strictObject` on Node (selected by the `node` condition of `#strict-object` in package.json):
 * zod/mini's object with the parser that classic zod's objects use. zod compiles it on first use
 * into one function for the object's shape (`$ZodObjectJIT`) instead of walking the shape for each
 * input: ~15 µs less per declaration submission in the reference server (a sixth of its request
 * cost) and less garbage. Browsers get `./object.ts` (zod/mini's walking parser) — the compiler
 * would add ~3.4 kB gzip to a declaration form. Same schema otherwise: same name and traits
 * (`instanceof z.ZodMiniObject` holds), same results and issues (property-tested against
 * `z.strictObject` in `test/compiled-object.test.ts`); where code cannot be generated, zod itself
 * falls back to the walking parser.
 */
import * as z from 'zod/mini';
import * as core from 'zod/v4/core';

const ZodMiniCompiledObject: core.$constructor<z.ZodMiniObject> = /* @__PURE__ */ core.$constructor('ZodMiniObject', (inst, def) => {
  // (`init` is typed as an assertion; called through a plain function type.)
  (core.$ZodObjectJIT.init as (inst: unknown, def: unknown) => void)(inst, def);
  (z.ZodMiniType.init as (inst: unknown, def: unknown) => void)(inst, def);
  core.util.installLazyProp(inst, 'shape', (self: z.ZodMiniObject) => self._zod.def.shape, false);
});

/**
 * `z.strictObject` (unknown keys are an issue), with zod's compiled object parser.
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
  return new ZodMiniCompiledObject({ type: 'object', shape, catchall: z.never() }) as unknown as z.ZodMiniObject<T, core.$strict>;
}
