/**
 * The town demo: the whole healthtrace system in one process, over real HTTP on 127.0.0.1.
 *
 * A population from `@healthtrace/sim` lives 14 days (contacts, epidemic, BLE scans with real RPIs and AEMs). Its
 * residents use the SDK the way real users do: declarations and check-ins through the typed client (some from a
 * phone without network, delivered days later from the client's durable queue), enterprises through the
 * health-authority token, SCIM and their API keys, and one positive resident through the key-server flow. The
 * server (embedded PGlite, no configuration) builds signed export files; every phone with the app downloads and
 * verifies them and matches them against its own sightings with `@healthtrace/encounters`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type HealthtraceClient, type QueueStorage } from '@healthtrace/client';
import { downloadExportFiles } from '@healthtrace/client/export-files';
import { publishDiagnosisKeys } from '@healthtrace/client/key-server';
import { fileStorage } from '@healthtrace/client/node';
import { hexToBytes } from '@healthtrace/core';
import { DOMESTIC_EXPOSURES, DOMESTIC_SYMPTOMS, UNDERLYING_CONDITIONS } from '@healthtrace/declaration';
import { type DailySummariesConfig, dailySummaries, GaenMatcher, type Sighting } from '@healthtrace/encounters';
import { matchPresenceWarnings, type PresenceCheckIn, type PresenceWarning, parseHealthtraceQr } from '@healthtrace/qr';
import { importVerificationKeyPem, type ParsedKeyFile, type TemporaryExposureKey, type VerificationKey } from '@healthtrace/rolling-id';
import { createHealthtraceServer, createLogger, type HealthtraceServer, loadConfig } from '@healthtrace/server';
import {
  BatchBuilder,
  dailyContacts,
  defaultConfig,
  hashInts,
  PHONE_MODELS,
  type RunOutput,
  Setting,
  scanBatch,
  simulate,
  simulatedTek,
} from '@healthtrace/sim';
import { makeResidents } from './residents';
import { startWebhookReceiver } from './webhook-receiver';

/** Options of {@link runTown}. */
export interface TownOptions {
  /** Residents (default 1,000). */
  residents?: number;
  /** Seed of the simulation (default 7). */
  seed?: number;
  /** Progress: a step name and the fraction of the whole run done. */
  onProgress?: (step: string, fraction: number) => void;
  /** Folder for the venue posters (written when given). */
  postersDir?: string;
}

/** An enterprise of the town, as the report shows it. */
export interface EnterpriseSummary {
  name: string;
  employees: number;
  venues: number;
  compliance: { date: string; activeEmployees: number; submitted: number; missing: number; withSymptoms: number };
  risk: { complete: boolean; band: string | null; answered: number; missingCriteria: number };
  webhooks: Record<string, number>;
}

