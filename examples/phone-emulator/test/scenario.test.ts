import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildGaenAdvert, parseGaenAdvert } from '@healthtrace/encounters';
import { VirtualPhone } from '../src/phone';
import { runScenario } from '../src/scenario';

test('a phone advertises real GAEN bytes: Flags, the FD6F UUID list and RPI ‖ AEM', () => {
  const phone = new VirtualPhone('P', 'Pixel 4', () => Date.parse('2026-11-20T09:00:00Z'));
  const advert = phone.advertisement();
  assert.equal(advert.length, 31);
  const parsed = parseGaenAdvert(advert);
  assert.deepEqual(buildGaenAdvert(parsed.rpi, parsed.aem), advert);
  assert.equal(parsed.flags, 0x1a);
  // The same key and interval give the same RPI; the next interval a different one.
  assert.deepEqual(phone.advertisement(), advert);
});

test('close contact is notified, a brief distant one and the index case are not', async () => {
  const report = await runScenario();
  assert.ok(report.publishedKeys >= 1);
  assert.ok(report.exportFiles.length >= 1, 'the server built at least one signed export file');
  // Padded to the server's minimum (1,000 keys plus jitter), so the file does not reveal how many people reported.
  assert.ok(report.exportedKeys >= 1000);
  const byName = Object.fromEntries(report.phones.map((p) => [p.name, p]));
  assert.equal(byName.Bob!.matchedSightings, byName.Bob!.sightings, 'every sighting Bob logged was of Alice');
  assert.equal(byName.Bob!.notifications.length, 1);
  assert.match(byName.Bob!.notifications[0]!, /2026-11-20/);
  assert.ok(byName.Carol!.matchedSightings > 0, "Carol heard Alice's keys...");
  assert.equal(byName.Carol!.notifications.length, 0, '...but too briefly and too far to be notified');
  assert.equal(byName.Alice!.matchedSightings, 0, 'Alice never matches her own keys');
  assert.equal(byName.Alice!.notifications.length, 0);
});
