/** The list of declaration schemas, their names and their stable JSON Schema `$id`s. */
import type * as z from 'zod/mini';
import { type CheckinDeclaration, checkinDeclarationSchema } from './checkin';
import { type DailyDeclaration, dailyDeclarationSchema } from './daily';
import { type DomesticDeclaration, domesticDeclarationSchema } from './domestic';
import { type EmployeeDeclaration, employeeDeclarationSchema } from './employee';
import { type EntryDeclaration, entryDeclarationSchema } from './entry';
import { type MovementDeclaration, movementDeclarationSchema } from './movement';

/** The declaration kinds, in documentation order. */
export const DECLARATION_NAMES: readonly ['domestic', 'entry', 'daily', 'movement', 'checkin', 'employee'] = [
  'domestic',
  'entry',
  'daily',
  'movement',
  'checkin',
  'employee',
];

/** A declaration kind. */
export type DeclarationName = (typeof DECLARATION_NAMES)[number];

/** The value type of each declaration kind. */
export interface DeclarationTypes {
  /** {@link DomesticDeclaration}. */
  domestic: DomesticDeclaration;
  /** {@link EntryDeclaration}. */
  entry: EntryDeclaration;
  /** {@link DailyDeclaration}. */
  daily: DailyDeclaration;
  /** {@link MovementDeclaration}. */
  movement: MovementDeclaration;
  /** {@link CheckinDeclaration}. */
  checkin: CheckinDeclaration;
  /** {@link EmployeeDeclaration}. */
  employee: EmployeeDeclaration;
}

/** Schema version shipped by this release (part of every `$id`). */
export const SCHEMA_VERSION = 1 as const;

/**
 * The stable JSON Schema `$id` of a declaration kind.
 *
 * @param name - the declaration kind.
 * @returns `https://healthtrace.dev/schemas/declaration/<name>/v1.json`.
 * @example
 * ```ts
 * schemaId('domestic'); // "https://healthtrace.dev/schemas/declaration/domestic/v1.json"
 * ```
 */
export function schemaId(name: DeclarationName): string {
  return `https://healthtrace.dev/schemas/declaration/${name}/v${SCHEMA_VERSION}.json`;
}

/**
 * Whether `value` names a declaration kind.
 *
 * @param value - anything.
 * @returns `true` for `"domestic"`, `"entry"`, `"daily"`, `"movement"`, `"checkin"`, `"employee"`.
 * @example
 * ```ts
 * isDeclarationName('entry'); // true
 * ```
 */
export function isDeclarationName(value: unknown): value is DeclarationName {
  return typeof value === 'string' && (DECLARATION_NAMES as readonly string[]).includes(value);
}

/**
 * Every declaration schema by name. Importing this map pulls every schema into a bundle;
 * import the individual `…DeclarationSchema` constants when size matters.
 */
export const declarationSchemas: { readonly [K in DeclarationName]: z.ZodMiniType<DeclarationTypes[K], unknown> } = {
  domestic: domesticDeclarationSchema,
  entry: entryDeclarationSchema,
  daily: dailyDeclarationSchema,
  movement: movementDeclarationSchema,
  checkin: checkinDeclarationSchema,
  employee: employeeDeclarationSchema,
};
