import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli';

const run = runCli;

const dir = mkdtempSync(join(tmpdir(), 'healthtrace-qr-cli-'));
const file = (name: string): string => join(dir, name);
for (const name of ['issuer', 'root', 'other']) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(file(`${name}.pem`), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(file(`${name}.pub.pem`), publicKey.export({ type: 'spki', format: 'pem' }));
}
const authority = generateKeyPairSync('x25519');
writeFileSync(file('authority.pem'), authority.privateKey.export({ type: 'pkcs8', format: 'pem' }));
writeFileSync(file('authority.pub.pem'), authority.publicKey.export({ type: 'spki', format: 'pem' }));
const nz = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../shared/vectors/qr/nz-covid-tracer.json', import.meta.url)), 'utf8'));

async function createVenue(...extra: string[]): Promise<{ text: string; venueId: string; qrVersion: number; ecc: string }> {
  const r = await run(
    'qr',
    'venue',
    'create',
    '--name',
    'Quán Phở Thìn Lò Đúc Hà Nội 13',
    '--type',
    '4',
    '--check-in-minutes',
    '60',
    '--valid-from',
    '2026-11-01',
    '--valid-days',
    '365',
    '--signing-key',
    file('issuer.pem'),
    '--base-url',
    'https://ht.vn/V',
    '--json',
    ...extra,
  );
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

async function createTrust(): Promise<string> {
  const r = await run(
    'qr',
    'trust',
    'create',
    '--root-key',
    file('root.pem'),
    '--issuer-key',
    file('issuer.pub.pem'),
    '--issuer-name',
    'Sở Y tế',
    '--now',
    '2026-11-01T00:00:00.000Z',
    '--valid-days',
    '90',
    '--out',
    file('trust.json'),
    '--json',
  );
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ file: file('trust.json'), keyIds: [expect.stringMatching(/^[0-9a-f]{8}$/)] });
  return file('trust.json');
}

describe('healthtrace qr venue create', () => {
  it('prints exactly {text, venueId, qrVersion, ecc} and writes the SVG and poster', async () => {
    const result = await createVenue('--svg', file('venue.svg'), '--poster', file('poster.svg'), '--poster-size', 'A5');
    expect(Object.keys(result).sort()).toEqual(['ecc', 'qrVersion', 'text', 'venueId']);
    expect(result.text).toMatch(/^HTTPS:\/\/HT\.VN\/V#[0-9]+$/);
    expect(result.venueId).toMatch(/^[0-9a-f]{16}$/);
    expect(result.ecc).toBe('Q');
    expect(result.qrVersion).toBeLessThanOrEqual(10);
    expect(readFileSync(file('venue.svg'), 'utf8')).toMatch(/^<svg /);
    const poster = readFileSync(file('poster.svg'), 'utf8');
    expect(poster).toContain('width="148mm"');
    expect(poster).toContain('Quán Phở Thìn Lò Đúc Hà Nội 13');
  });

  it('rejects a public key as signing key and bad numbers as usage errors (exit 2)', async () => {
    const r = await run('qr', 'venue', 'create', '--name', 'A', '--signing-key', file('issuer.pub.pem'), '--base-url', 'https://ht.vn/V');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^healthtrace: qr\/bad-key: /);
    const bad = await run(
      'qr',
      'venue',
      'create',
      '--name',
      'A',
      '--type',
      '999',
      '--signing-key',
      file('issuer.pem'),
      '--base-url',
      'https://ht.vn/V',
    );
    expect(bad.code).toBe(2);
  });
});

