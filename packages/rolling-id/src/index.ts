/**
 * @healthtrace/rolling-id — see the package README for what this package provides.
 *
 * @packageDocumentation
 */

/** The npm name of this package. */
export const PACKAGE_NAME = '@healthtrace/rolling-id' as const;

// Diagnosis-key files (GAEN export.zip): src/export/*
export * from './export/index';

// GAEN crypto, key lifecycle, Bluezone IDs and the common scheme interface: src/gaen/*, src/bluezone/*
export * from './bluezone/index';
export * from './gaen/index';
export type { RollingIdScheme } from './scheme';
