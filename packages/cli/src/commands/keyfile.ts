/**
 * `healthtrace keyfile create|verify|inspect`: GAEN diagnosis-key files (`export.zip`).
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { base64ToBytes, bytesToHex, hexToBytes, isHex } from '@healthtrace/core';
import {
  createKeyFiles,
  importSigningKeyPem,
  importVerificationKeyPem,
  type KeyExport,
  KeyFileError,
  parseKeyFileZip,
  type TemporaryExposureKey,
  type VerificationKey,
  verifyKeyFile,
} from '@healthtrace/rolling-id';
import type { Command } from 'commander';
import { type CliContext, CliError, EXIT_USAGE, emit, errorLine, runtimeError } from '../cli-kit';
import type { CommandRegistration } from './index';

/** Exit code of `keyfile verify` for a file whose signature is invalid. */
const EXIT_INVALID = 1;

interface CreateOptions {
  keys: string;
  signingKey: string;
  keyId: string;
  keyVersion: string;
  region: string;
  batchSize?: string;
  padTo?: string;
  start?: string;
  end?: string;
  out: string;
  json?: boolean;
}

/**
 * Registers `healthtrace keyfile` and its subcommands.
 *
 * @param program - the root command.
 * @param context - output streams and exit-code setter.
 * @example
 * ```ts
 * registerKeyfileCommands(program, context);
 * ```
 */
