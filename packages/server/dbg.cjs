const { PGlite } = require('@electric-sql/pglite');
(async () => {
  const pg = await PGlite.create();
  await pg.exec('create table t(a int)');
  const r = await pg.execProtocol(Buffer.from('5100000019696e7365727420696e746f20742076616c7565732831290000', 'hex'));
  console.log(r.messages.map((m) => [m.name, m.text, m.constructor.name]));
})();
