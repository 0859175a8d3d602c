// Child process of crash.int.test.ts: receives messages as fast as it can and prints
// "<id> <sha256>" for each one only after `receive` resolved, until it is killed.
import { openPostgresStore, openSqliteStore, type Store } from '../../src/store/index.js';
import { interchange } from './harness.js';

const dialect = process.env['STORE_DIALECT'];
const location = process.env['STORE_LOCATION'] ?? '';
const store: Store = dialect === 'postgres'
  ? await openPostgresStore({ connectionString: process.env['STORE_PG_URL'] ?? '', schema: location })
  : await openSqliteStore({ file: location });

let sequence = 0;
async function caller(): Promise<never> {
  for (;;) {
    const ref = `${process.pid}-${sequence++}`;
    const result = await store.receive({
      partnerId: 'LINE1',
      channel: 'http',
      format: 'edifact',
      contentType: 'application/EDIFACT',
      payload: interchange('LINE1', ref),
      envelope: { senderId: 'LINE1', controlRef: ref, messageTypes: ['CODECO'] },
    });
    if (result.outcome !== 'accepted') throw new Error(`unexpected ${result.outcome}`);
    // Pipes are written synchronously on Linux: a line the parent reads was printed after the commit.
    process.stdout.write(`${result.message.id} ${result.message.sha256}\n`);
  }
}

await Promise.all(Array.from({ length: 16 }, () => caller()));
