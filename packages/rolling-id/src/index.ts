/**
 * @healthtrace/rolling-id — see the package README for what this package provides.
 *
 * @packageDocumentation
 */

/** The npm name of this package. */
export const PACKAGE_NAME = '@healthtrace/rolling-id' as const;

// Diagnosis-key files (GAEN export.zip): src/export/*
export * from './export/index';
