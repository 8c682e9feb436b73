/**
 * `healthtrace gaen derive` and `healthtrace bluezone derive`: rolling identifiers from keys
 * (GAEN TEK → RPIK/AEMK/RPIs/AEMs, also in bulk with a digest; Bluezone key → daily key and BLIDs).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { bytesToHex, hexToBytes, isHex } from '@healthtrace/core';
import {
  BLUEZONE_DEFAULT_SLOTS,
  bluezoneBlids,
  bluezoneDailyKey,
  deriveRpisForTeks,
  deriveTekKeys,
  encryptAem,
  MAX_INTERVAL_NUMBER,
  ROLLING_PERIOD,
} from '@healthtrace/rolling-id';
import type { Command } from 'commander';
import { CliError, emit, progress } from '../cli-kit';
import type { CommandRegistration } from './index';

/** Keys derived per chunk in the bulk path (bounded memory: 2048 × 144 RPIs = 4.7 MB). */
const CHUNK_KEYS = 2048;

function parseInteger(value: string | undefined, flag: string, min: number, max: number): number {
  if (value === undefined || !/^\d+$/.test(value))
    throw new CliError('usage', `${flag} must be a non-negative integer, got ${JSON.stringify(value ?? '')}`);
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new CliError('usage', `${flag} must be in [${min}, ${max}], got ${value}`);
  return n;
}

function parseHexFlag(value: string, flag: string, bytes: number): Uint8Array {
  if (!isHex(value, bytes)) throw new CliError('usage', `${flag} must be ${bytes * 2} hex digits, got ${JSON.stringify(value)}`);
  return hexToBytes(value, flag, bytes);
}

/** Reads a TEK file: one 32-hex TEK per line; blank lines and `#` comments are skipped. */
function readTekFile(file: string): Uint8Array {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const teks = new Uint8Array(lines.length * 16);
  let n = 0;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (!isHex(line, 16))
      throw new CliError('gaen/bad-tek-file', `${file}:${i + 1}: expected 32 hex digits, got ${JSON.stringify(raw.trim().slice(0, 40))}`);
    teks.set(hexToBytes(line, 'tek', 16), 16 * n++);
  });
  return teks.subarray(0, 16 * n);
}

