// AssemblyScript (compiled by scripts/build-aes-wasm.mjs into src/gaen/aes-filter-wasm.generated.ts; not TypeScript).
//
// The prefix-filtered GAEN RPI kernel of src/gaen/aes-fast.ts (`paddedRange` with a filter), for WebAssembly. Why:
// the JS kernel's speed depends on V8 proving its T-tables constant, which it does on Node's main thread but not in
// worker threads (the same code ran ~18 % slower there); WebAssembly runs at the same speed on every thread and a
// little faster than the JS kernel on the main thread. Same algorithm, same bytes (tested against the JS kernel,
// deriveRpis and the official vectors).
//
// Memory layout (one 64 KiB-page-aligned linear memory of 3 pages, filled by src/gaen/aes-filter-wasm.ts):
//   0     TE0..TE3 T-tables, 4 × 256 big-endian words (i32)
//   4096  S-box, 256 bytes
//   4352  the 44 round-key words of AES-128
//   4608  the 2^20-bit prefix filter (131,072 bytes)
//   135680 candidate RPIs out, 16 bytes each (at most 1,024 per call)
//   152064 candidate intervals out, u32 each (at most 1,024 per call)
// `scan(start, count)` (count ≤ 1,024) returns the number of candidates written.
const RK: usize = 4352;
const FILTER: usize = 4608;
const OUT: usize = 135680;
const INTS: usize = 152064;
export function scan(start: u32, count: i32): i32 {
  const k0: i32 = load<i32>(RK + 0);
  const k1: i32 = load<i32>(RK + 4);
  const k2: i32 = load<i32>(RK + 8);
  const k3: i32 = load<i32>(RK + 12);
  const k4: i32 = load<i32>(RK + 16);
  const k5: i32 = load<i32>(RK + 20);
  const k6: i32 = load<i32>(RK + 24);
  const k7: i32 = load<i32>(RK + 28);
  const k8: i32 = load<i32>(RK + 32);
  const k9: i32 = load<i32>(RK + 36);
  const k10: i32 = load<i32>(RK + 40);
  const k11: i32 = load<i32>(RK + 44);
  const k12: i32 = load<i32>(RK + 48);
  const k13: i32 = load<i32>(RK + 52);
  const k14: i32 = load<i32>(RK + 56);
  const k15: i32 = load<i32>(RK + 60);
  const k16: i32 = load<i32>(RK + 64);
  const k17: i32 = load<i32>(RK + 68);
  const k18: i32 = load<i32>(RK + 72);
  const k19: i32 = load<i32>(RK + 76);
  const k20: i32 = load<i32>(RK + 80);
  const k21: i32 = load<i32>(RK + 84);
  const k22: i32 = load<i32>(RK + 88);
  const k23: i32 = load<i32>(RK + 92);
  const k24: i32 = load<i32>(RK + 96);
  const k25: i32 = load<i32>(RK + 100);
  const k26: i32 = load<i32>(RK + 104);
  const k27: i32 = load<i32>(RK + 108);
  const k28: i32 = load<i32>(RK + 112);
  const k29: i32 = load<i32>(RK + 116);
  const k30: i32 = load<i32>(RK + 120);
  const k31: i32 = load<i32>(RK + 124);
  const k32: i32 = load<i32>(RK + 128);
  const k33: i32 = load<i32>(RK + 132);
  const k34: i32 = load<i32>(RK + 136);
  const k35: i32 = load<i32>(RK + 140);
  const k36: i32 = load<i32>(RK + 144);
  const k37: i32 = load<i32>(RK + 148);
  const k38: i32 = load<i32>(RK + 152);
  const k39: i32 = load<i32>(RK + 156);
  const k40: i32 = load<i32>(RK + 160);
  const k41: i32 = load<i32>(RK + 164);
  const k42: i32 = load<i32>(RK + 168);
  const k43: i32 = load<i32>(RK + 172);
  const a0: i32 = 0x454e2d52 ^ k0;
  const a1: i32 = 0x50490000 ^ k1;
  const a2: i32 = k2;
  const kb: i32 = k3 >>> 24;
  const c0: i32 =
    load<i32>(0 + ((a0 >>> 24) << 2)) ^ load<i32>(1024 + (((a1 >>> 16) & 255) << 2)) ^ load<i32>(2048 + (((a2 >>> 8) & 255) << 2)) ^ k4;
  const c1: i32 =
    load<i32>(0 + ((a1 >>> 24) << 2)) ^ load<i32>(1024 + (((a2 >>> 16) & 255) << 2)) ^ load<i32>(3072 + ((a0 & 255) << 2)) ^ k5;
  const c2: i32 =
    load<i32>(0 + ((a2 >>> 24) << 2)) ^ load<i32>(2048 + (((a0 >>> 8) & 255) << 2)) ^ load<i32>(3072 + ((a1 & 255) << 2)) ^ k6;
  const c3: i32 =
    load<i32>(1024 + (((a0 >>> 16) & 255) << 2)) ^ load<i32>(2048 + (((a1 >>> 8) & 255) << 2)) ^ load<i32>(3072 + ((a2 & 255) << 2)) ^ k7;
  const kf0: i32 = k40 >>> 24;
  const kf1: i32 = (k40 >>> 16) & 255;
  const kf2: i32 = (k40 >>> 8) & 255;
  let j: i32 = 0;
  let found: i32 = 0;
  while (j < count) {
    const e0: u32 = start + <u32>j;
    const runEnd: i32 = min(count, j + 256 - <i32>(e0 & 255));
    const a3: i32 = <i32>(((e0 & 0xff) << 24) | (((e0 >>> 8) & 0xff) << 16) | (((e0 >>> 16) & 0xff) << 8) | (e0 >>> 24)) ^ k3;
    const s0: i32 = c0 ^ load<i32>(3072 + ((a3 & 255) << 2));
    const s1: i32 = c1 ^ load<i32>(2048 + (((a3 >>> 8) & 255) << 2));
    const s2: i32 = c2 ^ load<i32>(1024 + (((a3 >>> 16) & 255) << 2));
    const q0: i32 =
      load<i32>(0 + ((s0 >>> 24) << 2)) ^ load<i32>(1024 + (((s1 >>> 16) & 255) << 2)) ^ load<i32>(2048 + (((s2 >>> 8) & 255) << 2)) ^ k8;
    const q1: i32 =
      load<i32>(0 + ((s1 >>> 24) << 2)) ^ load<i32>(1024 + (((s2 >>> 16) & 255) << 2)) ^ load<i32>(3072 + ((s0 & 255) << 2)) ^ k9;
    const q2: i32 =
      load<i32>(0 + ((s2 >>> 24) << 2)) ^ load<i32>(2048 + (((s0 >>> 8) & 255) << 2)) ^ load<i32>(3072 + ((s1 & 255) << 2)) ^ k10;
    const q3: i32 =
      load<i32>(1024 + (((s0 >>> 16) & 255) << 2)) ^
      load<i32>(2048 + (((s1 >>> 8) & 255) << 2)) ^
      load<i32>(3072 + ((s2 & 255) << 2)) ^
      k11;
    for (; j < runEnd; j++) {
      const s3: i32 = c3 ^ load<i32>(0 + (((<i32>(start + <u32>j) & 255) ^ kb) << 2));
      const r2_0: i32 = q0 ^ load<i32>(3072 + ((s3 & 255) << 2));
      const r2_1: i32 = q1 ^ load<i32>(2048 + (((s3 >>> 8) & 255) << 2));
      const r2_2: i32 = q2 ^ load<i32>(1024 + (((s3 >>> 16) & 255) << 2));
      const r2_3: i32 = q3 ^ load<i32>(0 + ((s3 >>> 24) << 2));
      const r3_0: i32 =
        load<i32>(0 + ((r2_0 >>> 24) << 2)) ^
        load<i32>(1024 + (((r2_1 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r2_2 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r2_3 & 255) << 2)) ^
        k12;
      const r3_1: i32 =
        load<i32>(0 + ((r2_1 >>> 24) << 2)) ^
        load<i32>(1024 + (((r2_2 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r2_3 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r2_0 & 255) << 2)) ^
        k13;
      const r3_2: i32 =
        load<i32>(0 + ((r2_2 >>> 24) << 2)) ^
        load<i32>(1024 + (((r2_3 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r2_0 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r2_1 & 255) << 2)) ^
        k14;
      const r3_3: i32 =
        load<i32>(0 + ((r2_3 >>> 24) << 2)) ^
        load<i32>(1024 + (((r2_0 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r2_1 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r2_2 & 255) << 2)) ^
        k15;
      const r4_0: i32 =
        load<i32>(0 + ((r3_0 >>> 24) << 2)) ^
        load<i32>(1024 + (((r3_1 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r3_2 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r3_3 & 255) << 2)) ^
        k16;
      const r4_1: i32 =
        load<i32>(0 + ((r3_1 >>> 24) << 2)) ^
        load<i32>(1024 + (((r3_2 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r3_3 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r3_0 & 255) << 2)) ^
        k17;
      const r4_2: i32 =
        load<i32>(0 + ((r3_2 >>> 24) << 2)) ^
        load<i32>(1024 + (((r3_3 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r3_0 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r3_1 & 255) << 2)) ^
        k18;
      const r4_3: i32 =
        load<i32>(0 + ((r3_3 >>> 24) << 2)) ^
        load<i32>(1024 + (((r3_0 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r3_1 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r3_2 & 255) << 2)) ^
        k19;
      const r5_0: i32 =
        load<i32>(0 + ((r4_0 >>> 24) << 2)) ^
        load<i32>(1024 + (((r4_1 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r4_2 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r4_3 & 255) << 2)) ^
        k20;
      const r5_1: i32 =
        load<i32>(0 + ((r4_1 >>> 24) << 2)) ^
        load<i32>(1024 + (((r4_2 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r4_3 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r4_0 & 255) << 2)) ^
        k21;
      const r5_2: i32 =
        load<i32>(0 + ((r4_2 >>> 24) << 2)) ^
        load<i32>(1024 + (((r4_3 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r4_0 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r4_1 & 255) << 2)) ^
        k22;
      const r5_3: i32 =
        load<i32>(0 + ((r4_3 >>> 24) << 2)) ^
        load<i32>(1024 + (((r4_0 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r4_1 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r4_2 & 255) << 2)) ^
        k23;
      const r6_0: i32 =
        load<i32>(0 + ((r5_0 >>> 24) << 2)) ^
        load<i32>(1024 + (((r5_1 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r5_2 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r5_3 & 255) << 2)) ^
        k24;
      const r6_1: i32 =
        load<i32>(0 + ((r5_1 >>> 24) << 2)) ^
        load<i32>(1024 + (((r5_2 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r5_3 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r5_0 & 255) << 2)) ^
        k25;
      const r6_2: i32 =
        load<i32>(0 + ((r5_2 >>> 24) << 2)) ^
        load<i32>(1024 + (((r5_3 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r5_0 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r5_1 & 255) << 2)) ^
        k26;
      const r6_3: i32 =
        load<i32>(0 + ((r5_3 >>> 24) << 2)) ^
        load<i32>(1024 + (((r5_0 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r5_1 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r5_2 & 255) << 2)) ^
        k27;
      const r7_0: i32 =
        load<i32>(0 + ((r6_0 >>> 24) << 2)) ^
        load<i32>(1024 + (((r6_1 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r6_2 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r6_3 & 255) << 2)) ^
        k28;
      const r7_1: i32 =
        load<i32>(0 + ((r6_1 >>> 24) << 2)) ^
        load<i32>(1024 + (((r6_2 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r6_3 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r6_0 & 255) << 2)) ^
        k29;
      const r7_2: i32 =
        load<i32>(0 + ((r6_2 >>> 24) << 2)) ^
        load<i32>(1024 + (((r6_3 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r6_0 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r6_1 & 255) << 2)) ^
        k30;
      const r7_3: i32 =
        load<i32>(0 + ((r6_3 >>> 24) << 2)) ^
        load<i32>(1024 + (((r6_0 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r6_1 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r6_2 & 255) << 2)) ^
        k31;
      const r8_0: i32 =
        load<i32>(0 + ((r7_0 >>> 24) << 2)) ^
        load<i32>(1024 + (((r7_1 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r7_2 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r7_3 & 255) << 2)) ^
        k32;
      const r8_1: i32 =
        load<i32>(0 + ((r7_1 >>> 24) << 2)) ^
        load<i32>(1024 + (((r7_2 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r7_3 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r7_0 & 255) << 2)) ^
        k33;
      const r8_2: i32 =
        load<i32>(0 + ((r7_2 >>> 24) << 2)) ^
        load<i32>(1024 + (((r7_3 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r7_0 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r7_1 & 255) << 2)) ^
        k34;
      const r8_3: i32 =
        load<i32>(0 + ((r7_3 >>> 24) << 2)) ^
        load<i32>(1024 + (((r7_0 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r7_1 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r7_2 & 255) << 2)) ^
        k35;
      const r9_0: i32 =
        load<i32>(0 + ((r8_0 >>> 24) << 2)) ^
        load<i32>(1024 + (((r8_1 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r8_2 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r8_3 & 255) << 2)) ^
        k36;
      const r9_1: i32 =
        load<i32>(0 + ((r8_1 >>> 24) << 2)) ^
        load<i32>(1024 + (((r8_2 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r8_3 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r8_0 & 255) << 2)) ^
        k37;
      const r9_2: i32 =
        load<i32>(0 + ((r8_2 >>> 24) << 2)) ^
        load<i32>(1024 + (((r8_3 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r8_0 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r8_1 & 255) << 2)) ^
        k38;
      const b0: i32 = <i32>load<u8>(4096 + (r9_0 >>> 24)) ^ kf0;
      const b1: i32 = <i32>load<u8>(4096 + ((r9_1 >>> 16) & 255)) ^ kf1;
      const b2: i32 = <i32>load<u8>(4096 + ((r9_2 >>> 8) & 255)) ^ kf2;
      const bit: i32 = (b0 << 12) | (b1 << 4) | (b2 >>> 4);
      if ((<i32>load<u8>(FILTER + (bit >>> 3)) & (1 << (bit & 7))) === 0) continue;
      const r9_3: i32 =
        load<i32>(0 + ((r8_3 >>> 24) << 2)) ^
        load<i32>(1024 + (((r8_0 >>> 16) & 255) << 2)) ^
        load<i32>(2048 + (((r8_1 >>> 8) & 255) << 2)) ^
        load<i32>(3072 + ((r8_2 & 255) << 2)) ^
        k39;
      const f0: i32 = ((b0 << 24) | (b1 << 16) | (b2 << 8) | <i32>load<u8>(4096 + (r9_3 & 255))) ^ (k40 & 255);
      const f1: i32 =
        (((<i32>load<u8>(4096 + (r9_1 >>> 24))) << 24) |
          ((<i32>load<u8>(4096 + ((r9_2 >>> 16) & 255))) << 16) |
          ((<i32>load<u8>(4096 + ((r9_3 >>> 8) & 255))) << 8) |
          <i32>load<u8>(4096 + (r9_0 & 255))) ^
        k41;
      const f2: i32 =
        (((<i32>load<u8>(4096 + (r9_2 >>> 24))) << 24) |
          ((<i32>load<u8>(4096 + ((r9_3 >>> 16) & 255))) << 16) |
          ((<i32>load<u8>(4096 + ((r9_0 >>> 8) & 255))) << 8) |
          <i32>load<u8>(4096 + (r9_1 & 255))) ^
        k42;
      const f3: i32 =
        (((<i32>load<u8>(4096 + (r9_3 >>> 24))) << 24) |
          ((<i32>load<u8>(4096 + ((r9_0 >>> 16) & 255))) << 16) |
          ((<i32>load<u8>(4096 + ((r9_1 >>> 8) & 255))) << 8) |
          <i32>load<u8>(4096 + (r9_2 & 255))) ^
        k43;
      const o: usize = OUT + ((<usize>found) << 4);
      store<i32>(o, bswap<i32>(f0));
      store<i32>(o + 4, bswap<i32>(f1));
      store<i32>(o + 8, bswap<i32>(f2));
      store<i32>(o + 12, bswap<i32>(f3));
      store<u32>(INTS + ((<usize>found) << 2), start + <u32>j);
      found++;
    }
  }
  return found;
}
