/**
 * The ingest worker's CPU work on a pipeline thread (`pipelineThreads`): the same outcome as in
 * process (validated, acknowledged, mapped, rendered as CODECO with a control reference from the
 * store's counters and as JSON), the store calls going back to the main thread's store; a job
 * redone finds the message final and keeps its delivery ids.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInterchange } from '../../src/syntax/edifact/index.js';
import { DIALECTS, KEYS, startTestGateway, testDatabase, type TestDatabase, type TestGateway } from './harness.js';
import { codeco } from './messages.js';

interface Delivery { id: string; destinationId: string; format: string; rendered: boolean }

describe.each(DIALECTS)('pipeline threads (%s)', (dialect) => {
  let db: TestDatabase;
  let gw: TestGateway;
  const ref = (): string => String(Date.now() % 1e10 * 1000 + Math.floor(Math.random() * 1000));

  beforeAll(async () => {
    db = await testDatabase(dialect);
    gw = await startTestGateway({ db, options: { pipelineThreads: 1 } });
  });
  afterAll(async () => {
    await gw?.close();
    await db?.destroy();
  });

  it('processes a CODECO on a thread exactly as in process', async () => {
    const controlRef = ref();
    const r = await gw.http.post('/v1/messages', KEYS.nbct, codeco({ controlRef, ackRequested: true, forwarder: 'SINOTRANS-NB', containers: 3, serial: 700_000 }), { prefer: 'wait' });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('processed');
    expect((r.json.acknowledgements as { type: string; text: string }[]).find((a) => a.type === 'CONTRL')?.text).toContain(`UCI+${controlRef}+NBCT:ZZZ+EDIGWNGB:ZZZ+7'`);
    const deliveries = r.json.deliveries as Delivery[];
    const toLine = deliveries.find((d) => d.destinationId === 'cosco')!;
    const toForwarder = deliveries.find((d) => d.destinationId === 'sinotrans')!;
    expect(toLine).toMatchObject({ format: 'CODECO:D95B', rendered: true });
    expect(toForwarder).toMatchObject({ format: 'json', rendered: true });
    const sent = parseInterchange(Buffer.from((await gw.http.get(`/v1/mailbox/${toLine.id}`, KEYS.cosco)).text, 'latin1'));
    expect(sent.header).toMatchObject({ sender: { id: 'EDIGWNGB' }, recipient: { id: 'COSCO' } });
    const json = JSON.parse((await gw.http.get(`/v1/mailbox/${toForwarder.id}`, KEYS.sinotrans)).text) as { equipment: unknown[] };
    expect(json.equipment).toHaveLength(3);

    const id = r.json.id as string;
    const message = await gw.http.get(`/v1/messages/${id}`, KEYS.admin);
    const types = (message.json.timeline as { type: string }[]).map((e) => e.type);
    expect(types.slice(0, 3)).toEqual(['received', 'processing', 'completed']);
    // The store stays the one writer: what the thread produced is there once.
    expect(await gw.store.listDeliveries(id, { role: 'admin' })).toHaveLength(deliveries.length);
  });
});
