import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createRpiPrefixScanner, deriveRpik, rpiForInterval, type TemporaryExposureKey } from '@healthtrace/rolling-id';
import { describe, expect, it } from 'vitest';
import { deferScan, type MatchedKey, resolveScan, scanKeyRange, scanKeys } from '../src/matching/key-scan';
import { SightingIndex, scanFilterOf } from '../src/matching/sighting-index';
import type { Sighting } from '../src/sightings/types';

const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
const runFixture = async (name: string): Promise<unknown> => {
  const script = fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
  const { stdout } = await promisify(execFile)(tsx, ['--conditions=@healthtrace/source', script], { maxBuffer: 1 << 24 });
  return JSON.parse(stdout);
};

/** Keys over three days, the first `heard` of them heard (three intervals, two sightings each). */
function workload(count: number, heard: number): { keys: TemporaryExposureKey[]; sightings: Sighting[] } {
  const rsin = 2650032;
  const keys = Array.from({ length: count }, (_, i) => ({
    keyData: Uint8Array.from({ length: 16 }, (_, j) => (i * 131 + j * 17 + (i >> 8) * 7) & 0xff),
    rollingStartIntervalNumber: rsin + 144 * (i % 3),
    rollingPeriod: 144,
  }));
  const sightings: Sighting[] = [];
  for (const key of keys.slice(0, heard)) {
    const rpik = deriveRpik(key.keyData);
    for (let j = 0; j < 3; j++) {
      const interval = key.rollingStartIntervalNumber + 50 + j;
      sightings.push({
        time: interval * 600_000 + 7_000 * j,
        id: rpiForInterval(rpik, interval),
        aem: new Uint8Array(4),
        rssi: -70,
        source: 'gaen-advert',
      });
    }
  }
  return { keys, sightings };
}

describe('@healthtrace/encounters/node: two-worker matching', () => {
  it('gives exactly the single-thread result and rejects bad signatures', async () => {
    const { single, parallel, badSignature } = (await runFixture('parallel-run.ts')) as {
      single: { matchedKeys: number; keysScanned: number; exposureWindows: unknown[] };
      parallel: { matchedKeys: number; keysScanned: number; filesScanned: number; exposureWindows: unknown[] };
      badSignature: string;
    };
    expect(single.matchedKeys).toBe(6);
    expect(parallel).toEqual(single);
    expect(parallel.keysScanned).toBe(400);
    expect(parallel.filesScanned).toBe(4);
    expect(badSignature).toBe('match/bad-signature');
  });

  it('gives the single-thread result when files are split between the workers, with repeated and revised keys', async () => {
    const runs = (await runFixture('parallel-split.ts')) as Record<
      string,
      { single: { matchedKeys: number; exposureWindows: unknown[] }; parallel: unknown }
    >;
    expect(Object.keys(runs)).toHaveLength(7);
    for (const [name, { single, parallel }] of Object.entries(runs)) {
      expect(parallel, name).toEqual(single);
    }
    expect(runs['six files']?.single.matchedKeys).toBe(24);
    expect(runs['one big file']?.single.matchedKeys).toBe(24);
    expect(runs['a crowd']?.single.matchedKeys).toBe(24);
    expect(runs['six files']?.single.exposureWindows.length).toBeGreaterThan(20);
  });
});

describe('key ranges and deferred lookups (what the workers run)', () => {
  const { keys, sightings } = workload(3000, 40);
  // Repeats: a matched key again (same interval), and again a day later (matches nothing).
  keys.push({ ...(keys[3] as TemporaryExposureKey), transmissionRiskLevel: 4 });
  keys.push({ ...(keys[7] as TemporaryExposureKey), rollingStartIntervalNumber: 2650032 + 144 * 6 });
  const index = SightingIndex.build(sightings);
  const whole = new Map<string, MatchedKey>();
  const wholeStats = { keysScanned: 0, rpisDerived: 0 };
  scanKeys(index, keys, whole, wholeStats);

  it('scanFilterOf gives the built index filter, byte for byte', () => {
    const mixed: Sighting[] = [
      ...sightings.slice().reverse(),
      { time: 1, id: new Uint8Array(16), rssi: -50, source: 'gaen-advert' },
      { time: 2, id: new Uint8Array(20), aem: new Uint8Array(4), rssi: -50, source: 'bluezone-advert' },
      { time: -5, id: new Uint8Array(16).fill(9), aem: new Uint8Array(4), rssi: -50, source: 'gaen-advert' },
    ];
    for (const input of [sightings, mixed, [] as Sighting[]]) {
      const built = SightingIndex.build(input);
      const filter = scanFilterOf(input);
      expect(filter.coveredStart).toBe(built.coveredStart);
      // Byte comparisons: the covered intervals of a sighting at time 0 reach back to 1970 (2.6 M entries).
      expect(Buffer.compare(filter.covered, built.covered)).toBe(0);
      expect(Buffer.compare(filter.prefix, built.prefix)).toBe(0);
      expect(filter.covered.length).toBe(built.covered.length);
    }
  });

  it('ranges with one map give what one scan gives', () => {
    const matched = new Map<string, MatchedKey>();
    const stats = { keysScanned: 0, rpisDerived: 0 };
    for (let from = 0; from < keys.length; from += 97) scanKeyRange(index, keys, from, Math.min(from + 97, keys.length), matched, stats);
    expect(stats).toEqual(wholeStats);
    expect([...matched.entries()]).toEqual([...whole.entries()]);
  });

  it('deferred scans resolved later give what scanKeyRange gives, with the same reports', () => {
    const scanner = createRpiPrefixScanner(scanFilterOf(sightings).prefix);
    const report = () => {
      const events: string[] = [];
      return {
        events,
        tracker: {
          matched(i: number, rpis: number) {
            events.push(`m${i}:${rpis}`);
          },
          known(i: number) {
            events.push(`k${i}`);
          },
        },
      };
    };
    for (const [from, to] of [
      [0, keys.length],
      [0, 1],
      [5, 900],
      [2990, keys.length],
    ] as const) {
      const direct = new Map<string, MatchedKey>();
      const directStats = { keysScanned: 0, rpisDerived: 0 };
      const a = report();
      scanKeyRange(index, keys, from, to, direct, directStats, a.tracker);
      const deferred = deferScan(scanFilterOf(sightings), keys, from, to, scanner);
      const later = new Map<string, MatchedKey>();
      const laterStats = { keysScanned: 0, rpisDerived: 0 };
      const b = report();
      resolveScan(index, keys, deferred, later, laterStats, b.tracker);
      expect(laterStats).toEqual(directStats);
      expect([...later.entries()]).toEqual([...direct.entries()]);
      expect(b.events).toEqual(a.events);
    }
    scanner.wipe();
    expect(wholeStats.keysScanned).toBe(3002);
    expect(whole.size).toBe(40);
  });
});
