/**
 * Starts a local server with demo data and prints the dashboard URL and the credentials to type into it.
 */
import { startDashboardDemo } from './seed';

const demo = await startDashboardDemo({ port: Number(process.env.PORT ?? 8790) });
console.log(`dashboard:              ${demo.url}/dashboard`);
console.log(`enterprise API key:     ${demo.apiKey}`);
console.log(`tenant id:              ${demo.tenantId}`);
console.log(`health-authority token: ${demo.healthAuthorityToken}`);
console.log('Ctrl-C to stop.');
process.once('SIGINT', () => {
  demo.close().then(() => process.exit(0));
});