/** Finds a command group another file may already have created, or creates it. */
function group(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

interface GaenDeriveOptions {
  tek?: string;
  tekFile?: string;
  interval?: string;
  count: string;
  metadata?: string;
  digest?: boolean;
  json?: boolean;
}

interface BluezoneDeriveOptions {
  key: string;
  daysAfter: string;
  slots: string;
  json?: boolean;
}

/**
 * Registers `gaen derive` and `bluezone derive`.
 *
 * @param program - the root command.
 * @param context - streams and exit code.
 * @example
 * ```ts
 * rollingIdIdsCommands(program, context);
 * ```
 */
export const rollingIdIdsCommands: CommandRegistration = (program, context) => {
  const { io } = context;
  group(program, 'gaen', 'GAEN exposure notification (TEK, RPI, AEM)')
    .command('derive')
    .description('derive RPIK, AEMK and the RPIs (and AEMs) of a TEK, or a digest of all RPIs of a file of TEKs')
    .option('--tek <hex>', 'the TEK, 32 hex digits')
    .option('--tek-file <file>', 'a file with one 32-hex TEK per line (bulk; use with --digest)')
    .requiredOption('--interval <ENIN>', 'ENIntervalNumber of the first RPI')
    .option('--count <n>', 'number of RPIs per key', String(ROLLING_PERIOD))
    .option('--metadata <hex>', '4-byte metadata (8 hex digits): also compute each AEM')
    .option('--digest', 'print {keys, ids, digest}: SHA-256 of all RPIs in file order, then interval order')
    .option('--json', 'print one JSON document')
    .action((opts: GaenDeriveOptions) => {
      if ((opts.tek === undefined) === (opts.tekFile === undefined)) throw new CliError('usage', 'give exactly one of --tek or --tek-file');
      if (opts.tekFile !== undefined && !opts.digest) throw new CliError('usage', '--tek-file needs --digest');
      if (opts.digest && opts.metadata !== undefined) throw new CliError('usage', '--metadata cannot be combined with --digest');
      const interval = parseInteger(opts.interval, '--interval', 0, MAX_INTERVAL_NUMBER);
      const count = parseInteger(opts.count, '--count', 0, Math.min(1 << 20, MAX_INTERVAL_NUMBER - interval + 1));
      const metadata = opts.metadata === undefined ? undefined : parseHexFlag(opts.metadata, '--metadata', 4);

      if (opts.digest) {
        const teks = opts.tekFile !== undefined ? readTekFile(opts.tekFile) : parseHexFlag(opts.tek!, '--tek', 16);
        const keys = teks.length / 16;
        const hash = createHash('sha256');
        const perChunk = Math.max(1, Math.min(CHUNK_KEYS, Math.floor((64 << 20) / Math.max(1, count * 16))));
        const out = new Uint8Array(perChunk * count * 16);
        const bar = progress(io, 'deriving', keys);
        for (let k = 0; k < keys; k += perChunk) {
          const n = Math.min(perChunk, keys - k);
          deriveRpisForTeks(teks.subarray(16 * k, 16 * (k + n)), interval, count, out);
          hash.update(out.subarray(0, n * count * 16));
          bar.update(k + n);
        }
        bar.done();
        const result = { keys, ids: keys * count, digest: hash.digest('hex') };
        emit(io, opts.json, result, () => `${result.keys} keys, ${result.ids} RPIs\nsha256 ${result.digest}`);
        return;
      }

      const tek = parseHexFlag(opts.tek!, '--tek', 16);
      const { rpik, aemk } = deriveTekKeys(tek);
      const rpis = deriveRpisForTeks(tek, interval, count);
      const ids: { interval: number; rpi: string; aem?: string }[] = [];
      for (let i = 0; i < count; i++) {
        const rpi = rpis.subarray(16 * i, 16 * i + 16);
        const id: { interval: number; rpi: string; aem?: string } = { interval: interval + i, rpi: bytesToHex(rpi) };
        if (metadata) id.aem = bytesToHex(encryptAem(aemk, rpi, metadata));
        ids.push(id);
      }
      const result = { tek: bytesToHex(tek), rpik: bytesToHex(rpik), aemk: bytesToHex(aemk), ids };
      emit(io, opts.json, result, () =>
        [
          `tek  ${result.tek}`,
          `rpik ${result.rpik}`,
          `aemk ${result.aemk}`,
          ...ids.map((id) => `${id.interval} ${id.rpi}${id.aem ? ` ${id.aem}` : ''}`),
        ].join('\n'),
      );
    });

  group(program, 'bluezone', 'Bluezone (Vietnam) rolling IDs')
    .command('derive')
    .description('derive the daily key N days after a Bluezone key and its BLIDs in slot order (upper-case hex, as Bluezone writes them)')
    .requiredOption('--key <hex>', 'base (or daily) key, 64 hex digits')
    .option('--days-after <n>', 'whole UTC days after the key', '0')
    .option('--slots <n>', 'BLID slots per day', String(BLUEZONE_DEFAULT_SLOTS))
    .option('--json', 'print one JSON document')
    .action((opts: BluezoneDeriveOptions) => {
      const key = parseHexFlag(opts.key, '--key', 32);
      const days = parseInteger(opts.daysAfter, '--days-after', 0, 36_500);
      const slots = parseInteger(opts.slots, '--slots', 1, 86_400);
      const daily = bluezoneDailyKey(key, days);
      const result = {
        dailyKey: bytesToHex(daily).toUpperCase(),
        blids: bluezoneBlids(daily, slots).map((b) => bytesToHex(b).toUpperCase()),
      };
      emit(io, opts.json, result, () =>
        [`daily key ${result.dailyKey}`, ...result.blids.map((b, i) => `${String(i).padStart(2)} ${b}`)].join('\n'),
      );
    });
};