export const registerKeyfileCommands: CommandRegistration = (program: Command, context: CliContext): void => {
  const keyfile = program
    .command('keyfile')
    .description('GAEN diagnosis-key files (export.zip = export.bin + export.sig): create, verify, inspect');

  keyfile
    .command('create')
    .description('Build signed export.zip file(s) from a keys.json, serialized as Google’s reference key server does')
    .requiredOption(
      '--keys <file>',
      'keys.json: [{"key":"<32 hex>","rollingStartIntervalNumber":n,...}] (or Google\'s {"temporaryExposureKeys":[...]})',
    )
    .requiredOption('--signing-key <file>', 'P-256 private key, PEM (PKCS#8 "PRIVATE KEY" or SEC1 "EC PRIVATE KEY")')
    .requiredOption('--key-id <id>', 'verification_key_id written into the SignatureInfo (e.g. an MCC such as 452)')
    .requiredOption('--key-version <v>', 'verification_key_version written into the SignatureInfo (e.g. v1)')
    .requiredOption('--region <r>', 'region written into export.bin (e.g. VN)')
    .option('--batch-size <n>', 'maximum keys per file (default 500000)')
    .option('--pad-to <n>', 'pad with random keys to at least n keys (as Google’s server does)')
    .option('--start <unix-seconds>', 'start_timestamp (default: start of the earliest key)')
    .option('--end <unix-seconds>', 'end_timestamp (default: end of the latest key)')
    .requiredOption('--out <path>', 'output: a .zip file (one batch), or a directory that receives export-<n>-of-<m>.zip (one per batch)')
    .option('--json', 'print {"files":[{"path","batchNum","batchSize","keyCount","bytes"}]} on stdout')
    .addHelpText(
      'after',
      '\n--out: a path ending in .zip is written as one file (an error if the keys need several batches);\n' +
        'any other path is a directory (created if needed) that receives export-1-of-3.zip, export-2-of-3.zip, ...\n' +
        'Keys are sorted by key bytes; rolling_period 144 and a zero start interval are omitted; TRL is always written.',
    )
    .action(async (opts: CreateOptions) => {
      const keys = parseKeysJson(await readFile(opts.keys, 'utf8'), opts.keys);
      const signingKey = importSigningKeyPem(await readFile(opts.signingKey, 'utf8'), {
        keyId: opts.keyId,
        keyVersion: opts.keyVersion,
      });
      const window = defaultWindow(keys);
      const startTimestamp = opts.start === undefined ? window.start : intOption(opts.start, '--start', 0);
      const endTimestamp = opts.end === undefined ? window.end : intOption(opts.end, '--end', 0);
      const zips = createKeyFiles(keys, {
        signingKeys: [signingKey],
        region: opts.region,
        startTimestamp,
        endTimestamp,
        ...(opts.batchSize === undefined ? {} : { batchSize: intOption(opts.batchSize, '--batch-size', 1) }),
        ...(opts.padTo === undefined ? {} : { padToMinimum: intOption(opts.padTo, '--pad-to', 0) }),
      });
      const asFile = opts.out.toLowerCase().endsWith('.zip');
      if (asFile && zips.length > 1) {
        throw new CliError('usage', `the keys need ${zips.length} files; give a directory as --out, not ${opts.out}`);
      }
      if (!asFile) await mkdir(opts.out, { recursive: true });
      const files: { path: string; batchNum: number; batchSize: number; keyCount: number; bytes: number }[] = [];
      for (let i = 0; i < zips.length; i++) {
        const zip = zips[i] as Uint8Array;
        const path = asFile ? opts.out : join(opts.out, `export-${i + 1}-of-${zips.length}.zip`);
        try {
          await writeFile(path, zip);
        } catch (error) {
          throw runtimeError('io/write-failed', `cannot write ${path}: ${(error as Error).message}`, error);
        }
        const parsed = parseKeyFileZip(zip).export;
        files.push({ path, batchNum: parsed.batchNum, batchSize: parsed.batchSize, keyCount: parsed.keys.length, bytes: zip.length });
      }
      emit(context.io, opts.json, { files }, () =>
        files.map((f) => `${f.path}: batch ${f.batchNum}/${f.batchSize}, ${f.keyCount} keys, ${f.bytes} bytes`).join('\n'),
      );
    });

  keyfile
    .command('verify')
    .description('Verify the ECDSA P-256 signature(s) of an export.zip; exit 0 valid, 1 invalid signature, 2 unparseable')
    .argument('<export.zip>', 'the key file')
    .requiredOption(
      '--public-key <file>',
      'trusted P-256 public key, SPKI PEM ("PUBLIC KEY"); repeat the option for several keys',
      (file: string, previous: string[] = []) => [...previous, file],
    )
    .option('--key-id <id>', 'only accept signatures naming this verification_key_id')
    .option('--key-version <v>', 'only accept signatures naming this verification_key_version')
    .option('--json', 'print {"valid":bool,"reason"?,"keyCount"} on stdout')
    .action(async (file: string, opts: { publicKey: string[]; keyId?: string; keyVersion?: string; json?: boolean }) => {
      const ids = {
        ...(opts.keyId === undefined ? {} : { keyId: opts.keyId }),
        ...(opts.keyVersion === undefined ? {} : { keyVersion: opts.keyVersion }),
      };
      const keys: VerificationKey[] = [];
      for (const pemFile of opts.publicKey) keys.push(importVerificationKeyPem(await readFile(pemFile, 'utf8'), ids));
      const zip = await readZip(file);
      let result: { valid: boolean; reason?: string; code?: string; keyCount: number };
      try {
        result = verifyKeyFile(zip, keys);
      } catch (error) {
        if (!(error instanceof KeyFileError)) throw error;
        // Unparseable: still one JSON document with --json, plus the usual error line; exit 2.
        if (opts.json) emit(context.io, true, { valid: false, reason: error.reason, code: error.code, keyCount: 0 }, () => '');
        context.io.stderr.write(errorLine(error.code, error.reason));
        context.setExitCode(EXIT_USAGE);
        return;
      }
      emit(context.io, opts.json, result, () =>
        result.valid ? `valid: ${result.keyCount} keys` : `invalid: ${result.reason} (${result.code})`,
      );
      if (!result.valid) context.setExitCode(EXIT_INVALID);
    });

  keyfile
    .command('inspect')
    .description('Decode an export.zip: header fields, signature infos, signatures and keys (hex); no signature check')
    .argument('<export.zip>', 'the key file')
    .option('--json', 'print the whole decoded file as one JSON document')
    .action(async (file: string, opts: { json?: boolean }) => {
      const parsed = parseKeyFileZip(await readZip(file));
      const e = parsed.export;
      const doc = {
        header: new TextDecoder().decode(parsed.exportBin.subarray(0, 16)),
        startTimestamp: e.startTimestamp,
        endTimestamp: e.endTimestamp,
        region: e.region,
        batchNum: e.batchNum,
        batchSize: e.batchSize,
        signatureInfos: e.signatureInfos,
        signatures: parsed.signatures.map((s) => ({
          signatureInfo: s.signatureInfo,
          batchNum: s.batchNum,
          batchSize: s.batchSize,
          signature: bytesToHex(s.signature),
        })),
        keyCount: e.keys.length + e.revisedKeys.length,
        keys: e.keys.map(keyJson),
        revisedKeys: e.revisedKeys.map(keyJson),
      };
      emit(context.io, opts.json, doc, () => inspectText(doc, e));
    });
};

function keyJson(k: TemporaryExposureKey): Record<string, unknown> {
  return {
    key: bytesToHex(k.keyData),
    rollingStartIntervalNumber: k.rollingStartIntervalNumber,
    rollingPeriod: k.rollingPeriod,
    ...(k.transmissionRiskLevel === undefined ? {} : { transmissionRiskLevel: k.transmissionRiskLevel }),
    ...(k.reportType === undefined ? {} : { reportType: k.reportType }),
    ...(k.daysSinceOnsetOfSymptoms === undefined ? {} : { daysSinceOnsetOfSymptoms: k.daysSinceOnsetOfSymptoms }),
  };
}

