import { Command, CommanderError } from 'commander';
import { type CliContext, type CliIo, classifyError, EXIT_USAGE, errorLine } from './cli-kit';
import { commandRegistrations } from './commands/index';
import { CLI_VERSION } from './version';

/**
 * Builds the `healthtrace` command tree (every subcommand registered, nothing run).
 *
 * @param context - the streams commands write to and the exit-code setter.
 * @returns the commander program.
 * @example
 * ```ts
 * const io = { stdout: process.stdout, stderr: process.stderr };
 * const program = createProgram({ io, setExitCode: () => {} });
 * console.log(program.helpInformation());
 * ```
 */
export function createProgram(context: CliContext): Command {
  const { io } = context;
  const output = {
    writeOut: (s: string) => void io.stdout.write(s),
    writeErr: (s: string) => void io.stderr.write(s),
    // Commander's own error text is replaced by main()'s one-line format.
    outputError: () => {},
  };
  const program = new Command('healthtrace')
    .description(
      'Contact tracing and electronic health declarations: rolling IDs, BLE encounters, venue QR codes, declarations, server and simulator.',
    )
    .version(CLI_VERSION, '-V, --version', 'print the version')
    .addHelpText(
      'after',
      '\nConventions: --json prints one JSON document on stdout; errors are one line on stderr\n"healthtrace: <code>: <message>"; exit 2 for bad usage or input, 1 for runtime failures.',
    );
  for (const register of commandRegistrations) register(program, context);
  const applyConventions = (command: Command): void => {
    command.exitOverride().configureOutput(output);
    for (const sub of command.commands) applyConventions(sub);
  };
  applyConventions(program);
  return program;
}

/**
 * Runs the CLI with `argv` (user arguments only, without `node` and the script path)
 * and resolves to the process exit code. Never throws.
 *
 * @param argv - the arguments, e.g. `["gaen", "derive", "--json"]`.
 * @param io - output streams (default: the process's).
 * @returns the exit code: 0 success, 1 runtime failure, 2 bad usage or input (or a command's own code).
 * @example
 * ```ts
 * process.exitCode = await main(process.argv.slice(2));
 * ```
 */
export async function main(argv: readonly string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let commandExit = 0;
  const program = createProgram({
    io,
    setExitCode: (code) => {
      commandExit = code;
    },
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return commandExit;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
        return 0;
      }
      if (error.code === 'commander.executeSubCommandAsync') return error.exitCode;
      // Group commands without an action (e.g. `healthtrace gaen`) print their help and fail as usage.
      io.stderr.write(errorLine('usage', error.message.replace(/^error: /, '')));
      return EXIT_USAGE;
    }
    const { code, message, exitCode } = classifyError(error);
    io.stderr.write(errorLine(code, message));
    return exitCode;
  }
}
