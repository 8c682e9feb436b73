import pkg from '../package.json' with { type: 'json' };

/** The version of `@healthtrace/server`. */
export const SERVER_VERSION: string = pkg.version;
