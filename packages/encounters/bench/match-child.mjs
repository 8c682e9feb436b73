/**
 * One timed mode of `pnpm bench:encounters`, run by bench/match.ts in a child process of its own so that its peak
 * memory (max RSS) is its own. Plain JavaScript on plain `node` importing the BUILT packages (dist), as an
 * application would: no TypeScript loader in the process (tsx alone adds ~35 MB of RSS and a loader thread).
 *
 * Usage: `node bench/match-child.mjs --mode node|portable|workers|naive --dir <workload dir> --runs <n> [--naive-files <n>]`;
 * prints one JSON line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesToHex } from '@healthtrace/core';
import {
  cwaRisk,
  DEFAULT_CWA_RISK_CONFIG,
  DEFAULT_DAILY_SUMMARIES_CONFIG,
  dailySummaries,
  GaenMatcher,
  parseSightingsJsonl,
} from '@healthtrace/encounters';
import { createMatchPool } from '@healthtrace/encounters/node';
import {
  assertKeyFileSignature,
  deriveRpik,
  deriveRpis,
  importVerificationKeyPem,
  intervalNumber,
  parseKeyFileZip,
  setCryptoBackend,
} from '@healthtrace/rolling-id';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const cpuNow = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/** The naive baseline: every RPI of every key of a file into a Map, then a lookup per sighting. */
function naive(sightings, zips, publicKeys) {
  const matched = new Set();
  const buf = new Uint8Array(144 * 16);
  for (const zip of zips) {
    const file = parseKeyFileZip(zip);
    assertKeyFileSignature(file, publicKeys);
    const map = new Map();
    file.export.keys.forEach((key, k) => {
      deriveRpis(deriveRpik(key.keyData), key.rollingStartIntervalNumber, 144, buf);
      for (let i = 0; i < 144; i++) {
        map.set(bytesToHex(buf.subarray(i * 16, i * 16 + 16)), { key: k, interval: key.rollingStartIntervalNumber + i });
      }
    });
    for (const s of sightings) {
      const hit = map.get(bytesToHex(s.id));
      if (hit !== undefined && Math.abs(intervalNumber(s.time) - hit.interval) <= 12) {
        matched.add(bytesToHex(file.export.keys[hit.key].keyData));
      }
    }
  }
  return matched.size;
}

const mode = flag('--mode');
const dir = flag('--dir');
const runs = Number(flag('--runs') ?? '3');
/** Files the naive baseline is measured on (set by the parent). */
const naiveFiles = Number(flag('--naive-files') ?? '2');
const zips = readdirSync(dir)
  .filter((n) => n.endsWith('.zip'))
  .sort()
  .map((n) => new Uint8Array(readFileSync(join(dir, n))));
// In memory before the clock starts: the phone's sightings and the downloaded zip bytes.
const sightings = parseSightingsJsonl(readFileSync(join(dir, 'sightings.jsonl'), 'utf8'));
const publicKeys = importVerificationKeyPem(readFileSync(join(dir, 'public.pem'), 'utf8'));
const result = { mode, wallMs: [], cpuMs: [], peakRssMb: 0, matchedKeys: 0, exposureWindows: 0 };
setCryptoBackend(mode === 'portable' ? 'portable' : 'node');
const pool = mode === 'workers' ? createMatchPool({ workers: 2 }) : undefined;
if (pool !== undefined) {
  const t = performance.now();
  await pool.match(sightings.slice(0, 10), zips.slice(0, 2), { publicKeys }); // warm-up: workers loaded and compiled
  result.poolStartMs = Math.round(performance.now() - t);
}
/** One end-to-end run of this mode (the pool is reused across runs, as an application keeps it). */
async function runOnce() {
  if (mode === 'naive') return { matchedKeys: naive(sightings, zips.slice(0, naiveFiles), publicKeys) };
  let match;
  if (pool !== undefined) {
    match = await pool.match(sightings, zips, { publicKeys });
  } else {
    const matcher = new GaenMatcher(sightings, { publicKeys });
    for (const zip of zips) matcher.addFile(zip);
    match = matcher.result();
  }
  dailySummaries(match.exposureWindows, DEFAULT_DAILY_SUMMARIES_CONFIG);
  cwaRisk(match.exposureWindows, DEFAULT_CWA_RISK_CONFIG);
  return { matchedKeys: match.matchedKeys, exposureWindows: match.exposureWindows.length, rpisDerived: match.rpisDerived };
}
// Every mode (but the naive baseline) first runs once untimed, so that each is measured warm: the JIT has
// compiled the hot paths of the main thread, or of both workers, which warm separately.
if (mode !== 'naive') await runOnce();
for (let r = 0; r < runs; r++) {
  const t0 = performance.now();
  const c0 = cpuNow();
  Object.assign(result, await runOnce());
  result.wallMs.push(Math.round(performance.now() - t0));
  result.cpuMs.push(Math.round(cpuNow() - c0));
}
await pool?.close();
result.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`${JSON.stringify(result)}\n`);
