/**
 * Runs every benchmark of this package, each in its own process (so that memory figures and JIT
 * state do not leak between them), forwarding the command-line arguments:
 *
 *   pnpm bench:rolling-id           # bench/derive.ts, then bench/keyfiles.ts, human-readable
 *   pnpm bench:rolling-id --json    # ONE JSON document: derive.ts's report plus a `keyFiles` member
 *
 * The exit code is the highest exit code of the benchmarks (derive.ts --check exits 1 on a missed floor).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const json = args.includes('--json');
const benches = [
  { name: 'derive', file: 'derive.ts', nodeFlags: ['--expose-gc'] },
  { name: 'keyFiles', file: 'keyfiles.ts', nodeFlags: [] },
];

let exitCode = 0;
const reports: Record<string, unknown> = {};
for (const bench of benches) {
  const file = fileURLToPath(new URL(bench.file, import.meta.url));
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@healthtrace/source', ...bench.nodeFlags, file, ...args], {
    stdio: json ? ['inherit', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  exitCode = Math.max(exitCode, child.status ?? 1);
  if (json) {
    try {
      reports[bench.name] = JSON.parse(child.stdout.trim().split('\n').pop() ?? 'null');
    } catch {
      reports[bench.name] = { error: `no JSON output from ${bench.file}` };
      exitCode = Math.max(exitCode, 1);
    }
  } else if (bench !== benches[benches.length - 1]) {
    console.log('');
  }
}
if (json) {
  const derive = reports.derive;
  const merged = typeof derive === 'object' && derive !== null ? { ...derive, keyFiles: reports.keyFiles } : reports;
  console.log(JSON.stringify(merged));
}
process.exitCode = exitCode;
