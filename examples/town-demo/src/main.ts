// The town demo is being assembled package by package (see examples/README.md).
// Until every package it composes has landed, it prints the run it will perform.
const steps = [
  'start the healthtrace server on the embedded database (PGlite), no configuration',
  'register 3 enterprises with venues; provision their employees through SCIM',
  'simulate 1,000 residents with phones for 14 days (@healthtrace/sim, real GAEN crypto)',
  'residents declare through the typed client (some offline, delivered later)',
  'check in at venues by scanning signed venue QR codes',
  'one resident tests positive, gets a verification code and uploads keys',
  'the server builds signed export files; every phone downloads and matches them',
  'exposure notifications and venue warnings go out; enterprises receive webhooks and see their risk',
  'print a summary and write out/report.html plus the venue posters',
];
console.log('healthtrace town demo — planned run:');
for (const [i, step] of steps.entries()) console.log(`  ${i + 1}. ${step}`);
console.log('\nThe packages this run composes are still landing; see the open issues.');
