/**
 * Drives `/dashboard` in Debian's chromium (headless) through playwright-core: load, enter the enterprise API
 * key, see compliance, warnings and the map; assess the workplace risk and see it in the history; then as the
 * health authority (tenant picked from the list). The credential never appears in a URL.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type DashboardDemo, startDashboardDemo } from '../src/seed';

// The committed screenshot is written when missing or with HEALTHTRACE_UPDATE_SCREENSHOTS=1; otherwise under out/.
const COMMITTED = fileURLToPath(new URL('../../../docs/images/dashboard.png', import.meta.url));
const SCREENSHOT =
  process.env.HEALTHTRACE_UPDATE_SCREENSHOTS === '1' || !existsSync(COMMITTED)
    ? COMMITTED
    : fileURLToPath(new URL('../out/dashboard.png', import.meta.url));

let demo: DashboardDemo;
let browser: Browser;
const pageErrors: string[] = [];
const requestedUrls: string[] = [];

before(async () => {
  demo = await startDashboardDemo();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
  await demo?.close();
});

async function open(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1180, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('request', (r) => requestedUrls.push(r.url()));
  await page.goto(`${demo.url}/dashboard`);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

test('enterprise: compliance, venue warnings, map; risk assessment saved and listed; screenshot', async () => {
  const page = await open();
  assert.equal(await page.textContent('h1'), 'healthtrace — enterprise and health-authority dashboard');
  await page.fill('#credential', demo.apiKey);
  await page.fill('#tenant', demo.tenantId);
  await page.click('#connect');
  await page.waitForSelector('body[data-loaded="true"]');
  assert.match((await page.textContent('#status')) ?? '', /Up to date/);
  // 4 of 6 employees answered today; one reports symptoms, two are missing.
  assert.equal(await page.textContent('#compliance-rate'), '67 %');
  assert.match((await page.textContent('#compliance-counts')) ?? '', /4 of 6 active employees/);
  const rows = await page.$$eval('#compliance-list tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
  assert.equal(rows.filter((r) => r.endsWith('symptoms')).length, 1);
  assert.deepEqual(rows.filter((r) => r.endsWith('missing')).sort(), ['Hoàng Văn Emmissing', 'Vũ Thị Giangmissing']);
  // The venue warning and the map (Hà Nội 8 and TP Hồ Chí Minh 6 declarations with symptoms, both above k = 5).
  assert.equal(await page.textContent('#warnings-count'), '1');
  assert.equal(await page.locator('#map path').count(), 34);
  assert.match((await page.textContent('#map-legend')) ?? '', /Hà Nội: 8/);
  assert.match((await page.textContent('#map-legend')) ?? '', /Hồ Chí Minh: 6/);
  assert.notEqual(await page.getAttribute('#map path[data-code="01"]', 'fill'), '#e8ecf0');

  // Workplace risk: the published criteria only, so the assessment is stored as incomplete and listed.
  await page.selectOption('#cs1', 'under-50');
  await page.selectOption('#cs2', '1m2-or-more');
  await page.selectOption('#cs3', 'none');
  await page.click('#risk-submit');
  await page.waitForSelector('#risk-history tr');
  assert.match((await page.textContent('#risk-result')) ?? '', /Incomplete: criteria cs4/);
  assert.match((await page.textContent('#risk-history')) ?? '', /incomplete/);
  // The credential field is cleared after connecting.
  assert.equal(await page.inputValue('#credential'), '');
  mkdirSync(dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  await page.context().close();
});

test('health authority: the token lists the enterprises; risk history yes, employee compliance no', async () => {
  const page = await open();
  await page.fill('#credential', demo.healthAuthorityToken);
  await page.click('#connect');
  await page.waitForSelector('body[data-loaded="true"]');
  assert.equal(await page.textContent('#who'), 'Health authority');
  assert.equal(await page.isVisible('#tenant-picker'), true);
  assert.equal(await page.inputValue('#tenant-select'), demo.tenantId);
  assert.match((await page.textContent('#status')) ?? '', /Up to date/);
  assert.equal(await page.locator('#risk-history tr').count(), 1);
  assert.match((await page.textContent('#compliance-counts')) ?? '', /only the enterprise API key/);
  assert.equal(await page.textContent('#warnings-count'), '1');
  await page.context().close();
});

test('a wrong key shows the problem, and no credential ever appears in a URL', async () => {
  const page = await open();
  await page.fill('#credential', 'htk_0000000000000000_wrong');
  await page.fill('#tenant', demo.tenantId);
  await page.click('#connect');
  await page.waitForSelector('body[data-loaded="true"]');
  assert.equal(await page.getAttribute('#status', 'class'), 'error');
  await page.context().close();
  for (const url of requestedUrls) {
    assert.ok(!url.includes(demo.apiKey) && !url.includes(demo.healthAuthorityToken) && !url.includes('wrong'), url);
  }
  assert.deepEqual(pageErrors, []);
});
