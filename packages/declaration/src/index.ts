/**
 * @healthtrace/declaration — see the package README for what this package provides.
 *
 * @packageDocumentation
 */

/** The npm name of this package. */
export const PACKAGE_NAME = '@healthtrace/declaration' as const;

// Field validators (CCCD, CMND, passport, phone, names).
export * from './validators/index';

// Declaration schemas (zod/mini), their types, JSON Schema export, parsing, form metadata, privacy.
export * from './schemas/common';
export * from './schemas/domestic';
export * from './schemas/entry';
export * from './schemas/daily';
export * from './schemas/movement';
export * from './schemas/checkin';
export * from './schemas/employee';
export * from './schemas/registry';
export * from './json-schema';
export * from './parse';
export * from './validate';
export * from './form/metadata';
export * from './privacy';
export type * from './locales/types';

// Workplace risk assessment (Decision 2194/QĐ-BCĐQG) and area risk levels (Decision 2686/QĐ-BCĐQG).
export * from './risk/criteria-set';
export * from './risk/workplace';
export * from './risk/area-levels';
