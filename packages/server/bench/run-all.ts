/**
 * Runs every server benchmark (`bench/*.ts` except this file) one after another, each in its
 * own process, passing the command-line arguments through. With `--json`, prints one JSON
 * document `{ "<file>": <that benchmark's JSON> }`; otherwise each benchmark prints its own figures.
 *
 * Usage: `tsx --conditions=@healthtrace/source bench/run-all.ts [--json] [other flags]`
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const json = args.includes('--json');
const files = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run-all.ts')
  .sort();
const out: Record<string, unknown> = {};
let failed = false;
for (const file of files) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@healthtrace/source', join(here, file), ...args], {
    stdio: json ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) failed = true;
  if (json) {
    try {
      out[file] = JSON.parse(result.stdout);
    } catch {
      out[file] = { error: `exit ${result.status}`, output: result.stdout };
    }
  }
}
if (json) process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
if (failed) process.exitCode = 1;
