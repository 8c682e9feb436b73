import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli';

const vectorsDir = fileURLToPath(new URL('../../../../shared/vectors/', import.meta.url));
const gaen = JSON.parse(readFileSync(join(vectorsDir, 'gaen-crypto.json'), 'utf8'));
const bluezone = JSON.parse(readFileSync(join(vectorsDir, 'bluezone.json'), 'utf8'));

const run = runCli;

describe('healthtrace gaen derive', () => {
  const p = gaen.primary;

  it('derives RPIK, AEMK and all 144 RPIs and AEMs of the official vector', async () => {
    const { code, stdout } = await run(
      'gaen',
      'derive',
      '--tek',
      p.tek,
      '--interval',
      String(p.start_interval_number),
      '--metadata',
      p.metadata,
      '--json',
    );
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual(['tek', 'rpik', 'aemk', 'ids']);
    expect(out).toMatchObject({ tek: p.tek, rpik: p.rpik, aemk: p.aemk });
    expect(out.ids).toEqual(
      p.rows.map((r: { interval: number; rpi: string; aem: string }) => ({ interval: r.interval, rpi: r.rpi, aem: r.aem })),
    );
  });

  it('omits aem without --metadata and honours --count (secondary vector)', async () => {
    const s = gaen.secondary.find((v: { interval?: number }) => v.interval !== undefined);
    const { stdout } = await run(
      'gaen',
      'derive',
      '--tek',
      s.tek.toUpperCase(),
      '--interval',
      String(s.interval),
      '--count',
      '1',
      '--json',
    );
    expect(JSON.parse(stdout)).toEqual({ tek: s.tek, rpik: s.rpik, aemk: s.aemk, ids: [{ interval: s.interval, rpi: s.rpi }] });
  });

  it('prints a digest of all RPIs of a TEK file, in file order then interval order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ht-gaen-'));
    const second = gaen.secondary[1];
    const file = join(dir, 'teks.txt');
    writeFileSync(file, `${p.tek}\n\n${second.tek}\n`);
    const { code, stdout } = await run(
      'gaen',
      'derive',
      '--tek-file',
      file,
      '--interval',
      String(second.rolling_start_interval_number),
      '--count',
      '89',
      '--digest',
      '--json',
    );
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ keys: 2, ids: 178 });
    expect(out.digest).toMatch(/^[0-9a-f]{64}$/);

    const file2 = join(dir, 'official.txt');
    writeFileSync(file2, `${p.tek}\n${second.tek}\n`);
    const official = await run('gaen', 'derive', '--tek-file', file2, '--interval', String(p.start_interval_number), '--digest', '--json');
    const hash = createHash('sha256');
    for (const r of p.rows) hash.update(Buffer.from(r.rpi, 'hex'));
    const firstOnly = hash.copy().digest('hex');
    const single = join(dir, 'single.txt');
    writeFileSync(single, `${p.tek}\n`);
    expect(
      JSON.parse(
        (await run('gaen', 'derive', '--tek-file', single, '--interval', String(p.start_interval_number), '--digest', '--json')).stdout,
      ),
    ).toEqual({
      keys: 1,
      ids: 144,
      digest: firstOnly,
    });
    // The second key over its own 89-interval rolling period, from the published RPI list.
    const list = second.all_rpis_in_rolling_period as { rpi: string }[];
    const h2 = createHash('sha256');
    for (const r of list) h2.update(Buffer.from(r.rpi, 'hex'));
    const secondFile = join(dir, 'second.txt');
    writeFileSync(secondFile, `${second.tek}\n`);
    const secondOut = await run(
      'gaen',
      'derive',
      '--tek-file',
      secondFile,
      '--interval',
      String(list.length > 0 ? second.rolling_start_interval_number : 0),
      '--count',
      String(list.length),
      '--digest',
      '--json',
    );
    expect(JSON.parse(secondOut.stdout).digest).toBe(h2.digest('hex'));
    expect(JSON.parse(official.stdout)).toMatchObject({ keys: 2, ids: 288 });
  });

  it('rejects bad input with exit 2 and one error line', async () => {
    const cases: string[][] = [
      ['gaen', 'derive', '--tek', 'abcd', '--interval', '1'],
      ['gaen', 'derive', '--interval', '1'],
      ['gaen', 'derive', '--tek', gaen.primary.tek, '--interval', '-5'],
      ['gaen', 'derive', '--tek', gaen.primary.tek, '--interval', String(2 ** 32)],
      ['gaen', 'derive', '--tek', gaen.primary.tek, '--interval', '1', '--metadata', '400800'],
      ['gaen', 'derive', '--tek', gaen.primary.tek],
    ];
    for (const argv of cases) {
      const { code, stdout, stderr } = await run(...argv);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^healthtrace: [a-z/-]+: .+\n$/);
    }
    const dir = mkdtempSync(join(tmpdir(), 'ht-gaen-'));
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, `${gaen.primary.tek}\nnot-a-key\n`);
    const res = await run('gaen', 'derive', '--tek-file', bad, '--interval', '1', '--digest', '--json');
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^healthtrace: gaen\/bad-tek-file: .*:2: /);
    expect((await run('gaen', 'derive', '--tek-file', join(dir, 'missing.txt'), '--interval', '1', '--digest')).code).toBe(2);
  });
});

describe('healthtrace bluezone derive', () => {
  it('derives the BLIDs of the captured device in slot order', async () => {
    const d = bluezone.device_A_day0_all_slots;
    const { code, stdout } = await run('bluezone', 'derive', '--key', d.base_key, '--json');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.dailyKey).toBe(d.base_key);
    expect(out.blids).toEqual(d.slots.map((s: { blid: string }) => s.blid));
  });

  it('moves the daily key forward with --days-after and honours --slots', async () => {
    for (const day of bluezone.derived_multi_day) {
      const { stdout } = await run(
        'bluezone',
        'derive',
        '--key',
        day.base_key.toLowerCase(),
        '--days-after',
        String(day.day_index),
        '--json',
      );
      const out = JSON.parse(stdout);
      expect(out.dailyKey).toBe(day.daily_key);
      for (const [slot, blid] of Object.entries(day.blids_slots_0_1_95)) expect(out.blids[Number(slot)]).toBe(blid);
    }
    const two = JSON.parse(
      (await run('bluezone', 'derive', '--key', bluezone.device_A_day0_all_slots.base_key, '--slots', '2', '--json')).stdout,
    );
    expect(two.blids).toHaveLength(2);
    expect((await run('bluezone', 'derive', '--key', '00')).code).toBe(2);
    expect((await run('bluezone', 'derive', '--key', bluezone.device_A_day0_all_slots.base_key, '--slots', '0')).code).toBe(2);
  });
});
