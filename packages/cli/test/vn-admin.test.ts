import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli';

const run = runCli;

describe('healthtrace vn-admin', () => {
  it('find --date 2021: Bắc Giang is province 24 of the 63-province scheme', async () => {
    const { code, stdout, stderr } = await run('vn-admin', 'find', 'bac giang', '--date', '2021-05-20', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ query: 'bac giang', date: '2021-05-20', scheme: 'pre2025' });
    expect(result.matches[0]).toMatchObject({ level: 'province', code: '24', name: 'Tỉnh Bắc Giang', path: 'Tỉnh Bắc Giang', score: 100 });
  });

  it('find after the merger: "Bắc Giang" is a ward of Bắc Ninh (24)', async () => {
    const { code, stdout } = await run('vn-admin', 'find', 'Bắc Giang', '--date', '2025-07-01', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).matches[0]).toMatchObject({
      level: 'ward',
      code: '07210',
      provinceCode: '24',
      path: 'Phường Bắc Giang, Tỉnh Bắc Ninh',
    });
  });

  it('find narrows by parents, limits, and prints one line per unit without --json', async () => {
    const { code, stdout } = await run('vn-admin', 'find', 'phuc xa, ba dinh, ha noi', '--scheme', 'pre2025');
    expect(code).toBe(0);
    expect(stdout).toBe('00001  ward      Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội\n');
    const limited = await run('vn-admin', 'find', 'xa', '--scheme', '2025', '--limit', '3', '--json');
    expect(JSON.parse(limited.stdout).matches).toHaveLength(3);
  });

  it('find exits 1 when nothing matches, 2 on bad options', async () => {
    const none = await run('vn-admin', 'find', 'zzzz', '--scheme', '2025', '--json');
    expect(none.code).toBe(1);
    expect(JSON.parse(none.stdout).matches).toEqual([]);
    for (const argv of [
      ['--date', '2025-13-01'],
      ['--scheme', '1990'],
      ['--limit', '0'],
      ['--date', '2021-01-01', '--scheme', '2025'],
    ]) {
      const bad = await run('vn-admin', 'find', 'x', ...argv);
      expect(bad.code, argv.join(' ')).toBe(2);
      expect(bad.stderr).toMatch(/^healthtrace: usage: /);
    }
  });

  it('lookup reads a code in the scheme of the date', async () => {
    const old = await run('vn-admin', 'lookup', '07210', '--date', '2021-05-20', '--json');
    expect(JSON.parse(old.stdout).unit).toMatchObject({ name: 'Phường Hoàng Văn Thụ', scheme: 'pre2025' });
    const now = await run('vn-admin', 'lookup', '07210', '--scheme', '2025');
    expect(now.stdout).toBe('07210  ward  Phường Bắc Giang\n');
    const missing = await run('vn-admin', 'lookup', '27', '--scheme', '2025', '--json');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).unit).toBeNull();
  });

  it('convert maps a 2021 address to the 2025 units, and rejects invalid old codes with exit 2', async () => {
    const { code, stdout } = await run('vn-admin', 'convert', '--province', '24', '--district', '213', '--ward', '07210', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      ok: true,
      province: { code: '24', name: 'Tỉnh Bắc Ninh' },
      exact: true,
      wards: [{ ward: { code: '07210' }, mergeType: 'full' }],
    });
    const bad = await run('vn-admin', 'convert', '--province', '99');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^healthtrace: vn-admin\/unknown-province: /);
  });
});
