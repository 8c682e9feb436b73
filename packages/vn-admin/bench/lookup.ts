/**
 * Benchmarks @healthtrace/vn-admin: the one-off cost of decoding each data table (first use), then
 * lookups, searches and conversions per second. Run: `pnpm bench:vn-admin` (add `--json` for one JSON document).
 */
import { convertAddressToCurrent } from '@healthtrace/vn-admin/mapping';
import { getWardPre2025, listWardsPre2025, searchPre2025 } from '@healthtrace/vn-admin/pre-2025';
import { listProvinces, searchProvinces } from '@healthtrace/vn-admin/provinces';
import { getWard2025, listWards2025, searchWards2025 } from '@healthtrace/vn-admin/wards-2025';

const json = process.argv.includes('--json');

function once(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** Runs `fn` repeatedly for about `ms` milliseconds and returns operations per second. */
function rate(fn: (i: number) => unknown, ms = 400): number {
  let ops = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 100; i++) fn(ops + i);
    ops += 100;
  }
  return ops / ((performance.now() - start) / 1000);
}

const firstUse = {
  provincesMs: once(() => listProvinces('pre2025').length + listProvinces('2025').length),
  wards2025Ms: once(() => listWards2025().length),
  pre2025Ms: once(() => listWardsPre2025().length),
  mappingMs: once(() => convertAddressToCurrent({ provinceCode: '01', wardCode: '00001' })),
};
const oldCodes = listWardsPre2025().map((w) => w.code);
const newCodes = listWards2025().map((w) => w.code);
const queries = ['bac giang', 'Hoàng Văn Thụ', 'phuong 1', 'xa tan', 'da nang'];
const perSecond = {
  getWard2025: rate((i) => getWard2025(newCodes[i % newCodes.length]!)),
  getWardPre2025: rate((i) => getWardPre2025(oldCodes[i % oldCodes.length]!)),
  searchProvinces: rate((i) => searchProvinces(queries[i % queries.length]!, { scheme: 'pre2025' })),
  searchWards2025: rate((i) => searchWards2025(queries[i % queries.length]!), 1000),
  searchPre2025: rate((i) => searchPre2025(queries[i % queries.length]!), 1000),
  convertWard: rate((i) => {
    const w = listWardsPre2025()[i % oldCodes.length]!;
    return convertAddressToCurrent({ provinceCode: w.provinceCode, wardCode: w.code });
  }),
};

if (json) console.log(JSON.stringify({ node: process.version, firstUse, perSecond }));
else {
  console.log(`vn-admin benchmark (node ${process.version})`);
  for (const [name, ms] of Object.entries(firstUse)) console.log(`first use   ${name.padEnd(16)} ${ms.toFixed(1).padStart(8)} ms`);
  for (const [name, ops] of Object.entries(perSecond))
    console.log(`throughput  ${name.padEnd(16)} ${Math.round(ops).toLocaleString('en').padStart(12)} /s`);
}
