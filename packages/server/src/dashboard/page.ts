/**
 * The enterprise and health-authority dashboard: one static page (HTML, CSS and a small script, no build step)
 * that talks to the public API from the browser. The credential is typed into the page and kept in memory only
 * (never in the URL, never stored); every request sends it in a header.
 */

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2733;background:#f5f7f9}
header{background:#12395b;color:#fff;padding:.8rem 1.5rem}header h1{margin:0;font-size:1.3rem}
main{max-width:1150px;margin:0 auto;padding:1rem 1.5rem}
form.login{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end;background:#fff;padding:1rem;border-radius:6px;border:1px solid #d5dbe1}
label{display:flex;flex-direction:column;font-size:12px;color:#44515e;gap:.2rem}
input,select,button{font:inherit;padding:.35rem .5rem}button{background:#1b6ca8;color:#fff;border:0;border-radius:4px;cursor:pointer}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(330px,1fr));gap:1rem;margin-top:1rem}
section{background:#fff;border:1px solid #d5dbe1;border-radius:6px;padding:.8rem 1rem}section h2{font-size:1.05rem;margin:.2rem 0 .6rem}
.big{font-size:2rem;font-weight:700}.muted{color:#66727f;font-size:12px}
table{border-collapse:collapse;width:100%;table-layout:fixed}td{overflow-wrap:anywhere}td,th{border-bottom:1px solid #e4e8ec;padding:.25rem .4rem;text-align:left;font-size:13px}
.error{color:#b00020}.ok{color:#1e7b34}[hidden]{display:none!important}
`;

const SCRIPT = `
'use strict';
var state = { credential: null, kind: 'api-key', tenantId: null };
var $ = function (id) { return document.getElementById(id); };
function el(tag, attrs, children) {
  var e = document.createElement(tag);
  for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
  (children || []).forEach(function (c) { e.append(c instanceof Node ? c : document.createTextNode(String(c))); });
  return e;
}
function headers(json) {
  var h = { Accept: 'application/json' };
  if (json) h['Content-Type'] = 'application/json';
  if (state.kind === 'api-key') h['X-API-Key'] = state.credential; else h.Authorization = 'Bearer ' + state.credential;
  return h;
}
async function api(path, options) {
  options = options || {};
  var res = await fetch(path, { method: options.method || 'GET', headers: headers(options.body !== undefined), body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  var text = await res.text();
  var data = text ? JSON.parse(text) : null;
  if (!res.ok) throw new Error((data && (data.title || data.detail)) || ('HTTP ' + res.status));
  return data;
}
function today() { return new Date().toISOString().slice(0, 10); }
function daysAgo(n) { return new Date(Date.now() - n * 86400000).toISOString().slice(0, 10); }

async function loadCompliance() {
  var date = $('date').value || today();
  var c = await api('/v1/tenants/' + encodeURIComponent(state.tenantId) + '/compliance?date=' + date);
  var pct = c.activeEmployees ? Math.round((100 * c.submitted) / c.activeEmployees) : 0;
  $('compliance-rate').textContent = pct + ' %';
  $('compliance-counts').textContent = c.submitted + ' of ' + c.activeEmployees + ' active employees answered on ' + c.date;
  var rows = c.withSymptoms.map(function (s) { return el('tr', {}, [el('td', {}, [s.displayName || s.employeeId]), el('td', {}, ['symptoms'])]); })
    .concat(c.missing.map(function (m) { return el('tr', {}, [el('td', {}, [m.displayName]), el('td', {}, ['missing'])]); }));
  $('compliance-list').replaceChildren.apply($('compliance-list'), rows);
}
async function loadRisk() {
  var page = await api('/v1/tenants/' + encodeURIComponent(state.tenantId) + '/risk-assessments?limit=10');
  var rows = page.items.map(function (a) {
    return el('tr', {}, [el('td', {}, [a.createdAt.slice(0, 16).replace('T', ' ')]), el('td', {}, [a.complete ? a.band : 'incomplete']),
      el('td', {}, [a.complete ? String(a.index) : (a.missingCriteria.length + ' criteria unpublished')])]);
  });
  $('risk-history').replaceChildren.apply($('risk-history'), rows);
}
async function loadWarnings() {
  var w = await api('/v1/venue-warnings?since=' + daysAgo(14) + 'T00:00:00Z');
  var rows = w.warnings.map(function (x) {
    return el('tr', {}, [el('td', {}, [x.publishedAt.slice(0, 16).replace('T', ' ')]), el('td', {}, [String(x.identifiers.length)]), el('td', {}, [x.message || ''])]);
  });
  $('warnings-count').textContent = String(w.warnings.length);
  $('warnings-list').replaceChildren.apply($('warnings-list'), rows);
}
function ring(points, box) {
  return points.map(function (p, i) {
    var x = (p[0] - box.x0) * box.k, y = (box.y1 - p[1]) * box.k;
    return (i ? 'L' : 'M') + x.toFixed(1) + ',' + y.toFixed(1);
  }).join('') + 'Z';
}
async function loadMap() {
  var g = await api('/v1/aggregates.geojson?from=' + daysAgo(13) + '&to=' + today());
  var polys = function (geom) { return geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates; };
  var x0 = 180, x1 = -180, y0 = 90, y1 = -90;
  g.features.forEach(function (f) { polys(f.geometry).forEach(function (p) { p[0].forEach(function (c) { x0 = Math.min(x0, c[0]); x1 = Math.max(x1, c[0]); y0 = Math.min(y0, c[1]); y1 = Math.max(y1, c[1]); }); }); });
  // An equirectangular projection is enough at Vietnam's latitudes for a choropleth.
  var k = 560 / (y1 - y0), box = { x0: x0, y1: y1, k: k };
  var totals = g.features.map(function (f) { return f.properties.days.reduce(function (n, d) { return n + (d.declarationsWithSymptoms || 0); }, 0); });
  var max = Math.max.apply(null, [1].concat(totals));
  var svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ' + ((x1 - x0) * k).toFixed(0) + ' 560" width="300" role="img" aria-label="Declarations with symptoms per province">';
  g.features.forEach(function (f, i) {
    var n = totals[i], fill = n > 0 ? 'rgba(209,73,91,' + (0.25 + 0.75 * n / max).toFixed(2) + ')' : '#e8ecf0';
    var d = polys(f.geometry).map(function (p) { return p.map(function (r) { return ring(r, box); }).join(''); }).join('');
    svg += '<path data-code="' + f.properties.code + '" d="' + d + '" fill="' + fill + '" stroke="#8a96a3" stroke-width="0.6"><title>' + f.properties.name.replace(/</g, '') + ': ' + n + '</title></path>';
  });
  $('map').innerHTML = svg + '</svg>';
  var shown = g.features.map(function (f, i) { return { name: f.properties.name, n: totals[i] }; }).filter(function (x) { return x.n > 0; });
  $('map-legend').textContent = shown.length ? shown.map(function (x) { return x.name + ': ' + x.n; }).join(' · ') : 'No province above the k = ' + g.k + ' threshold in the last 14 days.';
}
async function refresh() {
  $('status').textContent = 'Loading…';
  $('status').className = '';
  var jobs = [loadWarnings(), loadMap()];
  if (state.tenantId) jobs.push(loadRisk());
  // Compliance names employees: the server shows it to the enterprise's own key only.
  if (state.tenantId && state.kind === 'api-key') jobs.push(loadCompliance());
  else {
    $('compliance-rate').textContent = '–';
    $('compliance-counts').textContent = 'Employee names are personal data: only the enterprise API key can read compliance.';
  }
  var results = await Promise.allSettled(jobs);
  var failed = results.filter(function (r) { return r.status === 'rejected'; });
  $('status').textContent = failed.length ? failed.map(function (r) { return r.reason.message; }).join('; ') : 'Up to date (' + new Date().toLocaleTimeString() + ')';
  $('status').className = failed.length ? 'error' : 'ok';
  document.body.dataset.loaded = 'true';
}
$('login').addEventListener('submit', async function (event) {
  event.preventDefault();
  state.credential = $('credential').value.trim();
  state.kind = $('credential').value.trim().indexOf('htk_') === 0 ? 'api-key' : 'health-authority';
  state.tenantId = $('tenant').value.trim() || null;
  $('credential').value = '';
  if (!state.tenantId && state.kind === 'health-authority') {
    try {
      var tenants = await api('/v1/tenants?limit=100');
      var select = $('tenant-select');
      select.replaceChildren.apply(select, tenants.items.map(function (t) { return el('option', { value: t.id }, [t.name]); }));
      $('tenant-picker').hidden = tenants.items.length === 0;
      state.tenantId = tenants.items.length ? tenants.items[0].id : null;
    } catch (e) { $('status').textContent = e.message; $('status').className = 'error'; return; }
  }
  $('who').textContent = state.kind === 'api-key' ? 'Enterprise API key' : 'Health authority';
  $('tenant-sections').hidden = !state.tenantId;
  $('app').hidden = false;
  await refresh();
});
$('tenant-select').addEventListener('change', function () { state.tenantId = $('tenant-select').value; refresh(); });
$('date').addEventListener('change', function () { refresh(); });
$('risk-form').addEventListener('submit', async function (event) {
  event.preventDefault();
  var answers = {};
  ['cs1', 'cs2', 'cs3'].forEach(function (k) { var v = $(k).value; if (v) answers[k] = v; });
  try {
    var a = await api('/v1/tenants/' + encodeURIComponent(state.tenantId) + '/risk-assessments', { method: 'POST', body: { answers: answers } });
    $('risk-result').textContent = a.complete ? 'Risk: ' + a.band + ' (index ' + a.index + ')' : 'Saved. Incomplete: criteria ' + a.missingCriteria.join(', ') + ' are not published.';
    $('risk-result').className = 'ok';
    await loadRisk();
  } catch (e) { $('risk-result').textContent = e.message; $('risk-result').className = 'error'; }
});
$('date').value = today();
document.body.dataset.ready = 'true';
`;

const select = (id: string, label: string, options: readonly [string, string][]): string =>
  `<label for="${id}">${label}<select id="${id}"><option value="">—</option>${options
    .map(([v, t]) => `<option value="${v}">${t}</option>`)
    .join('')}</select></label>`;

/** The dashboard page (`GET /dashboard`). */
export const DASHBOARD_HTML: string = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>healthtrace dashboard</title><style>${STYLE}</style></head>
<body><header><h1>healthtrace — enterprise and health-authority dashboard</h1></header><main>
<form id="login" class="login" autocomplete="off">
<label for="credential">API key (htk_…) or health-authority token<input id="credential" type="password" size="48" required></label>
<label for="tenant">Tenant id (optional for the health authority)<input id="tenant" size="24"></label>
<button type="submit" id="connect">Connect</button>
<span class="muted">The key stays in this page's memory and is sent only in request headers.</span>
</form>
<p id="status" role="status" aria-live="polite"></p>
<div id="app" hidden>
<p class="muted">Signed in with: <strong id="who"></strong></p>
<p id="tenant-picker" hidden><label for="tenant-select">Enterprise<select id="tenant-select"></select></label></p>
<div class="grid">
<div id="tenant-sections">
<section aria-labelledby="h-compliance"><h2 id="h-compliance">Employee compliance</h2>
<label for="date">Day<input id="date" type="date"></label>
<div class="big" id="compliance-rate">–</div><div id="compliance-counts" class="muted"></div>
<table><tbody id="compliance-list"></tbody></table></section>
<section aria-labelledby="h-risk"><h2 id="h-risk">Workplace risk assessment (Decision 2194)</h2>
<form id="risk-form">
${select('cs1', 'CS1 — number of workers', [
  ['under-50', 'under 50'],
  ['50-199', '50–199'],
  ['200-499', '200–499'],
  ['500-999', '500–999'],
  ['1000-4999', '1,000–4,999'],
  ['5000-plus', '5,000 or more'],
])}
${select('cs2', 'CS2 — space per worker', [
  ['1m2-or-more', '1 m² or more'],
  ['under-1m2', 'under 1 m²'],
])}
${select('cs3', 'CS3 — contact with cases', [
  ['none', 'none'],
  ['second-ring-contact', 'second-ring contact (F2)'],
])}
<button type="submit" id="risk-submit">Assess</button></form>
<p id="risk-result" role="status"></p>
<table><thead><tr><th>when</th><th>band</th><th>index</th></tr></thead><tbody id="risk-history"></tbody></table></section>
</div>
<section aria-labelledby="h-warnings"><h2 id="h-warnings">Venue warnings (last 14 days)</h2>
<div class="big" id="warnings-count">–</div>
<table><thead><tr><th>published</th><th>identifiers</th><th>message</th></tr></thead><tbody id="warnings-list"></tbody></table></section>
<section aria-labelledby="h-map"><h2 id="h-map">Epidemiological map: declarations with symptoms</h2>
<div id="map"></div><p id="map-legend" class="muted"></p></section>
</div></div></main>
<script>${SCRIPT}</script></body></html>
`;
