/**
 * Node-only parts of `@healthtrace/encounters`: multi-core matching with `node:worker_threads`.
 *
 * @packageDocumentation
 */
export { createMatchPool, type MatchPool, type MatchPoolOptions, matchGaenParallel } from './parallel-match';
