import { ReportType } from '@healthtrace/encounters';
import { describe, expect, it } from 'vitest';
import {
  defaultConfig,
  ENVIRONMENT_CODES,
  resultsJson,
  scanSchedule,
  simulate,
  simulateAsync,
  startSimulation,
  summarize,
} from '../src/index';

describe('simulate (small runs)', () => {
  it('gives byte-identical results for the same seed and different results for another seed', () => {
    const config = defaultConfig({ agents: 1500, days: 4, seed: 11, initialInfectedShare: 0.02 });
    const a = resultsJson(summarize(simulate(config)));
    const b = resultsJson(summarize(simulate(config)));
    expect(a).toBe(b);
    expect(resultsJson(summarize(simulate({ ...config, seed: 12 })))).not.toBe(a);
  });

  it('scans every 210–300 s with 4-second scans and logs sightings with real RPIs', () => {
    const s = scanSchedule(1, 5, 0);
    expect(s.length).toBeGreaterThan(86_400 / 300);
    expect(s.length).toBeLessThan(86_400 / 210 + 2);
    for (let i = 1; i < s.length; i++) {
      expect(s[i]! - s[i - 1]!).toBeGreaterThanOrEqual(209);
      expect(s[i]! - s[i - 1]!).toBeLessThanOrEqual(300);
    }
    const out = simulate(defaultConfig({ agents: 800, days: 1, seed: 2 }));
    expect(out.totals.sightings).toBeGreaterThan(0);
    expect(out.truth.count).toBeGreaterThan(0);
  });

  it('publishes CONFIRMED_TEST keys, notifies phones and confines people over a short epidemic', () => {
    const out = simulate(defaultConfig({ agents: 1500, days: 10, seed: 5, initialInfectedShare: 0.04, adoptionScale: 1.6 }));
    expect(out.totals.uploads).toBeGreaterThan(0);
    expect(out.totals.keysPublished).toBeGreaterThan(out.totals.uploads);
    expect(out.publishedKeys.flat().every((k) => k.reportType === ReportType.CONFIRMED_TEST && k.rollingPeriod === 144)).toBe(true);
    expect(out.totals.exportBytes).toBeGreaterThan(0);
    expect(out.totals.matchedSightings).toBeGreaterThan(0);
    expect(out.totals.notifications).toBeGreaterThan(0);
    expect(out.daily.some((d) => d.confined > 0)).toBe(true);
    // The per-phone GaenMatcher of @healthtrace/encounters, fed the same export files, agrees exactly on a sample.
    expect(out.totals.phoneMatcherPhones).toBeGreaterThan(0);
    expect(out.totals.phoneMatcherMatchedSightings).toBeGreaterThan(0);
    expect(out.totals.phoneMatcherMismatches).toBe(0);
    // Reported positives among the notified are a subset of their true infections.
    const t = summarize(out).totals;
    expect(t.secondaryAttackRateNotifiedReported).toBeLessThanOrEqual(t.secondaryAttackRateNotified);
    expect(t.secondaryAttackRateNotifiedReported).toBeGreaterThanOrEqual(0);
  });

  it('stops between days on an abort signal with a consistent partial output', async () => {
    const config = defaultConfig({ agents: 1500, days: 6, seed: 5, initialInfectedShare: 0.04, adoptionScale: 1.6 });
    const full = simulate(config);
    const stop = new AbortController();
    const partial = await simulateAsync(config, { signal: stop.signal, onDay: (day) => day === 2 && stop.abort() });
    expect(partial.partial).toBe(true);
    expect(partial.daysCompleted).toBe(3);
    // The days simulated are exactly those of the complete run.
    expect(partial.daily).toEqual(full.daily.slice(0, 3));
    const r = summarize(partial);
    expect(r).toMatchObject({ partial: true, daysCompleted: 3 });
    expect(summarize(full).partial).toBeUndefined();
    expect(full.partial).toBe(false);
    expect(resultsJson(summarize(await simulateAsync(config)))).toBe(resultsJson(summarize(full)));
    const run = startSimulation(config);
    while (run.step());
    run.close();
    expect(run.step()).toBe(false);
    expect(run.daysCompleted).toBe(6);
  });

  it('rejects bad sizes', () => {
    expect(() => simulate(defaultConfig({ agents: 1 }))).toThrow(RangeError);
    expect(() => simulate(defaultConfig({ days: 0 }))).toThrow(RangeError);
    expect(() => simulate(defaultConfig({ startUnixMs: 1 }))).toThrow(RangeError);
  });
});

describe('validation (qualitative targets of the issue)', () => {
  const auc = (env: 'open' | 'vehicle') => {
    const r = summarize(simulate(defaultConfig({ agents: 3000, days: 2, seed: 9, environmentOverride: env, initialInfectedShare: 0 })));
    return r.scoring[0]!.attenuationAucByEnvironment[env]!;
  };

  it('attenuation rules separate ≤ 1.8 m well in the open (AUC ≥ 0.8) and not in a vehicle (AUC ≤ 0.6)', () => {
    expect(auc('open')).toBeGreaterThanOrEqual(0.8);
    expect(auc('vehicle')).toBeLessThanOrEqual(0.6);
    expect(ENVIRONMENT_CODES).toEqual(['open', 'indoor', 'vehicle']);
  });

  it('doubling adoption roughly quadruples detected contacts', () => {
    const detected = (scale: number) =>
      summarize(simulate(defaultConfig({ agents: 3000, days: 1, seed: 4, adoptionScale: scale, initialInfectedShare: 0 }))).totals
        .detectedContacts;
    const ratio = detected(1) / detected(0.5);
    expect(ratio).toBeGreaterThan(3.2);
    expect(ratio).toBeLessThan(4.8);
  });
});