/** Everything the demo did, with the numbers the report shows. */
export interface TownSummary {
  residents: number;
  days: number;
  firstDay: string;
  lastDay: string;
  appUsers: number;
  sim: RunOutput['totals'];
  epidemic: { day: number; infections: number; diagnoses: number; notifications: number; checkIns: number }[];
  declarations: {
    sent: number;
    deliveredOnline: number;
    queuedOffline: number;
    deliveredLater: number;
    stored: number;
    perDay: { date: string; count: number; withSymptoms: number }[];
  };
  checkIns: { sent: number; deliveredOnline: number; queuedOffline: number; deliveredLater: number };
  offlineResidents: number;
  enterprises: EnterpriseSummary[];
  venues: { id: string; name: string; tenant: string | null; poster: string }[];
  indexCase: {
    agent: number;
    diagnosedInSim: boolean;
    keysPublished: number;
    venueVisits: number;
    warningsPublished: number;
  };
  exports: { files: string[]; keys: number; downloads: number };
  matching: {
    phonesWithMatches: number;
    matchedSightings: number;
    exposureWindows: number;
    notified: number;
    notifiedByDay: Record<string, number>;
  };
  venueWarnings: { identifiers: number; phonesWarned: number };
  webhooks: { received: number; rejected: number; byType: Record<string, number> };
  aggregates: { geojson: unknown; symptomsByProvince: Record<string, { name: string; count: number; suppressedDays: number }> };
  timings: Record<string, number>;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Monday 9 November 2026, 00:00 UTC: day 0 of the run (the sim's weekdays start on a Monday). */
const START_MS = Date.UTC(2026, 10, 9);
/** The app's risk policy: GAEN v2 buckets at 55/63/73 dB weighted 1/1/0.5/0, notify from 15 weighted minutes a day. */
const POLICY: DailySummariesConfig & { dailyThresholdSeconds: number } = {
  attenuationBucketThresholdDb: [55, 63, 73],
  attenuationBucketWeights: [1, 1, 0.5, 0],
  reportTypeWeights: { '1': 1, '2': 1, '3': 1, '4': 1 },
  infectiousnessWeights: { '1': 1, '2': 1 },
  minimumWindowScore: 0,
  daysSinceExposureThreshold: 14,
  dailyThresholdSeconds: 15 * 60,
};
const ENTERPRISES = [
  {
    name: 'Công ty May Sông Hồng',
    sector: 'manufacturing',
    taxCode: '0100100001',
    wardCode: '00004',
    venue: 'Nhà ăn xưởng may',
    department: 'Xưởng may 2',
    staff: 60,
  },
  {
    name: 'Siêu thị Phố Mới',
    sector: 'retail',
    taxCode: '2300200002',
    wardCode: null,
    venue: 'Quầy thu ngân Phố Mới',
    department: 'Quầy thu ngân',
    staff: 40,
  },
  {
    name: 'Công ty Logistics Đông Á',
    sector: 'logistics',
    taxCode: '0300300003',
    wardCode: null,
    venue: 'Kho Đông Á',
    department: 'Kho vận',
    staff: 30,
  },
];
const PUBLIC_VENUES = [
  'Chợ Đồng Xuân',
  'Phở Thìn Lò Đúc',
  'Nhà thuốc Long Châu',
  'Cà phê Giảng',
  'Bún chả Hương Liên',
  'Nhà văn hoá phường',
];

const no = <K extends string>(keys: readonly K[]): Record<K, boolean> =>
  Object.fromEntries(keys.map((k) => [k, false])) as Record<K, boolean>;
const day = (d: number): string => new Date(START_MS + d * DAY_MS).toISOString().slice(0, 10);

/** A free TCP port on 127.0.0.1 (listened on, then released). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  });
  await Promise.all(lanes);
}

/** The value of `key`, created with `make` when missing. */
function getOr<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

function must<T>(result: { data?: T; error?: unknown; response: Response }, what: string): T {
  if (result.data === undefined) throw new Error(`${what} failed with HTTP ${result.response.status}: ${JSON.stringify(result.error)}`);
  return result.data;
}

/**
 * Runs the town.
 *
 * @param options - size, seed, progress callback, posters folder.
 * @returns the summary.
 */
export async function runTown(options: TownOptions = {}): Promise<TownSummary> {
  const residentsCount = options.residents ?? 1000;
  const seed = options.seed ?? 7;
  const days = 14;
  const progress = options.onProgress ?? (() => {});
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string): void => {
    const t = performance.now();
    timings[name] = Math.round(t - mark);
    mark = t;
  };

  // 1. The population and its epidemic (@healthtrace/sim).
  progress('simulating the epidemic', 0);
  const simConfig = defaultConfig({
    agents: residentsCount,
    days,
    seed,
    startUnixMs: START_MS,
    threads: 1,
    initialInfectedShare: 0.006,
    adoptionScale: 1.5,
  });
  const sim = simulate(simConfig, (d) => progress(`simulating day ${d + 1} of ${days}`, (0.1 * (d + 1)) / days));
  const pop = sim.population;
  const residents = makeResidents(pop.size, pop.ageGroup, seed, 2026);
  lap('simulation');

  // 2. Every phone's BLE log (the sim's scanning kernel, run again to keep the sightings) and the venue visits.
  const logs = new Map<number, Sighting[]>();
  const appContacts = new Uint32Array(pop.size);
  const visits: { agent: number; venue: number; day: number; start: number; duration: number }[] = [];
  const venueCount = ENTERPRISES.length + PUBLIC_VENUES.length;
  // The town's three registered enterprises employ some of the sim's workers (the sim's employers are anonymous).
  const employer = new Int8Array(pop.size).fill(-1);
  const workers = [...Array(pop.size).keys()].filter((a) => pop.workplace[a]! >= 0);
  workers.sort((x, y) => hashInts(seed, 0x776b, x) - hashInts(seed, 0x776b, y) || x - y);
  let taken = 0;
  ENTERPRISES.forEach((e, i) => {
    const staff = Math.max(5, Math.round((e.staff * pop.size) / 1000));
    for (const a of workers.slice(taken, taken + staff)) employer[a] = i;
    taken += staff;
  });
  for (let d = 0; d < days; d++) {
    const events = dailyContacts(pop, seed, d, simConfig.environmentOverride);
    const batch = new BatchBuilder();
    const seen = new Set<string>();
    const visit = (agent: number, venue: number, start: number, duration: number): void => {
      const key = `${agent}:${venue}`;
      if (seen.has(key)) return;
      seen.add(key);
      visits.push({ agent, venue, day: d, start, duration: Math.max(duration, 15 * 60) });
    };
    for (let e = 0; e < events.count; e++) {
      const a = events.a[e]!;
      const b = events.b[e]!;
      const setting = events.setting[e]!;
      if (setting === Setting.Venue) {
        // The sim counts venue visits; the demo gives them names: one of the public venues, or a canteen.
        const v = ENTERPRISES.length + (hashInts(seed, d, Math.min(a, b)) % PUBLIC_VENUES.length);
        visit(a, v, events.start[e]!, events.duration[e]!);
        visit(b, v, events.start[e]!, events.duration[e]!);
      } else if (setting === Setting.Workplace && hashInts(seed, d, e) % 6 === 0) {
        const w = employer[a]!;
        if (w >= 0 && employer[b] === w && d % 7 < 5) {
          visit(a, w, 11 * 3600 + (e % 60) * 60, 40 * 60);
          visit(b, w, 11 * 3600 + (e % 60) * 60, 40 * 60);
        }
      }
      if (!pop.hasApp[a] || !pop.hasApp[b]) continue;
      appContacts[a]!++;
      appContacts[b]!++;
      batch.push(e, events);
    }
    const params = {
      seed,
      day: d,
      dayStartSec: START_MS / 1000 + d * 86_400,
      pathLoss: simConfig.pathLoss,
      packetsPerScan: simConfig.packetsPerScan,
      scorings: [simConfig.scoring],
    };
    for (const part of batch.split(1)) {
      const { store } = scanBatch(pop, params, part);
      for (let i = 0; i < store.count; i++) {
        const r = store.receiver[i]!;
        getOr(logs, r, () => []).push({
          time: store.time[i]! * 1000 + 2000,
          id: store.idOf(i).slice(),
          aem: store.aemOf(i).slice(),
          rssi: Math.max(-127, Math.min(127, Math.round(store.rssiMean[i]!))),
          scannerModel: PHONE_MODELS[pop.phoneModel[r]!]!.model,
          source: 'gaen-advert',
        });
      }
    }
    progress(`phones scanning, day ${d + 1}`, 0.1 + (0.05 * (d + 1)) / days);
  }
  lap('ble-logs');

  // 3. The server: embedded database in a fresh folder, listening on 127.0.0.1, the town's clock.
  let clock = START_MS + 7 * HOUR_MS;
  const now = (): Date => new Date(clock);
  const dataDir = mkdtempSync(join(tmpdir(), 'town-demo-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = {
    ...loadConfig({ dataDir, port, host: '127.0.0.1' }, {}),
    // The whole town shares one IP address here (127.0.0.1); per-IP limits are for the Internet.
    rateLimitPerIpPerMinute: 10_000_000,
    rateLimitPerKeyPerMinute: 10_000_000,
    // The webhook receiver runs on loopback: allowed only by this development switch (SSRF guard).
    webhooks: { allowLoopbackHttp: true },
  };
  const server: HealthtraceServer = await createHealthtraceServer({
    config,
    logger: createLogger({ level: 'silent' }),
    now,
    jobs: false,
  });
  await server.listen();
  const receiver = await startWebhookReceiver(now);
  const offlineDir = join(dataDir, 'phones');
  try {
    // Webhook deliveries in flight are signed with the clock of their sending: let them land before time moves on.
    const setClock = async (ms: number): Promise<void> => {
      await Promise.allSettled([...server.deps.background]);
      clock = ms;
    };
    const authority = createClient({ baseUrl, auth: { healthAuthorityToken: config.healthAuthorityTokens[0]! } });
    progress('server up: registering enterprises', 0.16);
    lap('server-start');

    // 4. Enterprises (health authority), their webhooks, their venues; public venues; posters.
    const tenants: {
      id: string;
      key: string;
      client: HealthtraceClient;
      name: string;
      department: string;
      employees: number[];
    }[] = [];
    for (const [i, e] of ENTERPRISES.entries()) {
      const employees = [...Array(pop.size).keys()].filter((a) => employer[a] === i);
      const created = must(
        await authority.api.POST('/v1/tenants', {
          body: {
            name: e.name,
            taxCode: e.taxCode,
            sector: e.sector,
            employeeCount: employees.length,
            wardCode: e.wardCode ?? residents[employees[0] ?? 0]!.wardCode,
          },
        }),
        'createTenant',
      );
      const client = createClient({ baseUrl, auth: { apiKey: created.apiKey.secret } });
      const hook = must(
        await client.api.POST('/v1/tenants/{tenantId}/webhooks', {
          params: { path: { tenantId: created.tenant.id } },
          body: {
            url: `${receiver.url}/${created.tenant.id}`,
            events: ['employee.provisioned', 'health_check.requested', 'health_check.submitted', 'risk.assessed', 'exposure.venue_warning'],
          },
        }),
        'createWebhook',
      );
      receiver.addSecret(created.tenant.id, hook.secret);
      tenants.push({ id: created.tenant.id, key: created.apiKey.secret, client, name: e.name, department: e.department, employees });
    }
    const venues: { id: string; qrText: string; name: string; tenant: string | null; seed: Uint8Array; poster: string }[] = [];
    const venueNames = [...ENTERPRISES.map((e) => e.venue), ...PUBLIC_VENUES];
    for (let v = 0; v < venueCount; v++) {
      const tenant = tenants[v];
      const client = tenant ? tenant.client : authority;
      const ward = residents[(v * 97) % residents.length]!.wardCode;
      const created = must(
        await client.api.POST('/v1/venues', {
          body: {
            name: venueNames[v]!,
            address: `Số ${v + 1}, phường ${ward}`,
            wardCode: ward,
            type: 4,
            defaultDurationMinutes: 60,
            validDays: 365,
          },
        }),
        'registerVenue',
      );
      const qr = must(
        await client.api.GET('/v1/venues/{venueId}/qr', { params: { path: { venueId: created.id }, query: { poster: true } } }),
        'getVenueQr',
      );
      const poster = `venue-${v + 1}.svg`;
      if (options.postersDir) {
        mkdirSync(options.postersDir, { recursive: true });
        writeFileSync(join(options.postersDir, poster), qr.posterSvg ?? qr.svg);
      }
      const parsed = parseHealthtraceQr(created.qrText);
      if (parsed.kind !== 'venue') throw new Error('a venue QR code must decode as a venue');
      venues.push({
        id: created.id,
        qrText: created.qrText,
        name: venueNames[v]!,
        tenant: tenant?.name ?? null,
        seed: parsed.venue.seed,
        poster,
      });
    }
    lap('enterprises-venues');

    // 5. HR provisioning through SCIM (the tenant's API key as the bearer token).
    progress('provisioning employees through SCIM', 0.2);
    const provisioned = tenants.flatMap((t) => t.employees.map((agent) => ({ t, agent })));
    await inParallel(provisioned, 6, async ({ t, agent }) => {
      const r = residents[agent]!;
      must(
        await t.client.api.POST('/scim/v2/Users', {
          body: {
            schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
            userName: `nv${agent}@${t.id}.example.vn`,
            externalId: `NV-${agent}`,
            displayName: r.fullName,
            active: true,
            phoneNumbers: [{ value: r.phone, type: 'mobile' }],
          },
        }),
        'scimCreateUser',
      );
    });
    progress('employees provisioned', 0.25);
    lap('scim');

    // 6. Fourteen days of declarations and check-ins. A few residents live where the network is down on days 3–9:
    //    their phones queue everything durably (a file per phone) and deliver it when they are back online on day 10.
    const offline = new Set(residents.filter((r) => hashInts(seed, 0x6f66, r.agent) % 100 < 4).map((r) => r.agent));
    const closedPort = await freePort();
    const storages = new Map<number, QueueStorage>();
    const online = new Map<number, HealthtraceClient>();
    const phoneOf = (agent: number, d: number): { client: HealthtraceClient; offline: boolean } => {
      if (offline.has(agent) && d >= 3 && d <= 9) {
        const storage = getOr(storages, agent, () => fileStorage(join(offlineDir, `resident-${agent}.json`)));
        // No network: the request cannot leave the phone (a closed port), so the queue keeps it.
        return { client: createClient({ baseUrl: `http://127.0.0.1:${closedPort}`, storage, retry: { retries: 0 } }), offline: true };
      }
      return { client: getOr(online, agent, () => createClient({ baseUrl, language: 'vi' })), offline: false };
    };
    const counts = {
      declarations: { sent: 0, deliveredOnline: 0, queuedOffline: 0, deliveredLater: 0 },
      checkIns: { sent: 0, deliveredOnline: 0, queuedOffline: 0, deliveredLater: 0 },
    };
    const perDay: TownSummary['declarations']['perDay'] = [];
    const histories = new Map<number, PresenceCheckIn[]>();
    const checkedIn: typeof visits = [];
    const dis = sim.disease;
    const symptomatic = (agent: number, d: number): boolean =>
      dis.infectedDay[agent]! >= 0 && !dis.asymptomatic[agent] && dis.onsetDay[agent]! <= d && d < dis.onsetDay[agent]! + 7;
    const flushOffline = async (): Promise<void> => {
      for (const [agent, storage] of storages) {
        const back = createClient({ baseUrl, storage });
        const before = await storage.load();
        const { delivered } = await back.queue.flush();
        for (const id of delivered) {
          const item = before.pending.find((p) => p.id === id);
          if (item?.kind === 'check-in') counts.checkIns.deliveredLater++;
          else counts.declarations.deliveredLater++;
        }
        online.set(agent, back);
      }
      storages.clear();
    };
    for (let d = 0; d < days; d++) {
      if (d === 10) await flushOffline();
      await setClock(START_MS + d * DAY_MS + 22 * HOUR_MS);
      // A quarter of the visits are checked in (scanning the poster is voluntary); each phone's visits in order.
      const todays = visits.filter((v) => v.day === d && hashInts(seed, 0x6369, d, v.agent, v.venue) % 4 === 0);
      const byAgent = new Map<number, typeof todays>();
      for (const v of todays) byAgent.set(v.agent, [...(byAgent.get(v.agent) ?? []), v]);
      await inParallel([...byAgent.values()], 8, async (list) => {
        for (const v of list) {
          const venue = venues[v.venue]!;
          const at = START_MS + d * DAY_MS + v.start * 1000;
          const { client, offline: isOffline } = phoneOf(v.agent, d);
          // The phone scans the poster: the signed venue QR text goes to the server as it is.
          const receipt = await client.checkIn({ venueQr: venue.qrText, checkedInAt: new Date(at).toISOString() });
          counts.checkIns.sent++;
          checkedIn.push(v);
          if (receipt.delivered) counts.checkIns.deliveredOnline++;
          else if (isOffline) counts.checkIns.queuedOffline++;
          else throw new Error(`check-in not delivered: ${JSON.stringify(await client.queue.rejected())}`);
          if (pop.hasApp[v.agent]) {
            getOr(histories, v.agent, () => []).push({
              seed: venue.seed,
              checkIn: new Date(at),
              checkOut: new Date(at + v.duration * 1000),
              label: venue.name,
            });
          }
        }
      });
      // Daily self-reports: one resident in 25 each day, and most residents with symptoms.
      const reporters = residents.filter(
        (r) => hashInts(seed, 0x6461, d, r.agent) % 25 === 0 || (symptomatic(r.agent, d) && hashInts(seed, 0x7379, d, r.agent) % 5 !== 0),
      );
      let withSymptoms = 0;
      await inParallel(reporters, 8, async (r) => {
        const sick = symptomatic(r.agent, d);
        if (sick) withSymptoms++;
        const { client, offline: isOffline } = phoneOf(r.agent, d);
        const receipt = await client.submitDeclaration({
          type: 'daily',
          data: { date: day(d), states: sick ? ['fever', 'cough'] : ['healthy'] },
        });
        counts.declarations.sent++;
        if (receipt.delivered) counts.declarations.deliveredOnline++;
        else if (isOffline) counts.declarations.queuedOffline++;
        else throw new Error(`declaration not delivered: ${JSON.stringify(await client.queue.rejected())}`);
      });
      perDay.push({ date: day(d), count: reporters.length, withSymptoms });
      progress(`day ${d + 1}: ${todays.length} check-ins, ${reporters.length} declarations`, 0.25 + (0.35 * (d + 1)) / days);
    }
    lap('daily-life');

    // 7. Day 14, morning: one resident tests positive.
    await setClock(START_MS + days * DAY_MS + 8 * HOUR_MS);
    const indexCase = chooseIndexCase(sim, appContacts, histories);
    const onset = dis.onsetDay[indexCase]! >= 0 && dis.onsetDay[indexCase]! < days ? dis.onsetDay[indexCase]! : days - 2;
    const code = must(
      await authority.api.POST('/v1/verification/codes', { body: { testType: 'confirmed', symptomDate: day(Math.max(onset, 1)) } }),
      'issueVerificationCode',
    );
    await setClock(clock + 10 * 60_000);
    const keys: TemporaryExposureKey[] = [];
    for (let d = 0; d < days; d++) {
      keys.push({
        keyData: simulatedTek(seed, indexCase, d),
        rollingStartIntervalNumber: START_MS / 600_000 + d * 144,
        rollingPeriod: 144,
        transmissionRiskLevel: 0,
      });
    }
    const indexPhone = online.get(indexCase) ?? createClient({ baseUrl });
    const published = await publishDiagnosisKeys(indexPhone, { code: code.code, keys, healthAuthorityID: config.healthAuthorityId });
    // The health authority warns the venues of the last 14 days from the case's check-in history (shared in the
    // interview); only time-bound identifiers are published.
    const indexVisits = checkedIn.filter((v) => v.agent === indexCase);
    let identifiers = 0;
    for (const v of indexVisits) {
      const from = START_MS + v.day * DAY_MS + v.start * 1000;
      const warning = must(
        await authority.api.POST('/v1/venue-warnings', {
          body: {
            venueId: venues[v.venue]!.id,
            from: new Date(from - HOUR_MS).toISOString(),
            to: new Date(from + v.duration * 1000 + HOUR_MS).toISOString(),
            message: 'A person who tested positive was here. Watch for symptoms and get tested.',
          },
        }),
        'publishVenueWarning',
      );
      identifiers += warning.identifiers.length;
    }
    progress('positive test: keys published, venues warned', 0.65);
    lap('positive-case');

    // 8. The town orders a general declaration for day 14 (the address gives the epidemiological map its ward);
    //    40 % of the town has answered by 08:30.
    await setClock(START_MS + days * DAY_MS + 8 * HOUR_MS + 30 * 60_000);
    let general = 0;
    let generalSymptoms = 0;
    const declaring = residents.filter((r) => hashInts(seed, 0x6765, r.agent) % 5 < 2);
    await inParallel(declaring, 8, async (r) => {
      const sick = symptomatic(r.agent, days) || hashInts(seed, 0x636f, r.agent) % 100 < 10; // and a seasonal cough
      if (sick) generalSymptoms++;
      const { client } = phoneOf(r.agent, days);
      const receipt = await client.submitDeclaration({
        type: 'domestic',
        data: {
          declarationDate: day(days),
          fullName: r.fullName,
          idNumber: r.idNumber,
          birthYear: r.birthYear,
          sex: r.sex,
          nationality: 'VN',
          address: { provinceCode: r.provinceCode, wardCode: r.wardCode, street: r.street },
          phone: r.phone,
          travelled: false,
          symptoms: { ...no(DOMESTIC_SYMPTOMS), fever: sick, cough: sick },
          exposure: no(DOMESTIC_EXPOSURES),
          underlyingConditions: no(UNDERLYING_CONDITIONS),
        } as never,
      });
      counts.declarations.sent++;
      if (!receipt.delivered) throw new Error(`declaration not delivered: ${JSON.stringify(await client.queue.rejected())}`);
      counts.declarations.deliveredOnline++;
      general++;
      if (general % 100 === 0)
        progress(`general declaration: ${general} of ${declaring.length}`, 0.65 + (0.1 * general) / declaring.length);
    });
    perDay.push({ date: day(days), count: general, withSymptoms: generalSymptoms });
    lap('general-declaration');

    // 9. An hour later the server closes the export batch: sorted, padded, ECDSA-signed export.zip files.
    await setClock(START_MS + days * DAY_MS + 9 * HOUR_MS + 5 * 60_000);
    await server.runJobs();
    const keysDoc = must(await authority.api.GET('/v1/public-keys'), 'getPublicKeys');
    const publicKeys: VerificationKey[] = keysDoc.exportSigning.map((k) =>
      importVerificationKeyPem(k.publicKeyPem, { keyId: k.keyId, keyVersion: k.keyVersion }),
    );
    progress('exports built: phones downloading', 0.78);
    lap('exports');

    // 10. Every phone with the app downloads and verifies the files, matches them against its log, scores each day
    //     and notifies; and matches the venue warnings against its check-in history.
    const appUsers = [...Array(pop.size).keys()].filter((a) => pop.hasApp[a]);
    let files: { name: string; file: ParsedKeyFile }[] = [];
    let downloads = 0;
    await inParallel(appUsers, 8, async (agent) => {
      const phone = online.get(agent) ?? createClient({ baseUrl });
      const got: { name: string; file: ParsedKeyFile }[] = [];
      for await (const f of downloadExportFiles(phone, { publicKeys })) got.push(f);
      downloads++;
      if (files.length === 0) files = got;
    });
    const exportedKeys = files.reduce((n, f) => n + f.file.export.keys.length, 0);
    lap('downloads');
    // The files every phone verified are identical, so the RPIs of their keys are derived once for the whole town
    // (one GaenMatcher over the union of the logs, as the sim's population matcher does) instead of once per phone;
    // each phone then builds its own exposure windows from the keys it matched, with its own log.
    const union: { sighting: Sighting; agent: number }[] = [];
    for (const [agent, log] of logs) for (const s of log) if (agent !== indexCase) union.push({ sighting: s, agent });
    union.sort((x, y) => x.sighting.time - y.sighting.time);
    const townMatcher = new GaenMatcher(union.map((u) => u.sighting));
    for (const f of files) townMatcher.addFile(f.file);
    const matchedKeysByAgent = new Map<number, TemporaryExposureKey[]>();
    for (const m of townMatcher.matched) {
      for (const agent of new Set(m.sightings.map((i) => union[i]!.agent))) {
        getOr(matchedKeysByAgent, agent, () => []).push(m.key);
      }
    }
    const nowMs = clock;
    let matchedSightings = 0;
    let exposureWindows = 0;
    const notified: number[] = [];
    const notifiedByDay: Record<string, number> = {};
    for (const [agent, matchedKeys] of matchedKeysByAgent) {
      const phoneMatcher = new GaenMatcher(logs.get(agent)!);
      phoneMatcher.addKeys(matchedKeys);
      const result = phoneMatcher.result();
      matchedSightings += result.matchedSightings;
      exposureWindows += result.exposureWindows.length;
      const summaries = dailySummaries(result.exposureWindows, POLICY, { nowMs });
      const hit = summaries.find((s) => s.scoreSum >= POLICY.dailyThresholdSeconds);
      if (hit) {
        notified.push(agent);
        const date = new Date(hit.dateMs).toISOString().slice(0, 10);
        notifiedByDay[date] = (notifiedByDay[date] ?? 0) + 1;
      }
    }
    const listed = must(await authority.api.GET('/v1/venue-warnings', {}), 'listVenueWarnings');
    const warnings: PresenceWarning[] = listed.warnings.flatMap((w) =>
      w.identifiers.map((i) => ({
        window: Math.floor(Date.parse(i.windowStart) / 1000 / 3600),
        identifier: hexToBytes(i.identifier, 'identifier', 16),
      })),
    );
    let phonesWarned = 0;
    for (const [agent, history] of histories) {
      if (agent !== indexCase && matchPresenceWarnings(history, warnings).length > 0) phonesWarned++;
    }
    progress(`${notified.length} exposure notifications, ${phonesWarned} venue warnings`, 0.88);
    lap('matching');

    // 11. The enterprises: the daily health check, compliance, workplace risk, and what their webhooks told them.
    const today = day(days);
    const enterprises: EnterpriseSummary[] = [];
    for (const t of tenants) {
      const path = { params: { path: { tenantId: t.id } } };
      must(
        await t.client.api.POST('/v1/tenants/{tenantId}/health-checks/requests', { ...path, body: { date: today } }),
        'requestHealthChecks',
      );
      const answering = t.employees.filter((a) => hashInts(seed, 0x6863, a) % 10 < 9);
      await inParallel(answering, 6, async (agent) => {
        const sick = symptomatic(agent, days);
        const exposed = notified.includes(agent);
        must(
          await t.client.api.POST('/v1/tenants/{tenantId}/health-checks', {
            ...path,
            body: {
              date: today,
              employeeId: `NV-${agent}`,
              department: t.department,
              symptoms: { ...no(DOMESTIC_SYMPTOMS), fever: sick, cough: sick },
              exposure: { ...no(DOMESTIC_EXPOSURES), confirmedOrSuspectedCase: exposed },
            } as never,
            params: { path: { tenantId: t.id }, header: { 'Idempotency-Key': `hc-${today}-${agent}` } },
          }),
          'submitHealthCheck',
        );
      });
      const compliance = must(
        await t.client.api.GET('/v1/tenants/{tenantId}/compliance', { params: { path: { tenantId: t.id }, query: { date: today } } }),
        'getComplianceReport',
      );
      const band = (n: number): string =>
        n < 50 ? 'under-50' : n < 200 ? '50-199' : n < 500 ? '200-499' : n < 1000 ? '500-999' : n < 5000 ? '1000-4999' : '5000-plus';
      const answers = { cs1: band(t.employees.length), cs2: 'under-1m2', cs3: phonesWarned > 0 ? 'second-ring-contact' : 'none' };
      must(
        await t.client.api.POST('/v1/tenants/{tenantId}/risk-assessments', { ...path, body: { answers } as never }),
        'createRiskAssessment',
      );
      const tenant = must(await t.client.api.GET('/v1/tenants/{tenantId}', path), 'getTenant');
      const risk = tenant.latestRisk as { complete: boolean; band: string | null; missingCriteria: string[] } | null;
      enterprises.push({
        name: t.name,
        employees: t.employees.length,
        venues: venues.filter((v) => v.tenant === t.name).length,
        compliance: {
          date: today,
          activeEmployees: compliance.activeEmployees,
          submitted: compliance.submitted,
          missing: compliance.missing.length,
          withSymptoms: compliance.withSymptoms.length,
        },
        risk: {
          complete: risk?.complete ?? false,
          band: risk?.band ?? null,
          answered: Object.keys(answers).length,
          missingCriteria: risk?.missingCriteria.length ?? 0,
        },
        webhooks: {},
      });
    }
    await Promise.allSettled([...server.deps.background]);
    await server.runJobs();
    for (const [i, t] of tenants.entries()) {
      for (const e of receiver.events.filter((x) => x.subscriber === t.id)) {
        enterprises[i]!.webhooks[e.type] = (enterprises[i]!.webhooks[e.type] ?? 0) + 1;
      }
    }
    progress('enterprises: compliance, risk, webhooks', 0.95);
    lap('enterprises');

    // 12. What the server stored, and the epidemiological map.
    let stored = 0;
    let cursor: string | undefined;
    do {
      const page = must(
        await authority.api.GET('/v1/declarations', { params: { query: { limit: 500, ...(cursor ? { cursor } : {}) } } }),
        'listDeclarations',
      );
      stored += page.items.length;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const geo = await authority.api.GET('/v1/aggregates.geojson', { params: { query: { from: day(0), to: day(days) } } });
    const geojson = must(geo, 'getAggregatesGeoJson') as unknown as {
      features: { properties: { code: string; name: string; days: { declarationsWithSymptoms: number | null }[] } }[];
    };
    const symptomsByProvince: TownSummary['aggregates']['symptomsByProvince'] = {};
    for (const f of geojson.features) {
      const count = f.properties.days.reduce((n, x) => n + (x.declarationsWithSymptoms ?? 0), 0);
      const suppressedDays = f.properties.days.filter((x) => x.declarationsWithSymptoms === null).length;
      symptomsByProvince[f.properties.code] = { name: f.properties.name, count, suppressedDays };
    }
    const byType: Record<string, number> = {};
    for (const e of receiver.events) byType[e.type] = (byType[e.type] ?? 0) + 1;
    lap('report-data');

    return {
      residents: pop.size,
      days,
      firstDay: day(0),
      lastDay: day(days),
      appUsers: appUsers.length,
      sim: sim.totals,
      epidemic: sim.daily.map((r) => ({
        day: r.day,
        infections: r.infections,
        diagnoses: r.diagnoses,
        notifications: r.notifications,
        checkIns: r.checkIns,
      })),
      declarations: { ...counts.declarations, stored, perDay },
      checkIns: counts.checkIns,
      offlineResidents: offline.size,
      enterprises,
      venues: venues.map((v) => ({ id: v.id, name: v.name, tenant: v.tenant, poster: v.poster })),
      indexCase: {
        agent: indexCase,
        diagnosedInSim: dis.diagnosedDay[indexCase]! >= 0,
        keysPublished: published.insertedExposures,
        venueVisits: indexVisits.length,
        warningsPublished: indexVisits.length,
      },
      exports: { files: files.map((f) => f.name), keys: exportedKeys, downloads },
      matching: {
        phonesWithMatches: matchedKeysByAgent.size,
        matchedSightings,
        exposureWindows,
        notified: notified.length,
        notifiedByDay,
      },
      venueWarnings: { identifiers, phonesWarned },
      webhooks: { received: receiver.events.length, rejected: receiver.rejected, byType },
      aggregates: { geojson: geo.data, symptomsByProvince },
      timings,
    };
  } finally {
    await receiver.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The resident who tests positive: an app user the sim diagnosed (preferring one with venue visits and many app
 * contacts); when the sim diagnosed no app user, the app user with the most app contacts.
 */
function chooseIndexCase(sim: RunOutput, appContacts: Uint32Array, histories: Map<number, PresenceCheckIn[]>): number {
  let best = -1;
  let bestScore = -1;
  for (let a = 0; a < sim.population.size; a++) {
    if (!sim.population.hasApp[a]) continue;
    const diagnosed = sim.disease.diagnosedDay[a]! >= 0 ? 1 : 0;
    const score = diagnosed * 1e9 + (histories.has(a) ? 1e8 : 0) + appContacts[a]!;
    if (score > bestScore) {
      bestScore = score;
      best = a;
    }
  }
  if (best < 0) throw new Error('the town has no app user');
  return best;
}
