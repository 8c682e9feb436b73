import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { runSweep } from '../src/sweep';

const out = mkdtempSync(join(tmpdir(), 'research-sweep-'));
after(() => rmSync(out, { recursive: true, force: true }));

test('a tiny sweep writes well-formed ROC and heat-map SVGs and a JSON summary', () => {
  const summary = runSweep({ agents: 300, days: 3, seed: 7, t0: [50, 55], t1: [60, 65, 70], out });
  // Every pair with t0 < t1: 2 × 3.
  assert.equal(summary.rows.length, 6);
  for (const r of summary.rows) {
    for (const v of [r.recall, r.precision, r.auc]) assert.ok(Number.isNaN(v) || (v >= 0 && v <= 1), `${JSON.stringify(r)}`);
  }
  const parser = new XMLParser({ ignoreAttributes: false });
  for (const file of [summary.files.roc, summary.files.recallHeatmap, summary.files.precisionHeatmap]) {
    assert.ok(existsSync(file), file);
    const text = readFileSync(file, 'utf8');
    assert.equal(XMLValidator.validate(text), true, `${file} is not well-formed XML`);
    const svg = parser.parse(text).svg;
    assert.equal(svg['@_xmlns'], 'http://www.w3.org/2000/svg');
    assert.ok(Number(svg['@_width']) > 0 && Number(svg['@_height']) > 0);
  }
  // The heat maps have one cell per grid point (t0 × t1), each a filled rect.
  const heat = readFileSync(summary.files.recallHeatmap, 'utf8');
  assert.ok((heat.match(/<rect /g) ?? []).length >= 1 + 6);
  const json = JSON.parse(readFileSync(summary.files.summary, 'utf8'));
  assert.deepEqual(json.config.t0, [50, 55]);
  assert.equal(json.rows.length, 6);
  assert.ok(json.rows.some((r: { t0: number; t1: number }) => r.t0 === json.best.t0 && r.t1 === json.best.t1));
  const results = JSON.parse(readFileSync(summary.files.results, 'utf8'));
  assert.equal(results.format, 'healthtrace-sim-results/1');
});
