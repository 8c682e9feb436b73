/**
 * @healthtrace/rolling-id — see the package README for what this package provides.
 *
 * @packageDocumentation
 */

/** The npm name of this package. */
export const PACKAGE_NAME = '@healthtrace/rolling-id' as const;

// Bluezone IDs (src/bluezone/*), diagnosis-key files (GAEN export.zip, src/export/*),
// GAEN crypto and key lifecycle (src/gaen/*), and the common scheme interface (src/scheme.ts).
export * from './bluezone/index';
export * from './export/index';
export * from './gaen/index';
export type { RollingIdScheme } from './scheme';
