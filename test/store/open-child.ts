// Child process of migrate.int.test.ts: opens the store (running migrations if needed), stores one
// message, prints its id and exits.
import { openPostgresStore, openSqliteStore, type Store } from '../../src/store/index.js';
import { interchange } from './harness.js';

const location = process.env['STORE_LOCATION'] ?? '';
const store: Store = process.env['STORE_DIALECT'] === 'postgres'
  ? await openPostgresStore({ connectionString: process.env['STORE_PG_URL'] ?? '', schema: location })
  : await openSqliteStore({ file: location });
const ref = `OPEN${process.pid}`;
const result = await store.receive({
  partnerId: 'LINE1',
  channel: 'http',
  format: 'edifact',
  contentType: 'application/EDIFACT',
  payload: interchange('LINE1', ref),
  envelope: { senderId: 'LINE1', controlRef: ref },
});
if (result.outcome !== 'accepted') throw new Error(result.outcome);
process.stdout.write(`${result.message.id}\n`);
await store.close();
