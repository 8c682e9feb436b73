/**
 * The `healthtrace` command-line tool, usable as a library too (for tests and embedding):
 * {@link main} runs it with given arguments and streams and resolves to the exit code.
 *
 * @packageDocumentation
 */
export {
  type CliContext,
  CliError,
  type CliIo,
  classifyError,
  EXIT_RUNTIME,
  EXIT_USAGE,
  emit,
  errorLine,
  type Progress,
  progress,
  runtimeError,
} from './cli-kit';
export type { CommandRegistration } from './commands/index';
export { createProgram, main } from './program';
export { CLI_VERSION } from './version';
