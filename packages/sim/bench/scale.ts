/**
 * Scale benchmark: agents × days with real crypto and the per-scan channel in the loop.
 * Prints agent-days/s and peak memory (RSS sampled every 100 ms plus the final figure).
 *
 *   pnpm bench:sim                       # 100,000 agents × 14 days
 *   pnpm bench:sim -- --agents 1000000   # the 1M case (only on request)
 *   pnpm bench:sim -- --agents 20000 --days 7 --threads 1 --json
 */
import { parseArgs } from 'node:util';
import { defaultConfig, simulate } from '../src/index';

const { values } = parseArgs({
  options: {
    agents: { type: 'string', default: '100000' },
    days: { type: 'string', default: '14' },
    seed: { type: 'string', default: '1' },
    threads: { type: 'string', default: '2' },
    json: { type: 'boolean', default: false },
  },
});
const agents = Number(values.agents);
const days = Number(values.days);
const threads = values.threads === undefined ? undefined : Number(values.threads);

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

const t0 = performance.now();
const out = simulate(defaultConfig({ agents, days, seed: Number(values.seed), threads: threads ?? 2 }), sample);
const seconds = (performance.now() - t0) / 1000;
clearInterval(sampler);
sample();
const result = {
  agents,
  days,
  threads: out.config.threads,
  seconds: Number(seconds.toFixed(2)),
  agentDaysPerSecond: Math.round((agents * days) / seconds),
  peakRssMB: Math.round(peakRss / 2 ** 20),
  sightings: out.totals.sightings,
  appUsers: out.totals.appUsers,
  infections: out.totals.infections,
  uploads: out.totals.uploads,
  notifications: out.totals.notifications,
};
if (values.json) console.log(JSON.stringify(result));
else {
  console.log(
    `sim scale: ${agents.toLocaleString('en')} agents × ${days} days in ${result.seconds} s (${result.threads} thread(s)) = ` +
      `${result.agentDaysPerSecond.toLocaleString('en')} agent-days/s, peak RSS ${result.peakRssMB} MB, ` +
      `${result.sightings.toLocaleString('en')} sightings, ${result.appUsers.toLocaleString('en')} app users`,
  );
}
