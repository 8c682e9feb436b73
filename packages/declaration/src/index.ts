/**
 * @healthtrace/declaration — see the package README for what this package provides.
 *
 * @packageDocumentation
 */

/** The npm name of this package. */
export const PACKAGE_NAME = '@healthtrace/declaration' as const;

// Declaration schemas (zod/mini) and their types, JSON Schema export, parsing with localised issues,
// form metadata, privacy helpers, workplace risk assessment (Decision 2194/QĐ-BCĐQG), area risk levels
// (Decision 2686/QĐ-BCĐQG), and the field validators (CCCD, CMND, passport, phone, names).
export * from './admin-units';
export * from './form/metadata';
export * from './json-schema';
export type * from './locales/types';
export * from './parse';
export * from './privacy';
export * from './risk/area-levels';
export * from './risk/criteria-set';
export * from './risk/workplace';
export * from './schemas/checkin';
export {
  type Address,
  addressSchema,
  countryCode,
  districtCode,
  email,
  idNumber,
  isoDate,
  isoDateTime,
  personName,
  phone,
  provinceCode,
  SCHEMA_ISSUE_CODES,
  type SchemaIssueCode,
  text,
  wardCode,
} from './schemas/common';
export * from './schemas/daily';
export * from './schemas/domestic';
export * from './schemas/employee';
export * from './schemas/entry';
export * from './schemas/movement';
export * from './schemas/registry';
export * from './validate';
export * from './validators/index';
