import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli';

const run = runCli;

const tmp = () => mkdtempSync(join(tmpdir(), 'ht-sim-'));

describe('healthtrace sim', () => {
  it('runs a tiny simulation and writes results, CSV, SVG and HTML; same seed gives identical results', async () => {
    const a = tmp();
    const b = tmp();
    const r = await run('sim', 'run', '--agents', '600', '--days', '2', '--seed', '3', '--out', a, '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { runs: { seed: number }[] };
    expect(doc.runs[0]!.seed).toBe(3);
    for (const f of ['results.json', 'scoring.csv', 'daily.csv', 'roc.svg', 'epidemic.svg', 'report.html', 'manifest.json']) {
      expect(existsSync(join(a, f))).toBe(true);
    }
    expect(readFileSync(join(a, 'roc.svg'), 'utf8')).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(readFileSync(join(a, 'scoring.csv'), 'utf8').split('\n')[0]).toBe(
      'config,distance_m,minutes,precision,recall,auc,attenuation_auc,ndcf,p_miss,p_fa',
    );
    await run('sim', 'run', '--agents', '600', '--days', '2', '--seed', '3', '--out', b, '--json');
    expect(readFileSync(join(b, 'results.json'))).toEqual(readFileSync(join(a, 'results.json')));
  });

  it('compares with a no-app run over several seeds', async () => {
    const dir = tmp();
    const r = await run('sim', 'run', '--agents', '500', '--days', '2', '--seeds', '1,2', '--compare', '--out', dir, '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { comparison: { averted: { n: number } } };
    expect(doc.comparison.averted.n).toBe(2);
    expect(existsSync(join(dir, 'seed-1', 'results.json'))).toBe(true);
    expect(existsSync(join(dir, 'scenario.json'))).toBe(true);
  });

  it('sweeps thresholds and adoption, writes sweep.csv and a heat map, and rebuilds the report', async () => {
    const dir = tmp();
    const r = await run(
      'sim',
      'sweep',
      '--agents',
      '500',
      '--days',
      '1',
      '--t0',
      '50,55',
      '--t1',
      '60,65',
      '--adoption',
      '1,2',
      '--out',
      dir,
      '--json',
    );
    expect(r.code).toBe(0);
    const csv = readFileSync(join(dir, 'sweep.csv'), 'utf8');
    expect(csv).toMatch(/^adoption,environment,seed,config,/);
    expect(csv).toContain('t0=55,t1=60');
    expect(existsSync(join(dir, 'heatmap.svg'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { completed: string[] };
    expect(manifest.completed).toHaveLength(2);
    const rep = await run('sim', 'report', dir, '--json');
    expect(rep.code).toBe(0);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('<svg');
  });

  it('rejects bad input with exit 2', async () => {
    const dir = tmp();
    expect((await run('sim', 'run', '--agents', 'x', '--out', dir)).code).toBe(2);
    const bad = join(dir, 'c.json');
    writeFileSync(bad, JSON.stringify({ scoring: { attenuationBucketThresholdDb: [60, 50, 70], attenuationBucketWeights: [1, 1, 1, 1] } }));
    const r = await run('sim', 'run', '--config', bad, '--agents', '100', '--days', '1', '--out', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^healthtrace: sim\/bad-config: /);
    writeFileSync(bad, JSON.stringify({ nope: 1 }));
    expect((await run('sim', 'run', '--config', bad, '--out', dir)).stderr).toMatch(/unknown config field/);
    expect((await run('sim', 'sweep', '--t0', '50', '--out', dir)).code).toBe(2);
    expect((await run('sim', 'report', join(dir, 'missing'))).code).toBe(2);
  });

  it('accepts a scoring config file', async () => {
    const dir = tmp();
    const file = join(dir, 'c.json');
    writeFileSync(
      file,
      JSON.stringify({
        scoring: {
          name: 'cwa',
          attenuationBucketThresholdDb: [30, 50, 70],
          attenuationBucketWeights: [1, 1, 1, 1],
          dailyThresholdSeconds: 600,
        },
      }),
    );
    const r = await run('sim', 'run', '--config', file, '--agents', '400', '--days', '1', '--out', dir, '--json');
    expect(r.code).toBe(0);
    expect((JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { scoring: { name: string }[] }).scoring[0]!.name).toBe('cwa');
  });

  it('selects the Bluezone scheme with --scheme and rejects unknown schemes', async () => {
    const dir = tmp();
    const r = await run('sim', 'run', '--scheme', 'bluezone', '--agents', '500', '--days', '2', '--out', dir, '--json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { runs: { scheme: string }[] }).runs[0]!.scheme).toBe('bluezone');
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
      config: { scheme: string };
      totals: { venueWarnings: number };
    };
    expect(results.config.scheme).toBe('bluezone');
    expect(results.totals.venueWarnings).toBeGreaterThanOrEqual(0);
    const bad = await run('sim', 'run', '--scheme', 'robert', '--agents', '100', '--days', '1', '--out', dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--scheme must be one of gaen, bluezone/);
  });
});
