import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { HealthtraceError } from '@healthtrace/core';
import { describe, expect, it } from 'vitest';
import { CLI_VERSION, classifyError, errorLine, progress } from '../src/index';
import { runCli } from './support/run-cli';

const run = runCli;

describe('healthtrace CLI conventions', () => {
  it('prints help on --help with exit 0', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: healthtrace/);
    expect(stdout).toMatch(/--json prints one JSON document/);
  });

  it('prints the package version on --version', async () => {
    const { code, stdout } = await run('--version');
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(CLI_VERSION);
    expect(CLI_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('reports unknown commands and options as one usage line with exit 2', async () => {
    for (const argv of [['no-such-command'], ['--no-such-flag']]) {
      const { code, stdout, stderr } = await run(...argv);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^healthtrace: usage: .+\n$/);
      expect(stderr.split('\n').length).toBe(2);
    }
  });

  it('classifies errors into codes and exit codes', () => {
    expect(classifyError(new HealthtraceError('qr/expired', 'expired'))).toEqual({ code: 'qr/expired', message: 'expired', exitCode: 2 });
    expect(classifyError(new RangeError('tek must be 16 bytes')).exitCode).toBe(2);
    expect(classifyError(Object.assign(new Error('no such file'), { code: 'ENOENT' })).exitCode).toBe(2);
    expect(classifyError(new Error('socket hang up'))).toEqual({ code: 'internal', message: 'socket hang up', exitCode: 1 });
    expect(errorLine('usage', 'a\n  b')).toBe('healthtrace: usage: a b\n');
  });

  it('draws a progress bar only on a TTY', () => {
    let tty = '';
    const bar = progress(
      { stdout: { write: () => {} }, stderr: { write: (s: string) => (tty += s), isTTY: true, columns: 80 } },
      'work',
      10,
    );
    bar.update(10);
    bar.done();
    expect(tty).toMatch(/work \[#+\] 100%/);
    let piped = '';
    const silent = progress({ stdout: { write: () => {} }, stderr: { write: (s: string) => (piped += s) } }, 'work', 10);
    silent.update(10);
    silent.done();
    expect(piped).toBe('');
  });

  it('runs as a real process with the documented exit codes', async () => {
    const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
    const exec = promisify(execFile);
    const ok = await exec(tsx, ['--conditions=@healthtrace/source', bin, '--version']);
    expect(ok.stdout.trim()).toBe(CLI_VERSION);
    const failure = await exec(tsx, ['--conditions=@healthtrace/source', bin, 'bogus']).catch((e: { code: number; stderr: string }) => e);
    expect('code' in failure && failure.code).toBe(2);
    expect((failure as { stderr: string }).stderr).toMatch(/^healthtrace: usage: /);
  });
});