describe('healthtrace qr decode', () => {
  it('exit 0 for a valid code, 1 for expired or untrusted, 2 for undecodable text', async () => {
    const { text } = await createVenue();
    const trust = await createTrust();
    const ok = await run(
      'qr',
      'decode',
      text,
      '--trust',
      trust,
      '--root-key',
      file('root.pub.pem'),
      '--now',
      '2026-12-01T00:00:00Z',
      '--json',
    );
    expect(ok.code).toBe(0);
    const result = JSON.parse(ok.stdout);
    expect(result).toMatchObject({
      format: 'healthtrace-venue',
      signature: 'valid',
      warnings: [],
      fields: { name: 'Quán Phở Thìn Lò Đúc Hà Nội 13', venueType: 4 },
    });

    const expired = await run(
      'qr',
      'decode',
      text,
      '--trust',
      trust,
      '--root-key',
      file('root.pub.pem'),
      '--now',
      '2027-11-02T00:00:00Z',
      '--json',
    );
    expect(expired.code).toBe(1);
    expect(JSON.parse(expired.stdout).warnings).toContain('expired');

    const foreign = await run(
      'qr',
      'venue',
      'create',
      '--name',
      'Fake',
      '--signing-key',
      file('other.pem'),
      '--base-url',
      'https://ht.vn/V',
      '--json',
    );
    const untrusted = await run(
      'qr',
      'decode',
      JSON.parse(foreign.stdout).text,
      '--trust',
      trust,
      '--root-key',
      file('root.pub.pem'),
      '--json',
    );
    expect(untrusted.code).toBe(1);
    expect(JSON.parse(untrusted.stdout)).toMatchObject({ signature: 'invalid', warnings: ['unknown-key'] });

    const unverifiedList = await run('qr', 'decode', text, '--trust', trust, '--now', '2026-12-01T00:00:00Z', '--json');
    expect(JSON.parse(unverifiedList.stdout).warnings).toEqual(['trust-list-unverified']);

    const garbage = await run('qr', 'decode', 'not a qr code', '--json');
    expect(garbage.code).toBe(2);
    expect(garbage.stdout).toBe('');
    expect(garbage.stderr).toMatch(/^healthtrace: qr\/unrecognised: /);
    const truncated = await run('qr', 'decode', text.slice(0, -1), '--json');
    expect(truncated.code).toBe(2);
  });

  it('verifies foreign signed formats with --keys (UK NHS test key)', async () => {
    const uk = JSON.parse(
      readFileSync(fileURLToPath(new URL('../../../../shared/vectors/qr/uk-nhs-covid19.json', import.meta.url)), 'utf8'),
    );
    writeFileSync(file('keys.json'), JSON.stringify({ ukNhs: [{ kid: uk.key_material.kid, publicKey: uk.key_material.public_key_pem }] }));
    const valid = uk.vectors.find((v: { name: string }) => v.name === 'valid');
    const ok = await run('qr', 'decode', valid.input, '--keys', file('keys.json'), '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ format: 'uk-nhs-venue', signature: 'valid' });
    const tampered = uk.vectors.find((v: { name: string }) => v.name === 'tampered-payload');
    const bad = await run('qr', 'decode', tampered.input, '--keys', file('keys.json'), '--json');
    expect(bad.code).toBe(1);
    writeFileSync(file('notjson.json'), '{');
    expect((await run('qr', 'decode', valid.input, '--keys', file('notjson.json'))).code).toBe(2);
  });

  it('decodes real-world formats through decodeAny', async () => {
    const r = await run('qr', 'decode', nz.vectors[0].input, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ signature: 'absent' });
  });
});

