// `pnpm --filter @example/web-declaration start [-- --port 8788]`: builds the page, starts it with an in-process
// healthtrace server, registers a demo venue and prints the page URL and the venue QR URL.
import { parseArgs } from 'node:util';
import { startExample } from './serve';

const argv = process.argv.slice(2);
const { values } = parseArgs({ args: argv[0] === '--' ? argv.slice(1) : argv, options: { port: { type: 'string', default: '8788' } } });
const example = await startExample({ port: Number(values.port) });
const res = await example.server.fetch(
  new Request(`${example.url}/v1/venues`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${example.healthAuthorityToken}` },
    body: JSON.stringify({ name: 'Phở Thìn Lò Đúc', address: '13 Lò Đúc, Hà Nội', type: 4 }),
  }),
);
const venue = (await res.json()) as { qrText?: string; qr?: { text?: string } };
console.log(`declaration page: ${example.url}/`);
console.log(`venue QR (opens the page with the venue prefilled): ${venue.qrText ?? venue.qr?.text ?? JSON.stringify(venue)}`);
console.log(`health-authority token (GET ${example.url}/v1/declarations): ${example.healthAuthorityToken}`);
console.log('Ctrl-C to stop');
const stop = (): void => {
  example.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
