import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { declarationJsonSchema } from '@healthtrace/declaration';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli';

const run = runCli;

const dir = mkdtempSync(join(tmpdir(), 'healthtrace-declaration-'));
const file = (name: string, content: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

const no = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, false]));
const employee = {
  date: '2021-05-20',
  employeeId: ' NV-0042 ',
  department: 'Xưởng may 2',
  symptoms: no(['fever', 'cough', 'shortnessOfBreath', 'pneumonia', 'soreThroat', 'fatigue']),
  exposure: no(['confirmedOrSuspectedCase', 'personFromAffectedCountry', 'personWithSymptoms']),
};

describe('healthtrace declaration validate', () => {
  it('exits 0 and prints the normalised declaration for a valid file', async () => {
    const { code, stdout, stderr } = await run('declaration', 'validate', file('ok.json', employee), '--schema', 'employee', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({
      valid: true,
      schema: 'employee',
      schemaId: 'https://healthtrace.dev/schemas/declaration/employee/v1.json',
      issues: [],
    });
    expect(result.data.employeeId).toBe('NV-0042');
  });

  it('exits 1 and lists coded issues (Vietnamese by default, English with --lang en)', async () => {
    const bad = file('bad.json', { ...employee, department: '', extra: true });
    const vi = await run('declaration', 'validate', bad, '--schema', 'employee', '--json');
    expect(vi.code).toBe(1);
    const result = JSON.parse(vi.stdout);
    expect(result.valid).toBe(false);
    expect(result.issues.map((i: { code: string; path: string[] }) => `${i.code} ${i.path.join('.')}`).sort()).toEqual([
      'declaration/too-short department',
      'declaration/unknown-field extra',
    ]);
    expect(result.issues.find((i: { code: string }) => i.code === 'declaration/too-short').message).toBe(
      'Mục “Bộ phận làm việc” cần ít nhất 1 ký tự.',
    );
    const en = await run('declaration', 'validate', bad, '--schema', 'employee', '--lang', 'en');
    expect(en.code).toBe(1);
    expect(en.stdout).toMatch(/^invalid employee declaration: 2 issue\(s\)\n/);
    expect(en.stdout).toMatch(/department: “Department” must be at least 1 character long\. \[declaration\/too-short\]/);
  });

  it('--check-units checks the unit codes against the scheme of the declaration date', async () => {
    const movement = {
      declarationDate: '2025-08-01',
      fullName: 'Trần Thị Bình',
      birthYear: 1970,
      sex: 'female',
      phone: '0987654321',
      address: { provinceCode: '27', wardCode: '07210', street: 'Thôn Đông' },
      origin: { provinceCode: '24' },
      destination: { provinceCode: '01' },
    };
    const path = file('movement.json', movement);
    expect((await run('declaration', 'validate', path, '--schema', 'movement')).code).toBe(0);
    const checked = await run('declaration', 'validate', path, '--schema', 'movement', '--check-units', '--json');
    expect(checked.code).toBe(1);
    expect(JSON.parse(checked.stdout).issues[0]).toMatchObject({
      code: 'declaration/unknown-admin-unit',
      path: ['address', 'provinceCode'],
    });
  });

  it('defaults to the domestic schema', async () => {
    const { code, stdout } = await run(
      'declaration',
      'validate',
      file('daily.json', { date: '2021-05-20', states: ['healthy'] }),
      '--json',
    );
    expect(code).toBe(1);
    expect(JSON.parse(stdout).schema).toBe('domestic');
  });

  it('exits 2 on unreadable input and bad options', async () => {
    const missing = await run('declaration', 'validate', join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^healthtrace: io\/not-found: /);
    const garbage = await run('declaration', 'validate', file('garbage.json', '{nope'));
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toMatch(/^healthtrace: declaration\/bad-json: /);
    expect((await run('declaration', 'validate', file('x.json', {}), '--schema', 'passport')).code).toBe(2);
    expect((await run('declaration', 'validate', file('y.json', {}), '--lang', 'fr')).code).toBe(2);
  });
});

describe('healthtrace declaration schema', () => {
  it('prints the JSON Schema of a kind', async () => {
    const { code, stdout } = await run('declaration', 'schema', 'entry');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(declarationJsonSchema('entry'));
    expect((await run('declaration', 'schema', 'nope')).code).toBe(2);
  });
});

describe('healthtrace risk-assessment score', () => {
  it('reports an incomplete Decision 2194 assessment with the missing criteria', async () => {
    const { code, stdout } = await run(
      'risk-assessment',
      'score',
      file('answers.json', { cs1: 320, cs2: 'under-1m2', cs3: 'none' }),
      '--json',
    );
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ criteriaSet: 'vn-2194-2020', complete: false, points: 14, maxTotal: 300, index: null, band: null });
    expect(result.missing).toHaveLength(12);
  });

  it('scores a complete provincial variant loaded with --criteria', async () => {
    const criteria = {
      id: 'variant',
      title: { vi: 'Bộ tiêu chí thử', en: 'Test criteria' },
      source: 'test',
      maxTotal: 300,
      bands: [
        { id: 'very-low', maxIndex: 15, label: { vi: 'Rất ít nguy cơ', en: 'Very low risk' } },
        { id: 'low', maxIndex: 30, label: { vi: 'Nguy cơ lây nhiễm thấp', en: 'Low risk' } },
        { id: 'medium', maxIndex: 50, label: { vi: 'Nguy cơ lây nhiễm trung bình', en: 'Medium risk' } },
        { id: 'high', maxIndex: 80, label: { vi: 'Nguy cơ lây nhiễm cao', en: 'High risk' } },
        { id: 'very-high', maxIndex: null, label: { vi: 'Nguy cơ lây nhiễm rất cao', en: 'Very high risk' } },
      ],
      criteria: [1, 2, 3].map((n) => ({
        id: `c${n}`,
        number: n,
        title: { vi: `Tiêu chí ${n}`, en: `Criterion ${n}` },
        maxPoints: 100,
        optionsComplete: true,
        options: [
          { id: 'low', label: { vi: 'Thấp', en: 'Low' }, points: 10 },
          { id: 'high', label: { vi: 'Cao', en: 'High' }, points: 100 },
        ],
      })),
    };
    const answers = file('variant-answers.json', { answers: { c1: 'high', c2: 'low', c3: 'low' } });
    const { code, stdout } = await run('risk-assessment', 'score', answers, '--criteria', file('criteria.json', criteria), '--lang', 'en');
    expect(code).toBe(0);
    expect(stdout).toBe('Test criteria\npoints: 120 / 300\nindex: 40 — Medium risk (medium)\n');
  });

  it('exits 2 for unknown options or an invalid criteria set', async () => {
    const unknown = await run('risk-assessment', 'score', file('bad-answers.json', { cs3: 'f1' }));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^healthtrace: risk\/unknown-option: /);
    const badSet = await run('risk-assessment', 'score', file('a2.json', {}), '--criteria', file('bad-set.json', { id: 'x' }));
    expect(badSet.code).toBe(2);
    expect(badSet.stderr).toMatch(/^healthtrace: risk\/bad-criteria-set: /);
  });
});
