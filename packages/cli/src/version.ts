import pkg from '../package.json' with { type: 'json' };

/** The version of `@healthtrace/cli`, as printed by `healthtrace --version`. */
export const CLI_VERSION: string = pkg.version;
