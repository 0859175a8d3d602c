/**
 * `retention.payloadDays` in the configuration makes the running gateway's workers purge: a message
 * stored 40 days ago loses its payload and keeps its record, over real HTTP, on both stores.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgresStore, openSqliteStore, type Store } from '../../src/store/index.js';
import { DAY, interchange } from '../store/harness.js';
import { DIALECTS, eventually, KEYS, PG_URL, startTestGateway, testDatabase, type TestDatabase, type TestGateway } from './harness.js';

describe.each(DIALECTS)('retention in the running gateway (%s)', (dialect) => {
  let db: TestDatabase | undefined;
  let gw: TestGateway | undefined;
  afterEach(async () => {
    await gw?.close();
    await db?.destroy();
  });

  it('purges what is older than retention.payloadDays soon after start, and keeps the record', async () => {
    db = await testDatabase(dialect);
    // A message the terminal sent 40 days ago, stored by the gateway's store as it was then.
    const clock = (): number => Date.now() - 40 * DAY;
    const old: Store = dialect === 'sqlite'
      ? await openSqliteStore({ file: join(db.dataDir, 'edigw.sqlite'), clock })
      : await openPostgresStore({ connectionString: PG_URL, schema: db.schema!, clock });
    const r = await old.receive({ partnerId: 'nbct', channel: 'http', format: 'edifact', contentType: 'application/EDIFACT', payload: interchange('NBCT', 'RET1'), envelope: { senderId: 'NBCT', controlRef: 'RET1' } });
    if (r.outcome !== 'accepted') throw new Error(r.outcome);
    await old.completeMessage(r.message.id, { status: 'rejected', findings: [] });
    await old.close();

    gw = await startTestGateway({ db, edit: (file) => { file['retention'] = { payloadDays: 30 }; }, options: { retentionDelayMs: 50 } });
    const id = r.message.id;
    const raw = await eventually(async () => {
      const a = await gw!.http.get(`/v1/messages/${id}/raw`, KEYS.nbct);
      return a.status === 410 ? a : undefined;
    }, 'the payload to be purged', 20_000);
    expect(raw.json.error.code).toBe('GW_ERR_PAYLOAD_PURGED');
    const m = await gw.http.get(`/v1/messages/${id}`, KEYS.nbct);
    expect(m.json).toMatchObject({ id, status: 'rejected' });
    expect((m.json.timeline as { type: string }[]).map((e) => e.type)).toContain('payload-purged');
  });
});
