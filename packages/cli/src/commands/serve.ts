import type { Command } from 'commander';
import { type CliContext, CliError } from '../cli-kit';

const integer =
  (name: string) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new CliError('usage', `${name} must be an integer in [0, 65535], got ${value}`);
    return n;
  };

const lifetime = (value: string): number => {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || n < 1 || n > 1440)
    throw new CliError('usage', `--personal-qr-lifetime must be an integer in [1, 1440] minutes, got ${value}`);
  return n;
};

interface ServeOptions {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  personalQr?: boolean;
  personalQrLifetime?: number;
}

/**
 * `healthtrace serve`: starts the reference server (embedded database by default).
 *
 * @param program - the root command.
 * @param context - streams and exit-code setter.
 */
export function registerServeCommand(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('start the healthtrace server (embedded PGlite under --data-dir, or PostgreSQL with --database-url)')
    .option('--port <port>', 'TCP port', integer('--port'), 8787)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'folder for the embedded database, blobs and dev keys', './.healthtrace')
    .option('--database-url <url>', 'PostgreSQL URL (postgres://…); overrides the embedded database')
    .option(
      '--personal-qr',
      'issue a signed pseudonymous personal QR in the receipt of domestic and entry declarations (default off; env HEALTHTRACE_PERSONAL_QR)',
    )
    .option('--personal-qr-lifetime <minutes>', 'lifetime of an issued personal QR, 1–1440 minutes (default 1440)', lifetime)
    .addHelpText('after', '\nWith no configuration, development keys and a health-authority token are generated under <data-dir>/keys/.')
    .action(async (opts: ServeOptions) => {
      if (opts.databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(opts.databaseUrl)) {
        throw new CliError('usage', '--database-url must start with postgres:// or postgresql://');
      }
      // Loaded on demand so that other commands do not pay for the server's dependencies.
      const { startServer } = await import('@healthtrace/server');
      const { port } = await startServer({
        port: opts.port,
        host: opts.host,
        dataDir: opts.dataDir,
        ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
        personalQr: {
          ...(opts.personalQr === true ? { enabled: true } : {}),
          ...(opts.personalQrLifetime === undefined ? {} : { lifetimeMinutes: opts.personalQrLifetime }),
        },
      });
      context.io.stderr.write(`healthtrace server listening on http://${opts.host}:${port} (API reference at /docs)\n`);
      // Keep running until a signal; startServer installs graceful shutdown.
      await new Promise(() => {});
    });
}
