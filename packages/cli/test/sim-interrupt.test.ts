import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));

describe('healthtrace sim run, Ctrl-C', () => {
  it('stops after the day in progress, writes a consistent partial result and exits 130', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ht-sim-int-'));
    const child = spawn(
      process.execPath,
      [
        '--conditions=@healthtrace/source',
        '--import',
        'tsx',
        bin,
        'sim',
        'run',
        '--agents',
        '4000',
        '--days',
        '120',
        '--seed',
        '2',
        '--out',
        out,
        '--json',
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b));
    child.stderr.on('data', (b: Buffer) => (stderr += b));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // The manifest is written once the SIGINT handler is installed, just before the first day is simulated.
    while (!existsSync(join(out, 'manifest.json')) && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    const code = await exited;
    expect(stderr).toContain('interrupted');
    expect(code).toBe(130);

    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as {
      partial: boolean;
      daysCompleted: number;
      config: { days: number };
      daily: { day: number }[];
    };
    expect(results.partial).toBe(true);
    expect(results.daysCompleted).toBeGreaterThanOrEqual(1);
    expect(results.daysCompleted).toBeLessThan(120);
    expect(results.config.days).toBe(120);
    expect(results.daily.map((d) => d.day)).toEqual([...Array(results.daysCompleted).keys()]);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { interrupted: boolean; completed: number[] };
    expect(manifest).toMatchObject({ interrupted: true, completed: [] });
    for (const f of ['scoring.csv', 'daily.csv', 'roc.svg', 'report.html']) expect(existsSync(join(out, f))).toBe(true);
    const doc = JSON.parse(stdout) as { partial: boolean; runs: { partial: boolean; daysCompleted: number }[] };
    expect(doc.partial).toBe(true);
    expect(doc.runs[0]).toMatchObject({ partial: true, daysCompleted: results.daysCompleted });
  }, 120_000);
});
