/**
 * A reduced town (200 residents): the report and posters are written and the summary's numbers agree with each
 * other and with what the server stored.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runDemo } from '../src/main';

test('a town of 200 residents: report, posters and consistent numbers', async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'town-demo-test-'));
  try {
    const { summary: s, reportPath } = await runDemo({ residents: 200, outDir });
    // The report: numbers, two charts and the map, plus one poster per venue.
    const html = readFileSync(reportPath, 'utf8');
    assert.ok(existsSync(reportPath));
    assert.ok((html.match(/<svg/g) ?? []).length >= 3, 'charts and the map are inline SVG');
    assert.match(html, /Declarations with symptoms per province/);
    assert.equal((html.match(/<title>[^<]*: \d+ declarations with symptoms<\/title>/g) ?? []).length, 34, 'one shape per province');
    assert.equal(readdirSync(join(outDir, 'posters')).length, s.venues.length);
    assert.match(readFileSync(join(outDir, 'posters', s.venues[0]!.poster), 'utf8'), /<svg/);

    assert.equal(s.residents, 200);
    // Every declaration sent was stored exactly once, including those queued offline and delivered later.
    assert.equal(s.declarations.stored, s.declarations.sent);
    assert.equal(s.declarations.deliveredOnline + s.declarations.deliveredLater, s.declarations.sent);
    assert.equal(s.declarations.deliveredLater, s.declarations.queuedOffline);
    assert.ok(s.declarations.queuedOffline + s.checkIns.queuedOffline > 0, 'some residents were offline');
    assert.equal(s.checkIns.deliveredOnline + s.checkIns.deliveredLater, s.checkIns.sent);
    assert.equal(s.checkIns.deliveredLater, s.checkIns.queuedOffline);
    assert.equal(
      s.declarations.perDay.reduce((n, d) => n + d.count, 0),
      s.declarations.sent,
    );
    // The positive resident's 14 daily keys went into signed, padded exports every phone downloaded.
    assert.equal(s.indexCase.keysPublished, 14);
    assert.ok(s.exports.files.length >= 1);
    assert.ok(s.exports.keys >= 1000, 'padded to at least 1,000 keys');
    assert.equal(s.exports.downloads, s.appUsers);
    assert.ok(s.matching.notified <= s.matching.phonesWithMatches);
    assert.ok(s.matching.phonesWithMatches <= s.appUsers);
    assert.equal(
      Object.values(s.matching.notifiedByDay).reduce((a, b) => a + b, 0),
      s.matching.notified,
    );
    // Enterprises: SCIM-provisioned employees are the active employees; webhooks all verified and accounted for.
    assert.equal(s.webhooks.rejected, 0);
    let perTenant = 0;
    for (const e of s.enterprises) {
      assert.equal(e.compliance.activeEmployees, e.employees);
      assert.ok(e.compliance.submitted <= e.employees);
      assert.equal(e.compliance.missing, e.employees - e.compliance.submitted);
      assert.equal(e.webhooks['employee.provisioned'] ?? 0, e.employees);
      assert.equal(e.webhooks['health_check.submitted'] ?? 0, e.compliance.submitted);
      assert.equal(e.webhooks['risk.assessed'], 1);
      perTenant += Object.values(e.webhooks).reduce((a, b) => a + b, 0);
    }
    assert.equal(perTenant, s.webhooks.received);
    // The map covers the 34 provinces of 2025.
    assert.equal(Object.keys(s.aggregates.symptomsByProvince).length, 34);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
});
