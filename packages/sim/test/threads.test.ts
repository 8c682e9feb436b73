import { describe, expect, it } from 'vitest';
import { defaultConfig, resultsJson, simulate, summarize } from '../src/index';

describe('worker threads', () => {
  it('give byte-identical results to the single-threaded run', () => {
    const config = defaultConfig({ agents: 1200, days: 3, seed: 21, initialInfectedShare: 0.03 });
    const one = resultsJson(summarize(simulate({ ...config, threads: 1 })));
    const two = resultsJson(summarize(simulate({ ...config, threads: 2 })));
    expect(two).toBe(one);
    expect(JSON.parse(one).totals.sightings).toBeGreaterThan(0);
  });

  it('give byte-identical results for the Bluezone scheme too', () => {
    const config = defaultConfig({ agents: 800, days: 5, seed: 4, initialInfectedShare: 0.05, adoptionScale: 2, scheme: 'bluezone' });
    const one = resultsJson(summarize(simulate({ ...config, threads: 1 })));
    expect(resultsJson(summarize(simulate({ ...config, threads: 2 })))).toBe(one);
    expect(JSON.parse(one).totals.matchedSightings).toBeGreaterThan(0);
  });
});