function inspectText(doc: { header: string; keyCount: number; signatures: unknown[] }, e: KeyExport): string {
  const iso = (s: number) => new Date(s * 1000).toISOString();
  const lines = [
    `header      ${JSON.stringify(doc.header)}`,
    `region      ${e.region}`,
    `window      ${e.startTimestamp} (${iso(e.startTimestamp)}) .. ${e.endTimestamp} (${iso(e.endTimestamp)})`,
    `batch       ${e.batchNum}/${e.batchSize}`,
    ...e.signatureInfos.map(
      (s) => `signed by   ${s.verificationKeyId ?? ''}-${s.verificationKeyVersion ?? ''} (${s.signatureAlgorithm ?? 'no algorithm'})`,
    ),
    `signatures  ${doc.signatures.length}`,
    `keys        ${e.keys.length}${e.revisedKeys.length ? ` + ${e.revisedKeys.length} revised` : ''}`,
  ];
  for (const k of e.keys) {
    lines.push(
      `  ${bytesToHex(k.keyData)}  start ${k.rollingStartIntervalNumber}  period ${k.rollingPeriod}  trl ${k.transmissionRiskLevel ?? '-'}` +
        `${k.reportType === undefined ? '' : `  report ${k.reportType}`}${k.daysSinceOnsetOfSymptoms === undefined ? '' : `  onset ${k.daysSinceOnsetOfSymptoms}`}`,
    );
  }
  return lines.join('\n');
}

async function readZip(file: string): Promise<Uint8Array> {
  const info = await stat(file);
  if (info.size > 256 * 1024 * 1024) throw new CliError('keyfile/entry-too-large', `${file} is larger than 256 MiB`);
  return new Uint8Array(await readFile(file));
}

/**
 * Parses keys.json: an array of `{key (32 hex or base64), rollingStartIntervalNumber, rollingPeriod?,
 * transmissionRiskLevel?, reportType?, daysSinceOnsetOfSymptoms?}`, or Google's example format
 * `{"temporaryExposureKeys":[{key (base64), rollingStartNumber, rollingPeriod, transmissionRisk}]}`.
 */
function parseKeysJson(text: string, file: string): TemporaryExposureKey[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new CliError('keyfile/bad-keys-json', `${file} is not JSON: ${(error as Error).message}`);
  }
  const google = typeof doc === 'object' && doc !== null && !Array.isArray(doc) && 'temporaryExposureKeys' in doc;
  const list = google ? (doc as { temporaryExposureKeys: unknown }).temporaryExposureKeys : doc;
  if (!Array.isArray(list)) throw new CliError('keyfile/bad-keys-json', `${file} must hold an array of keys`);
  return list.map((raw, i) => {
    const at = `${file}[${i}]`;
    if (typeof raw !== 'object' || raw === null) throw new CliError('keyfile/bad-keys-json', `${at} must be an object`);
    const r = raw as Record<string, unknown>;
    const num = (name: string, alias?: string): number | undefined => {
      const v = r[name] ?? (alias === undefined ? undefined : r[alias]);
      if (v === undefined) return undefined;
      if (typeof v !== 'number' || !Number.isInteger(v)) {
        throw new CliError('keyfile/bad-keys-json', `${at}.${name} must be an integer`);
      }
      return v;
    };
    const keyText = r.key;
    if (typeof keyText !== 'string') throw new CliError('keyfile/bad-keys-json', `${at}.key must be a string`);
    let keyData: Uint8Array;
    try {
      keyData = isHex(keyText, 16) ? hexToBytes(keyText, `${at}.key`, 16) : base64ToBytes(keyText, `${at}.key`);
    } catch (error) {
      throw new CliError('keyfile/bad-keys-json', (error as Error).message);
    }
    if (keyData.length !== 16) throw new CliError('keyfile/bad-keys-json', `${at}.key must be 32 hex digits (16 bytes)`);
    const rsin = num('rollingStartIntervalNumber', 'rollingStartNumber');
    if (rsin === undefined) throw new CliError('keyfile/bad-keys-json', `${at}.rollingStartIntervalNumber is required`);
    const k: TemporaryExposureKey = { keyData, rollingStartIntervalNumber: rsin, rollingPeriod: num('rollingPeriod') ?? 144 };
    const trl = num('transmissionRiskLevel', 'transmissionRisk');
    if (trl !== undefined) k.transmissionRiskLevel = trl;
    const reportType = num('reportType');
    if (reportType !== undefined) k.reportType = reportType;
    const onset = num('daysSinceOnsetOfSymptoms');
    if (onset !== undefined) k.daysSinceOnsetOfSymptoms = onset;
    return k;
  });
}

/** Default time window: from the first interval of the earliest key to the end of the latest one (Unix seconds). */
function defaultWindow(keys: TemporaryExposureKey[]): { start: number; end: number } {
  if (keys.length === 0) return { start: 0, end: 0 };
  let start = Number.POSITIVE_INFINITY;
  let end = 0;
  for (const k of keys) {
    start = Math.min(start, k.rollingStartIntervalNumber * 600);
    end = Math.max(end, (k.rollingStartIntervalNumber + k.rollingPeriod) * 600);
  }
  return { start, end };
}

function intOption(value: string, name: string, min: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) {
    throw new CliError('usage', `${name} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
  }
  return n;
}
