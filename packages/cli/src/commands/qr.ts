/**
 * `healthtrace qr venue create | personal create | personal open | decode | render | trust create | trust verify`:
 * healthtrace's signed venue and personal QR codes, trust lists, and decoding of every supported
 * QR format (`@healthtrace/qr`).
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { bytesToHex, HealthtraceError } from '@healthtrace/core';
import {
  createPersonalQr,
  createTrustList,
  createVenueQr,
  type DecodeResult,
  decodeAny,
  type ForeignKeys,
  openPersonalContact,
  PERSONAL_STATUS_FLAGS,
  parseHealthtraceQr,
  parseTrustList,
  serializeTrustList,
  type TrustList,
  VENUE_TYPES,
  verifyTrustList,
} from '@healthtrace/qr';
import { type QrEcc, renderQrPng, renderQrSvg, renderQrTerminal, renderVenuePoster } from '@healthtrace/qr/render';
import type { Command } from 'commander';
import { type CliContext, CliError, EXIT_RUNTIME, EXIT_USAGE, emit, runtimeError } from '../cli-kit';
import type { CommandRegistration } from './index';

const DAY_MS = 86_400_000;

/** Reads a PEM file into a key object of the expected type (private or public). */
async function readKey(file: string, type: 'ed25519' | 'x25519', what: string): Promise<{ key: KeyObject; isPrivate: boolean }> {
  const pem = await readFile(file, 'utf8');
  let key: KeyObject;
  let isPrivate = true;
  try {
    key = createPrivateKey(pem);
  } catch {
    try {
      key = createPublicKey(pem);
      isPrivate = false;
    } catch (cause) {
      throw new CliError('qr/bad-key', `${what}: ${file} is not a PEM key`, EXIT_USAGE, { cause });
    }
  }
  if (key.asymmetricKeyType !== type) {
    throw new CliError('qr/bad-key', `${what}: ${file} holds a ${key.asymmetricKeyType ?? 'symmetric'} key, expected ${type}`);
  }
  return { key, isPrivate };
}

function jwkBytes(key: KeyObject, field: 'd' | 'x'): Uint8Array {
  const jwk = key.export({ format: 'jwk' }) as Record<string, string | undefined>;
  const value = jwk[field];
  if (value === undefined) throw new CliError('qr/bad-key', 'the key has no raw component');
  return new Uint8Array(Buffer.from(value, 'base64url'));
}

/** 32-byte Ed25519 secret key from a PKCS#8 PEM file. */
async function readSigningKey(file: string, what = '--signing-key'): Promise<Uint8Array> {
  const { key, isPrivate } = await readKey(file, 'ed25519', what);
  if (!isPrivate) throw new CliError('qr/bad-key', `${what}: ${file} is a public key; a PKCS#8 private key is needed`);
  return jwkBytes(key, 'd');
}

/** 32-byte Ed25519 public key from a PEM file (public, or private → its public half). */
async function readEd25519PublicKey(file: string, what: string): Promise<Uint8Array> {
  const { key, isPrivate } = await readKey(file, 'ed25519', what);
  return jwkBytes(isPrivate ? createPublicKey(key) : key, 'x');
}

function parseEcc(value: string | undefined): QrEcc {
  const ecc = (value ?? 'Q').toUpperCase();
  if (ecc !== 'L' && ecc !== 'M' && ecc !== 'Q' && ecc !== 'H')
    throw new CliError('usage', `--ecc must be L, M, Q or H, got ${JSON.stringify(value)}`);
  return ecc;
}

function parseInteger(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^-?[0-9]+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new CliError('usage', `${name} must be an integer in [${min}, ${max}], got ${JSON.stringify(value)}`);
  }
  return n;
}

function parseTime(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new CliError('usage', `${name} must be an ISO 8601 time, got ${JSON.stringify(value)}`);
  return date;
}

async function writeOut(file: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeFile(file, data);
  } catch (cause) {
    throw runtimeError('io/write-failed', `cannot write ${file}`, cause);
  }
}

/** Loads a trust list file, verified against the root key when one is given. */
async function loadTrust(file: string, rootKeyFile: string | undefined): Promise<{ trust: TrustList; verified: boolean }> {
  const json = await readFile(file, 'utf8');
  if (rootKeyFile === undefined) return { trust: parseTrustList(json), verified: false };
  return { trust: verifyTrustList(json, await readEd25519PublicKey(rootKeyFile, '--root-key')), verified: true };
}

