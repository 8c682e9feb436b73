/**
 * `out/report.html`: the numbers of the run, charts (the sim's SVG line charts) and the epidemiological map of the
 * server's GeoJSON aggregates (province shapes projected with d3-geo), in one self-contained file.
 */
import { lineChartSvg } from '@healthtrace/sim';
import { type GeoPermissibleObjects, geoArea, geoMercator, geoPath } from 'd3-geo';
import type { TownSummary } from './town';

const esc = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const inline = (svg: string): string => svg.replace(/^<\?xml[^>]*>\s*/, '');

interface ProvinceFeature {
  type: 'Feature';
  geometry: unknown;
  properties: { code: string; name: string; days: { declarationsWithSymptoms: number | null }[] };
}

/**
 * The map: every 2025 province, filled by its declarations with symptoms over the period (k-anonymised by the
 * server: days under k are published as null and hatched here when the whole period is suppressed).
 *
 * @param geojson - the `GET /v1/aggregates.geojson` document.
 * @returns an SVG element.
 */
export function aggregatesMapSvg(geojson: unknown): string {
  const source = geojson as { features: ProvinceFeature[]; attribution?: string; k?: number };
  // d3-geo is spherical and takes clockwise exterior rings; GeoJSON (RFC 7946) winds them counter-clockwise.
  // A shape covering more than a hemisphere is wound the other way: reverse its rings.
  const features = source.features.map((f) => {
    if (geoArea(f as unknown as GeoPermissibleObjects) <= 2 * Math.PI) return f;
    const geometry = f.geometry as { type: string; coordinates: number[][][] | number[][][][] };
    const reverse = (polygon: number[][][]): number[][][] => polygon.map((ring) => [...ring].reverse());
    const coordinates =
      geometry.type === 'Polygon' ? reverse(geometry.coordinates as number[][][]) : (geometry.coordinates as number[][][][]).map(reverse);
    return { ...f, geometry: { ...geometry, coordinates } };
  });
  const doc = { ...source, features, type: 'FeatureCollection' };
  const width = 360;
  const height = 620;
  const projection = geoMercator().fitSize([width, height - 40], doc as unknown as GeoPermissibleObjects);
  const path = geoPath(projection);
  const totals = doc.features.map((f) => f.properties.days.reduce((n, d) => n + (d.declarationsWithSymptoms ?? 0), 0));
  const max = Math.max(1, ...totals);
  const shapes = doc.features.map((f, i) => {
    const n = totals[i]!;
    const fill = n > 0 ? `rgba(209,73,91,${(0.2 + (0.8 * n) / max).toFixed(2)})` : '#eef1f4';
    const d = path(f as unknown as GeoPermissibleObjects) ?? '';
    return `<path d="${d}" fill="${fill}" stroke="#8a96a3" stroke-width="0.4"><title>${esc(f.properties.name)}: ${n} declarations with symptoms</title></path>`;
  });
  const labels = doc.features
    .map((f, i) => ({ f, n: totals[i]! }))
    .filter((x) => x.n > 0)
    .map(({ f, n }) => {
      const [x, y] = path.centroid(f as unknown as GeoPermissibleObjects);
      return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-size="11" text-anchor="middle" font-weight="bold">${n}</text>`;
    });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Declarations with symptoms per province">` +
    `<title>Declarations with symptoms per province (k = ${doc.k ?? 5})</title>${shapes.join('')}${labels.join('')}` +
    `<text x="4" y="${height - 22}" font-size="10" fill="#555">Declarations with symptoms, k-anonymised daily counts summed</text>` +
    `<text x="4" y="${height - 8}" font-size="9" fill="#777">${esc((doc.attribution ?? '').slice(0, 110))}</text></svg>`
  );
}

/**
 * Renders the report.
 *
 * @param s - the run summary.
 * @param elapsedSeconds - wall time of the run.
 * @returns the HTML document.
 */
export function renderReport(s: TownSummary, elapsedSeconds: number): string {
  const epidemic = inline(
    lineChartSvg(
      'Epidemic and app activity per day (@healthtrace/sim)',
      [
        { name: 'infections', points: s.epidemic.map((d) => ({ x: d.day, y: d.infections })) },
        { name: 'diagnoses', points: s.epidemic.map((d) => ({ x: d.day, y: d.diagnoses })) },
        { name: 'sim notifications', points: s.epidemic.map((d) => ({ x: d.day, y: d.notifications })) },
      ],
      { xLabel: 'day', yLabel: 'people' },
    ),
  );
  const declarations = inline(
    lineChartSvg(
      'Declarations received per day (server)',
      [
        { name: 'declarations', points: s.declarations.perDay.map((d, i) => ({ x: i, y: d.count })) },
        { name: 'with symptoms', points: s.declarations.perDay.map((d, i) => ({ x: i, y: d.withSymptoms })) },
      ],
      { xLabel: 'day', yLabel: 'declarations' },
    ),
  );
  const row = (k: string, v: string | number): string => `<tr><th scope="row">${esc(k)}</th><td>${esc(String(v))}</td></tr>`;
  const enterprises = s.enterprises
    .map(
      (e) =>
        `<tr><td>${esc(e.name)}</td><td>${e.employees}</td><td>${e.compliance.submitted}/${e.compliance.activeEmployees}</td>` +
        `<td>${e.compliance.withSymptoms}</td><td>${e.risk.complete ? esc(e.risk.band ?? '') : `incomplete (${e.risk.missingCriteria} criteria unpublished)`}</td>` +
        `<td>${Object.entries(e.webhooks)
          .map(([t, n]) => `${esc(t)} × ${n}`)
          .join('<br>')}</td></tr>`,
    )
    .join('');
  const posters = s.venues
    .map(
      (v) =>
        `<figure><a href="posters/${esc(v.poster)}"><img src="posters/${esc(v.poster)}" alt="QR poster of ${esc(v.name)}" width="150"></a><figcaption>${esc(v.name)}${v.tenant ? `<br><small>${esc(v.tenant)}</small>` : ''}</figcaption></figure>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>healthtrace town demo</title>
<style>body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2733}h1{font-size:1.6rem}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #d5dbe1;padding:.25rem .6rem;text-align:left;vertical-align:top}
.grid{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}figure{margin:0;text-align:center;font-size:12px}</style></head>
<body><h1>healthtrace town demo — ${s.residents.toLocaleString('en')} residents, ${s.days} days (${s.firstDay} → ${s.lastDay})</h1>
<p>Everything below went through the real server (embedded database, real HTTP on 127.0.0.1) and the SDK: run in ${elapsedSeconds.toFixed(1)} s.</p>
<div class="grid"><div><h2>Numbers</h2><table>
${row('app users (phones with exposure notification)', s.appUsers)}
${row('infections in the simulation', s.sim.infections)}
${row('declarations sent / stored by the server', `${s.declarations.sent} / ${s.declarations.stored}`)}
${row('… queued offline, delivered later', `${s.declarations.queuedOffline} → ${s.declarations.deliveredLater}`)}
${row('venue check-ins sent (offline → delivered later)', `${s.checkIns.sent} (${s.checkIns.queuedOffline} → ${s.checkIns.deliveredLater})`)}
${row('residents offline on days 3–9', s.offlineResidents)}
${row('positive resident: keys published', s.indexCase.keysPublished)}
${row('signed export files / keys in them (padded)', `${s.exports.files.length} / ${s.exports.keys}`)}
${row('phones that downloaded and verified them', s.exports.downloads)}
${row('phones with matches / matched sightings', `${s.matching.phonesWithMatches} / ${s.matching.matchedSightings}`)}
${row('exposure notifications (≥ 15 weighted min a day)', s.matching.notified)}
${row('venue warnings: visits, identifiers published', `${s.indexCase.warningsPublished}, ${s.venueWarnings.identifiers}`)}
${row('phones warned by a venue', s.venueWarnings.phonesWarned)}
${row('webhooks received (signature verified) / refused', `${s.webhooks.received} / ${s.webhooks.rejected}`)}
</table></div>
<div><h2>Epidemiological map</h2>${aggregatesMapSvg(s.aggregates.geojson)}</div></div>
<h2>Charts</h2><div class="grid">${epidemic}${declarations}</div>
<h2>Enterprises</h2><table><thead><tr><th>enterprise</th><th>employees (SCIM)</th><th>health checks today</th><th>with symptoms</th><th>workplace risk (Decision 2194)</th><th>webhooks</th></tr></thead><tbody>${enterprises}</tbody></table>
<h2>Venue posters</h2><div class="grid">${posters}</div>
</body></html>
`;
}
