/**
 * Runs the HR sync against a loopback server (embedded database, 127.0.0.1): CSV import, SCIM sync, the daily
 * health-check request, the report and the signed webhooks.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import type { DirectoryUser } from '../src/hr-sync';
import { startWebhookReceiver } from '../src/hr-sync';
import { answerHealthCheck, localServer, runHrSync } from '../src/main';

const csv = readFileSync(new URL('../data/employees.csv', import.meta.url), 'utf8');
const directory = JSON.parse(readFileSync(new URL('../data/directory.json', import.meta.url), 'utf8')) as DirectoryUser[];
const date = '2026-11-27';

test('CSV + SCIM sync, health-check request, compliance report and verified webhooks', async () => {
  const local = await localServer();
  try {
    const lines: string[] = [];
    const result = await runHrSync(local.hr, {
      csv,
      directory,
      date,
      print: (l) => lines.push(l),
      beforeReport: async () => {
        await answerHealthCheck(local.hr, 'NV-001', date, false);
        await answerHealthCheck(local.hr, 'NV-007', date, true);
        await Promise.allSettled([...local.server.deps.background]);
      },
    });
    // CSV: six rows, one with a bad phone number rejected with its row and column.
    assert.deepEqual([result.csv.created, result.csv.updated, result.csv.rejected], [5, 0, 1]);
    assert.deepEqual(
      result.csv.errors.map((e) => [e.row, e.column]),
      [[6, 'phone']],
    );
    // SCIM: NV-007 and NV-008 are new, NV-002's name changed, NV-004 left (deactivated), NV-001/003 unchanged.
    assert.deepEqual(result.scim, { created: 2, updated: 1, deactivated: 1, unchanged: 2 });
    // Active now: NV-001, 002, 003, 007, 008 (NV-005 was inactive in the CSV, NV-006 rejected, NV-004 deactivated).
    assert.equal(result.requested, 5);
    assert.equal(result.report.compliance.activeEmployees, 5);
    assert.equal(result.report.compliance.submitted, 2);
    assert.equal(result.report.compliance.missing.length, 3);
    assert.equal(result.report.compliance.withSymptoms.length, 1);
    assert.ok(lines.some((l) => l.startsWith('Health checks 2026-11-27: 2 of 5')));
    // Webhooks: every event arrived once with a valid signature.
    assert.equal(result.refused, 0);
    const types = result.events.map((e) => e.type).sort();
    assert.deepEqual(types, [
      'employee.provisioned',
      'employee.provisioned',
      'employee.provisioned',
      'health_check.requested',
      'health_check.submitted',
      'health_check.submitted',
    ]);
    // A second run creates nobody. The payroll CSV still has NV-002's old name and lists NV-004 as active, so its
    // import reverts both and the directory sync corrects them again: the directory has the last word.
    const again = await runHrSync(local.hr, { csv, directory, date });
    assert.deepEqual([again.csv.created, again.csv.rejected], [0, 1]);
    assert.deepEqual(again.scim, { created: 0, updated: 1, deactivated: 1, unchanged: 4 });
  } finally {
    await local.close();
  }
});

test('the receiver refuses deliveries without a valid Standard Webhooks signature', async () => {
  const receiver = await startWebhookReceiver();
  const secret = `whsec_${Buffer.from('a'.repeat(24)).toString('base64')}`;
  receiver.setSecret(secret);
  try {
    const body = JSON.stringify({ type: 'risk.assessed', timestamp: new Date().toISOString(), data: { band: null } });
    const at = new Date();
    const headers = (signature: string, when = at) => ({
      'content-type': 'application/json',
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(Math.floor(when.getTime() / 1000)),
      'webhook-signature': signature,
    });
    const good = new Webhook(secret).sign('msg_1', at, body);
    const forged = new Webhook(`whsec_${Buffer.from('b'.repeat(24)).toString('base64')}`).sign('msg_1', at, body);
    const old = new Date(at.getTime() - 10 * 60_000);
    const stale = new Webhook(secret).sign('msg_1', old, body);
    assert.equal((await fetch(receiver.url, { method: 'POST', headers: headers(forged), body })).status, 401);
    assert.equal((await fetch(receiver.url, { method: 'POST', headers: headers(stale, old), body })).status, 401);
    assert.equal((await fetch(receiver.url, { method: 'POST', headers: headers(good), body: `${body} ` })).status, 401);
    assert.equal((await fetch(receiver.url, { method: 'POST', headers: headers(good), body })).status, 204);
    assert.equal(receiver.refused, 3);
    assert.equal(receiver.events.length, 1);
  } finally {
    await receiver.close();
  }
});