interface VenueCreateOptions {
  name: string;
  address?: string;
  ward?: string;
  type?: string;
  validDays?: string;
  validFrom?: string;
  checkInMinutes?: string;
  signingKey: string;
  baseUrl: string;
  ecc?: string;
  svg?: string;
  poster?: string;
  posterSize?: string;
  json?: boolean;
}

interface PersonalCreateOptions {
  signingKey: string;
  status?: string;
  lifetime?: string;
  contact?: string;
  authorityKey?: string;
  baseUrl?: string;
  ecc?: string;
  svg?: string;
  json?: boolean;
}

/**
 * Registers `healthtrace qr` and its subcommands.
 *
 * @param program - the root command.
 * @param context - output streams and exit-code setter.
 * @example
 * ```ts
 * registerQrCommands(program, context);
 * ```
 */
export const registerQrCommands: CommandRegistration = (program: Command, context: CliContext): void => {
  const { io } = context;
  const qr = program.command('qr').description('Signed venue and personal QR codes, trust lists, and decoding of real-world QR formats');

  const venue = qr.command('venue').description('Venue QR codes (signed, expiring, private by design)');
  venue
    .command('create')
    .description('Create a signed venue QR code (URL form <BASE-URL>#<digits>)')
    .requiredOption('--name <s>', 'venue name (≤ 100 bytes; Vietnamese letters cost 1 byte each)')
    .option('--address <s>', 'address (optional)')
    .option('--ward <code>', 'ward (phường/xã) code, up to 5 digits')
    .option('--type <n>', `venue type 0–255, Corona-Warn-App numbering (${VENUE_TYPES.map((t, i) => `${i} ${t}`).join(', ')}); default 0`)
    .option('--valid-days <n>', 'days of validity including the first day (default 365)')
    .option('--valid-from <iso>', 'first valid day (default today, UTC)')
    .option('--check-in-minutes <n>', 'default check-in duration, multiple of 5 (default 0 = app decides)')
    .requiredOption('--signing-key <pkcs8 pem>', 'issuer Ed25519 private key file, PKCS#8 PEM')
    .requiredOption('--base-url <url>', 'check-in page, e.g. https://ht.vn/V (use an upper-case path for the smallest QR)')
    .option('--ecc <level>', 'error-correction level L, M, Q or H (default Q)')
    .option('--svg <file>', 'also write the QR code as SVG')
    .option('--poster <file>', 'also write a printable poster (SVG) with Vietnamese and English instructions')
    .option('--poster-size <size>', 'poster paper size A4 or A5 (default A4)')
    .option('--json', 'print {"text","venueId","qrVersion","ecc"}')
    .action(async (opts: VenueCreateOptions) => {
      const ecc = parseEcc(opts.ecc);
      const signingKey = await readSigningKey(opts.signingKey);
      const validFrom = parseTime(opts.validFrom, '--valid-from') ?? new Date();
      const days = parseInteger(opts.validDays, '--valid-days', 365, 1, 3650);
      const posterSize = (opts.posterSize ?? 'A4').toUpperCase();
      if (posterSize !== 'A4' && posterSize !== 'A5') throw new CliError('usage', '--poster-size must be A4 or A5');
      const { text, venue: content } = createVenueQr(
        {
          name: opts.name,
          ...(opts.address === undefined ? {} : { address: opts.address }),
          ...(opts.ward === undefined ? {} : { wardCode: opts.ward }),
          venueType: parseInteger(opts.type, '--type', 0, 0, 255),
          defaultCheckInMinutes: parseInteger(opts.checkInMinutes, '--check-in-minutes', 0, 0, 1275),
          validFrom,
          validUntil: new Date(validFrom.getTime() + (days - 1) * DAY_MS),
        },
        signingKey,
        { baseUrl: opts.baseUrl },
      );
      const rendered = renderQrSvg(text, { ecc });
      if (opts.svg !== undefined) await writeOut(opts.svg, rendered.svg);
      if (opts.poster !== undefined) await writeOut(opts.poster, renderVenuePoster(text, { size: posterSize, ecc }).svg);
      const result = { text, venueId: bytesToHex(content.venueId), qrVersion: rendered.version, ecc };
      emit(io, opts.json, result, () => `${text}\nvenue id ${result.venueId}, QR version ${result.qrVersion} at ECC ${ecc}`);
    });

  const personal = qr.command('personal').description('Personal declaration QR codes (pseudonymous, short-lived)');
  personal
    .command('create')
    .description('Create a signed personal declaration QR code: a fresh random pseudonym, no name/ID/birth date in clear')
    .requiredOption('--signing-key <pkcs8 pem>', 'declaration service Ed25519 private key file, PKCS#8 PEM')
    .option('--status <flags>', `comma-separated status flags: ${PERSONAL_STATUS_FLAGS.join(', ')} (default none)`)
    .option('--lifetime <minutes>', 'minutes until the code expires, 1–1440 (default 60)')
    .option('--contact <text>', 'contact data (e.g. a phone number, ≤ 64 bytes) sealed so that only the health authority can read it')
    .option('--authority-key <pem>', 'health authority X25519 key file (public SPKI PEM, or private PKCS#8); required with --contact')
    .option('--base-url <url>', 'URL form <BASE-URL>#<digits> (default: compact HT1:<digits>)')
    .option('--ecc <level>', 'error-correction level L, M, Q or H (default Q)')
    .option('--svg <file>', 'also write the QR code as SVG')
    .option('--json', 'print {"text","pseudonym","issuedAt","expiresAt","sealedContact","qrVersion","ecc"}')
    .action(async (opts: PersonalCreateOptions) => {
      const ecc = parseEcc(opts.ecc);
      const signingKey = await readSigningKey(opts.signingKey);
      const status = opts.status === undefined || opts.status === '' ? [] : opts.status.split(',').map((s) => s.trim());
      if ((opts.contact === undefined) !== (opts.authorityKey === undefined)) {
        throw new CliError('usage', '--contact and --authority-key go together');
      }
      let contact: { text: string; authorityPublicKey: Uint8Array } | undefined;
      if (opts.contact !== undefined && opts.authorityKey !== undefined) {
        const { key, isPrivate } = await readKey(opts.authorityKey, 'x25519', '--authority-key');
        contact = { text: opts.contact, authorityPublicKey: jwkBytes(isPrivate ? createPublicKey(key) : key, 'x') };
      }
      const { text, personal: content } = createPersonalQr(
        { status, lifetimeMinutes: parseInteger(opts.lifetime, '--lifetime', 60, 1, 1440), ...(contact === undefined ? {} : { contact }) },
        signingKey,
        opts.baseUrl === undefined ? {} : { baseUrl: opts.baseUrl },
      );
      const rendered = renderQrSvg(text, { ecc });
      if (opts.svg !== undefined) await writeOut(opts.svg, rendered.svg);
      const result = {
        text,
        pseudonym: bytesToHex(content.pseudonym),
        issuedAt: content.issuedAt.toISOString(),
        expiresAt: content.expiresAt.toISOString(),
        sealedContact: content.sealedContact !== undefined,
        qrVersion: rendered.version,
        ecc,
      };
      emit(
        io,
        opts.json,
        result,
        () => `${text}\npseudonym ${result.pseudonym}, expires ${result.expiresAt}, QR version ${result.qrVersion} at ECC ${ecc}`,
      );
    });
  personal
    .command('open')
    .description('Open the sealed contact data of a personal QR code (health authority only)')
    .argument('<text>', 'the scanned QR text')
    .requiredOption('--authority-key <pkcs8 pem>', 'health authority X25519 private key file, PKCS#8 PEM')
    .option('--json', 'print {"pseudonym","contact"}')
    .action(async (text: string, opts: { authorityKey: string; json?: boolean }) => {
      const { key, isPrivate } = await readKey(opts.authorityKey, 'x25519', '--authority-key');
      if (!isPrivate) throw new CliError('qr/bad-key', '--authority-key must be the private key to open sealed data');
      const parsed = parseHealthtraceQr(text);
      if (parsed.kind !== 'personal') throw new CliError('usage', 'not a personal QR code');
      const contact = openPersonalContact(parsed.personal, jwkBytes(key, 'd'));
      const result = { pseudonym: bytesToHex(parsed.personal.pseudonym), contact };
      emit(io, opts.json, result, () => contact);
    });

  qr.command('decode')
    .description('Decode any supported QR text (healthtrace, tokhaiyte, VN personal, CCCD, NZ, UK NHS, CWA, EU DCC, SHC)')
    .argument('<text>', 'the scanned text')
    .option('--trust <trust.json>', 'healthtrace trust list used to verify healthtrace codes')
    .option('--root-key <pem>', 'root Ed25519 key file (public or private PEM) that must have signed --trust')
    .option(
      '--keys <keys.json>',
      'keys for foreign signed formats: {"ukNhs":[{"kid","publicKey"}],"euDcc":[{"certificate"}|{"kid","publicKey"}],"shc":{"keys":[JWK…]}}',
    )
    .option('--now <iso time>', 'validation time (default now)')
    .option('--clock-skew <seconds>', 'clock-skew allowance for healthtrace codes (default 300)')
    .option('--json', 'print the decoder result {"format","fields","signature","warnings"}')
    .addHelpText(
      'after',
      '\nExit status: 0 decoded and acceptable, 1 decoded but the signature is invalid or the code expired / not yet valid,\n2 not decodable. Without --root-key the trust list itself is not verified (warning "trust-list-unverified").',
    )
    .action(
      async (text: string, opts: { trust?: string; rootKey?: string; keys?: string; now?: string; clockSkew?: string; json?: boolean }) => {
        const now = parseTime(opts.now, '--now');
        const loaded = opts.trust === undefined ? undefined : await loadTrust(opts.trust, opts.rootKey);
        let keys: ForeignKeys | undefined;
        if (opts.keys !== undefined) {
          try {
            keys = JSON.parse(await readFile(opts.keys, 'utf8')) as ForeignKeys;
          } catch (cause) {
            if ((cause as { code?: unknown }).code === 'ENOENT') throw cause;
            throw new CliError('usage', `--keys: ${opts.keys} is not JSON`, EXIT_USAGE, { cause });
          }
          if (typeof keys !== 'object' || keys === null || Array.isArray(keys))
            throw new CliError('usage', '--keys must hold a JSON object');
        }
        let result: DecodeResult;
        try {
          result = decodeAny(text, {
            ...(loaded === undefined ? {} : { trust: loaded.trust }),
            ...(keys === undefined ? {} : { keys }),
            ...(now === undefined ? {} : { now }),
            clockSkewSeconds: parseInteger(opts.clockSkew, '--clock-skew', 300, 0, 86_400),
          });
        } catch (error) {
          if (HealthtraceError.isInstance(error)) throw new CliError(error.code, error.message, EXIT_USAGE, { cause: error });
          throw error;
        }
        if (loaded !== undefined && !loaded.verified && result.format.startsWith('healthtrace-')) {
          result = { ...result, warnings: [...result.warnings, 'trust-list-unverified'] };
        }
        const rejected = result.signature === 'invalid' || result.warnings.includes('expired') || result.warnings.includes('not-yet-valid');
        if (rejected) context.setExitCode(EXIT_RUNTIME);
        emit(io, opts.json, result, () =>
          [
            `format: ${result.format}`,
            `signature: ${result.signature}`,
            ...(result.warnings.length > 0 ? [`warnings: ${result.warnings.join(', ')}`] : []),
            ...Object.entries(result.fields).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`),
          ].join('\n'),
        );
      },
    );

  qr.command('render')
    .description('Render QR text as SVG, PNG or in the terminal (explicit segments for healthtrace codes)')
    .argument('<text>', 'the text to encode')
    .option('--svg <file>', 'write an SVG file')
    .option('--png <file>', 'write a PNG file')
    .option('--terminal', 'draw the code in the terminal')
    .option('--ecc <level>', 'error-correction level L, M, Q or H (default Q)')
    .option('--scale <n>', 'PNG pixels per module (default 8)')
    .option('--json', 'print {"qrVersion","ecc","file"} (with --terminal: also "terminal")')
    .action(
      async (text: string, opts: { svg?: string; png?: string; terminal?: boolean; ecc?: string; scale?: string; json?: boolean }) => {
        const chosen = [opts.svg !== undefined, opts.png !== undefined, opts.terminal === true].filter(Boolean).length;
        if (chosen !== 1) throw new CliError('usage', 'give exactly one of --svg <file>, --png <file> or --terminal');
        const ecc = parseEcc(opts.ecc);
        if (opts.terminal === true) {
          const out = renderQrTerminal(text, { ecc });
          emit(
            io,
            opts.json,
            { qrVersion: out.version, ecc, terminal: out.text },
            () => `${out.text}QR version ${out.version} at ECC ${ecc}`,
          );
          return;
        }
        let version: number;
        let file: string;
        if (opts.svg !== undefined) {
          const out = renderQrSvg(text, { ecc });
          await writeOut(opts.svg, out.svg);
          version = out.version;
          file = opts.svg;
        } else {
          const out = await renderQrPng(text, { ecc, scale: parseInteger(opts.scale, '--scale', 8, 1, 64) });
          await writeOut(opts.png as string, out.png);
          version = out.version;
          file = opts.png as string;
        }
        emit(io, opts.json, { qrVersion: version, ecc, file }, () => `wrote ${file} (QR version ${version} at ECC ${ecc})`);
      },
    );

  const trust = qr.command('trust').description('Trust lists: issuer key ids → Ed25519 keys, signed by a root key');
  trust
    .command('create')
    .description('Create and sign a trust list')
    .requiredOption('--root-key <pkcs8 pem>', 'root Ed25519 private key file, PKCS#8 PEM')
    .requiredOption('--issuer-key <pem...>', 'issuer Ed25519 key file(s), public or private PEM (repeatable)')
    .option('--issuer-name <s...>', 'issuer names, in the order of --issuer-key')
    .option('--valid-days <n>', 'days until the list expires (default 30)')
    .option('--key-valid-days <n>', 'days each issuer key stays valid (default 365)')
    .option('--now <iso time>', 'issue time (default now)')
    .option('--out <file>', 'write the list to this file (default: print it)')
    .option('--json', 'with --out, print {"file","rootKeyId","keyIds"}; without --out the list itself is the JSON output')
    .action(
      async (opts: {
        rootKey: string;
        issuerKey: string[];
        issuerName?: string[];
        validDays?: string;
        keyValidDays?: string;
        now?: string;
        out?: string;
        json?: boolean;
      }) => {
        const rootSecret = await readSigningKey(opts.rootKey, '--root-key');
        const names = opts.issuerName ?? [];
        if (names.length > opts.issuerKey.length) throw new CliError('usage', 'more --issuer-name than --issuer-key values');
        const issuedAt = parseTime(opts.now, '--now') ?? new Date();
        const keyDays = parseInteger(opts.keyValidDays, '--key-valid-days', 365, 1, 3650);
        const keys = [];
        for (const [i, file] of opts.issuerKey.entries()) {
          const name = names[i];
          keys.push({
            publicKey: await readEd25519PublicKey(file, '--issuer-key'),
            ...(name === undefined ? {} : { name }),
            notBefore: issuedAt,
            notAfter: new Date(issuedAt.getTime() + keyDays * DAY_MS),
          });
        }
        const list = createTrustList(
          { issuedAt, expiresAt: new Date(issuedAt.getTime() + parseInteger(opts.validDays, '--valid-days', 30, 1, 3650) * DAY_MS), keys },
          rootSecret,
        );
        const json = serializeTrustList(list);
        if (opts.out === undefined) {
          io.stdout.write(json);
          return;
        }
        await writeOut(opts.out, json);
        const summary = { file: opts.out, rootKeyId: list.rootKeyId, keyIds: list.keys.map((k) => k.keyId) };
        emit(io, opts.json, summary, () => `wrote ${opts.out}: root ${list.rootKeyId}, keys ${summary.keyIds.join(', ')}`);
      },
    );
  trust
    .command('verify')
    .description('Verify a trust list against the root key')
    .argument('<trust.json>', 'the trust list file')
    .requiredOption('--root-key <pem>', 'root Ed25519 key file (public or private PEM)')
    .option('--now <iso time>', 'also check the list is valid at this time (default now)')
    .option('--json', 'print {"valid","rootKeyId","expiresAt","keys":[{"keyId","name","notBefore","notAfter"}],"error"}')
    .addHelpText('after', '\nExit status: 0 valid, 1 bad signature or outside its validity, 2 malformed.')
    .action(async (file: string, opts: { rootKey: string; now?: string; json?: boolean }) => {
      const root = await readEd25519PublicKey(opts.rootKey, '--root-key');
      const json = await readFile(file, 'utf8');
      const parsed = parseTrustList(json); // malformed → exit 2
      let error: string | null = null;
      try {
        verifyTrustList(parsed, root, { now: parseTime(opts.now, '--now') ?? new Date() });
      } catch (e) {
        if (!HealthtraceError.isInstance(e)) throw e;
        error = e.code;
        context.setExitCode(EXIT_RUNTIME);
      }
      const result = {
        valid: error === null,
        rootKeyId: parsed.rootKeyId,
        expiresAt: parsed.expiresAt.toISOString(),
        keys: parsed.keys.map((k) => ({
          keyId: k.keyId,
          name: k.name ?? null,
          notBefore: k.notBefore.toISOString(),
          notAfter: k.notAfter.toISOString(),
        })),
        error,
      };
      emit(io, opts.json, result, () =>
        error === null ? `valid: root ${result.rootKeyId}, ${result.keys.length} key(s), expires ${result.expiresAt}` : `invalid: ${error}`,
      );
    });
};
