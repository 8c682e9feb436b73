import { readFileSync } from 'node:fs';
import { bytesToHex, hexToBytes } from '@healthtrace/core';
import { createRpiPrefixFilter, createRpiPrefixScanner, deriveRpik, deriveRpis } from '@healthtrace/rolling-id';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { setWasmFilterKernelEnabled, wasmFilterKernel } from '../src/gaen/aes-filter-wasm';

const vectors = JSON.parse(readFileSync(new URL('../../../../shared/vectors/gaen-crypto.json', import.meta.url), 'utf8')) as {
  primary: { tek: string; start_interval_number: number | string; rows: { interval: number | string; rpi: string }[] };
};

afterEach(() => setWasmFilterKernelEnabled(true));

/** Candidates of one scanner run as `interval:rpi` strings. */
function scan(tek: Uint8Array, filter: Uint8Array, ranges: [number, number][]): string[] {
  const scanner = createRpiPrefixScanner(filter);
  scanner.setTek(tek);
  const rpis = new Uint8Array(16 * 2048);
  const ints = new Uint32Array(2048);
  const got: string[] = [];
  for (const [from, count] of ranges) {
    const n = scanner.scan(from, count, rpis, ints);
    for (let i = 0; i < n; i++) got.push(`${ints[i]}:${bytesToHex(rpis.subarray(16 * i, 16 * i + 16))}`);
  }
  scanner.wipe();
  return got;
}

describe('prefix-filter kernels: WebAssembly and JS', () => {
  it('uses the WebAssembly kernel on Node', () => {
    expect(wasmFilterKernel()).toBeDefined();
    setWasmFilterKernelEnabled(false);
    expect(wasmFilterKernel()).toBeUndefined();
  });

  it('both give the official GAEN rows under a full filter', () => {
    const p = vectors.primary;
    const expected = p.rows.map((r) => `${Number(r.interval)}:${r.rpi}`);
    const full = new Uint8Array(1 << 17).fill(255);
    for (const wasm of [true, false]) {
      setWasmFilterKernelEnabled(wasm);
      expect(scan(hexToBytes(p.tek), full, [[Number(p.start_interval_number), 144]])).toEqual(expected);
    }
  });

  it('both keep exactly the same candidates, across 256-interval runs and the 1,024-interval chunks (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.integer({ min: 0, max: 0xffffffff - 3000 }),
        fc.integer({ min: 0, max: 1500 }),
        fc.array(fc.integer({ min: 0, max: (1 << 20) - 1 }), { maxLength: 60_000 }),
        (tek, start, count, bits) => {
          const all = deriveRpis(deriveRpik(tek), start, count);
          const filter = createRpiPrefixFilter(Array.from({ length: Math.floor(count / 5) }, (_, i) => all.subarray(80 * i, 80 * i + 16)));
          for (const bit of bits) filter[bit >>> 3] = (filter[bit >>> 3] as number) | (1 << (bit & 7));
          setWasmFilterKernelEnabled(true);
          const viaWasm = scan(tek, filter, [[start, count]]);
          setWasmFilterKernelEnabled(false);
          const viaJs = scan(tek, filter, [[start, count]]);
          expect(viaWasm).toEqual(viaJs);
          for (const entry of viaWasm) {
            const [interval, rpi] = entry.split(':') as [string, string];
            const i = Number(interval) - start;
            expect(rpi).toBe(bytesToHex(all.subarray(16 * i, 16 * i + 16)));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reloads the filter when scanners with different filters take turns', () => {
    const tek = new Uint8Array(16).fill(9);
    const all = deriveRpis(deriveRpik(tek), 2_650_000, 144);
    const a = createRpiPrefixFilter([all.subarray(0, 16)]);
    const b = createRpiPrefixFilter([all.subarray(16 * 100, 16 * 101)]);
    const sa = createRpiPrefixScanner(a);
    const sb = createRpiPrefixScanner(b);
    sa.setTek(tek);
    sb.setTek(tek);
    const rpis = new Uint8Array(16 * 144);
    const ints = new Uint32Array(144);
    for (let round = 0; round < 2; round++) {
      expect(sa.scan(2_650_000, 144, rpis, ints)).toBeGreaterThanOrEqual(1);
      expect(ints[0]).toBe(2_650_000);
      const n = sb.scan(2_650_000, 144, rpis, ints);
      expect(Array.from(ints.subarray(0, n))).toContain(2_650_100);
      expect(Array.from(ints.subarray(0, n))).not.toContain(2_650_000);
    }
  });
});
