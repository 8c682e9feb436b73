// `pnpm --filter @example/phone-emulator start`: three virtual phones, one positive test, one notification.
import { runScenario } from './scenario';

const started = Date.now();
const report = await runScenario({ log: (line) => console.log(line) });
const notified = report.phones.filter((p) => p.notifications.length > 0).map((p) => p.name);
console.log(
  `\n${notified.length ? `notified: ${notified.join(', ')}` : 'nobody notified'} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
);