describe('healthtrace qr personal', () => {
  it('creates a pseudonymous code with sealed contact data that only the authority opens', async () => {
    const r = await run(
      'qr',
      'personal',
      'create',
      '--signing-key',
      file('issuer.pem'),
      '--status',
      'no-symptoms,vaccinated',
      '--lifetime',
      '30',
      '--contact',
      '+84912345678',
      '--authority-key',
      file('authority.pub.pem'),
      '--json',
    );
    expect(r.code).toBe(0);
    const created = JSON.parse(r.stdout);
    expect(created).toMatchObject({ pseudonym: expect.stringMatching(/^[0-9a-f]{32}$/), sealedContact: true, ecc: 'Q' });
    expect(created.qrVersion).toBeLessThanOrEqual(10);
    expect(created.text).toMatch(/^HT1:[0-9]+$/);
    const decoded = JSON.parse((await run('qr', 'decode', created.text, '--json')).stdout);
    expect(decoded).toMatchObject({
      format: 'healthtrace-personal',
      signature: 'unverified',
      fields: { statusFlags: ['no-symptoms', 'vaccinated'] },
    });
    expect(JSON.stringify(decoded)).not.toContain('84912345678');
    const opened = await run('qr', 'personal', 'open', created.text, '--authority-key', file('authority.pem'), '--json');
    expect(JSON.parse(opened.stdout)).toEqual({ pseudonym: created.pseudonym, contact: '+84912345678' });
    const bad = await run('qr', 'personal', 'create', '--signing-key', file('issuer.pem'), '--status', 'healthy');
    expect(bad.code).toBe(2);
  });

  it('documents its flags in --help', async () => {
    const r = await run('qr', 'personal', 'create', '--help');
    expect(r.code).toBe(0);
    for (const flag of ['--signing-key', '--status', '--lifetime', '--contact', '--authority-key', '--base-url', '--json'])
      expect(r.stdout).toContain(flag);
  });
});

describe('healthtrace qr render', () => {
  it('writes SVG and PNG, draws in the terminal, and needs exactly one output', async () => {
    const { text, qrVersion } = await createVenue();
    const svg = await run('qr', 'render', text, '--svg', file('r.svg'), '--json');
    expect(JSON.parse(svg.stdout)).toEqual({ qrVersion, ecc: 'Q', file: file('r.svg') });
    const png = await run('qr', 'render', text, '--png', file('r.png'), '--ecc', 'M', '--json');
    expect(png.code).toBe(0);
    expect(readFileSync(file('r.png')).subarray(1, 4).toString()).toBe('PNG');
    const term = await run('qr', 'render', text, '--terminal');
    expect(term.stdout).toMatch(/█/);
    expect((await run('qr', 'render', text)).code).toBe(2);
    expect((await run('qr', 'render', text, '--svg', file('x.svg'), '--terminal')).code).toBe(2);
  });
});

describe('healthtrace qr trust', () => {
  it('verifies a list (exit 0), rejects a tampered one or another root (exit 1) and malformed JSON (exit 2)', async () => {
    const trust = await createTrust();
    const ok = await run('qr', 'trust', 'verify', trust, '--root-key', file('root.pub.pem'), '--now', '2026-11-15T00:00:00Z', '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true, error: null, keys: [{ name: 'Sở Y tế' }] });
    writeFileSync(file('tampered.json'), readFileSync(trust, 'utf8').replace('Sở Y tế', 'Attacker'));
    const tampered = await run(
      'qr',
      'trust',
      'verify',
      file('tampered.json'),
      '--root-key',
      file('root.pub.pem'),
      '--now',
      '2026-11-15T00:00:00Z',
      '--json',
    );
    expect(tampered.code).toBe(1);
    expect(JSON.parse(tampered.stdout)).toMatchObject({ valid: false, error: 'qr/trust-list-bad-signature' });
    const otherRoot = await run('qr', 'trust', 'verify', trust, '--root-key', file('other.pub.pem'), '--now', '2026-11-15T00:00:00Z');
    expect(otherRoot.code).toBe(1);
    const expired = await run(
      'qr',
      'trust',
      'verify',
      trust,
      '--root-key',
      file('root.pub.pem'),
      '--now',
      '2027-03-01T00:00:00Z',
      '--json',
    );
    expect(JSON.parse(expired.stdout).error).toBe('qr/trust-list-expired');
    writeFileSync(file('bad.json'), '{');
    expect((await run('qr', 'trust', 'verify', file('bad.json'), '--root-key', file('root.pub.pem'))).code).toBe(2);
  });
});
