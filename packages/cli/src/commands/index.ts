import type { Command } from 'commander';
import type { CliContext } from '../cli-kit';
import { registerDeclarationCommands } from './declaration';
import { registerEncountersCommands } from './encounters';
import { registerKeyfileCommands } from './keyfile';
import { registerQrCommands } from './qr';
import { rollingIdIdsCommands } from './rolling-id-ids';
import { registerServeCommand } from './serve';
import { registerSimCommands } from './sim';
import { registerVnAdminCommands } from './vn-admin';

/** Adds one command group (e.g. `gaen`, `qr`) to the program. */
export type CommandRegistration = (program: Command, context: CliContext) => void;

/**
 * Every command group of the `healthtrace` CLI, in help order. Each package's
 * commands live in their own file in this folder and are added here.
 */
export const commandRegistrations: readonly CommandRegistration[] = [
  rollingIdIdsCommands,
  registerKeyfileCommands,
  registerEncountersCommands,
  registerServeCommand,
  registerVnAdminCommands,
  registerDeclarationCommands,
  registerQrCommands,
  registerSimCommands,
];
