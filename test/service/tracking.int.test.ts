/**
 * Tracking and operations over real HTTP: message detail with its timeline, search by every
 * criterion with cursor pagination, container and bill timelines across partners, and the
 * operations endpoints (health, readiness, Prometheus metrics, OpenAPI at /docs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, KEYS, startTestGateway, testDatabase, type TestDatabase, type TestGateway } from './harness.js';
import { codeco, containerNumber, gateInJson } from './messages.js';

describe.each(DIALECTS)('tracking and operations (%s)', (dialect) => {
  let db: TestDatabase;
  let gw: TestGateway;
  const stamp = Date.now();
  const containers = [0, 1, 2].map((i) => containerNumber('TRKU', (stamp % 100_000) * 10 + i));
  const bills = [0, 1, 2].map((i) => `COSU${stamp}${i}`);
  const ids: string[] = [];
  let before = '';
  let edifactId = '';

  beforeAll(async () => {
    db = await testDatabase(dialect);
    gw = await startTestGateway({ db });
    before = new Date(Date.now() - 1000).toISOString();
    for (let i = 0; i < 3; i++) {
      const doc = gateInJson({ documentId: `GI-TRK-${stamp}-${i}`, containers: [containers[i]] });
      (doc.consignments as Record<string, unknown>[])[0].billOfLadingNumber = bills[i];
      const r = await gw.http.post('/v1/messages', KEYS.nbct, doc, { prefer: 'wait' });
      expect(r.status).toBe(200);
      ids.push(r.json.id as string);
    }
    const e = await gw.http.post('/v1/messages', KEYS.nbct, codeco({ controlRef: String(stamp % 1e10), forwarder: 'SINOTRANS-NB', serial: stamp % 100_000 }), { prefer: 'wait' });
    edifactId = e.json.id as string;
  });
  afterAll(async () => {
    await gw?.close();
    await db?.destroy();
  });

  it('shows a message with status, a timeline with times, findings, documents and deliveries with attempts', async () => {
    const m = await gw.http.get(`/v1/messages/${ids[0]}`, KEYS.nbct);
    expect(m.status).toBe(200);
    expect(m.json).toMatchObject({ id: ids[0], status: 'processed', partnerId: 'nbct', direction: 'inbound', format: 'json' });
    // What the customs format could not carry is told on the message, as warnings naming the delivery.
    expect((m.json.findings as { severity: string }[]).filter((f) => f.severity === 'error')).toEqual([]);
    for (const f of m.json.findings as { text: string }[]) expect(f.text).toMatch(/^delivery to ningbo-customs as MT3101: /);
    const timeline = m.json.timeline as { type: string; at: string }[];
    expect(timeline[0].type).toBe('received');
    for (const e of timeline) expect(Number.isNaN(Date.parse(e.at))).toBe(false);
    expect(timeline.map((e) => e.at)).toEqual([...timeline.map((e) => e.at)].sort());
    expect(m.json.documents[0]).toMatchObject({ type: 'EquipmentInterchangeReceipt', state: 'active' });
    for (const d of m.json.deliveries as { attemptLog: unknown[] }[]) expect(Array.isArray(d.attemptLog)).toBe(true);
    const raw = await gw.http.get(`/v1/messages/${ids[0]}/raw`, KEYS.nbct);
    expect(JSON.parse(raw.text)).toMatchObject({ documentId: `GI-TRK-${stamp}-0` });
    const doc = await gw.http.get(`/v1/messages/${ids[0]}/document`, KEYS.nbct);
    expect(doc.json.documents[0].body.equipment[0].containerNumber).toBe(containers[0]);
  });

  it('searches by container, reference, bill, status, message type, document type and time range', async () => {
    const byContainer = await gw.http.get(`/v1/messages?container=${containers[1]}`, KEYS.nbct);
    expect((byContainer.json.items as { id: string }[]).map((m) => m.id)).toEqual([ids[1]]);
    const lower = await gw.http.get(`/v1/messages?container=${containers[1].toLowerCase()}`, KEYS.nbct);
    expect((lower.json.items as { id: string }[]).map((m) => m.id)).toEqual([ids[1]]);
    const byBill = await gw.http.get(`/v1/messages?reference=bill-of-lading:${bills[2]}`, KEYS.nbct);
    expect((byBill.json.items as { id: string }[]).map((m) => m.id)).toEqual([ids[2]]);
    const anyKind = await gw.http.get(`/v1/messages?reference=${bills[2]}`, KEYS.nbct);
    expect((anyKind.json.items as { id: string }[]).map((m) => m.id)).toEqual([ids[2]]);
    const inRange = await gw.http.get(`/v1/messages?from=${encodeURIComponent(before)}&status=processed,unrouted&documentType=EquipmentInterchangeReceipt&limit=500`, KEYS.nbct);
    const found = (inRange.json.items as { id: string }[]).map((m) => m.id);
    for (const id of [...ids, edifactId]) expect(found).toContain(id);
    const codecos = await gw.http.get(`/v1/messages?type=codeco&from=${encodeURIComponent(before)}&limit=500`, KEYS.nbct);
    expect((codecos.json.items as { id: string }[]).map((m) => m.id)).toEqual([edifactId]);
    const future = await gw.http.get(`/v1/messages?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, KEYS.nbct);
    expect(future.json.items).toEqual([]);
    const bad = await gw.http.get('/v1/messages?status=lost', KEYS.nbct);
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('GW_ERR_BAD_REQUEST');
  });

  it('pages with a cursor, each message once, oldest first', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof gw.http.get>> = await gw.http.get(`/v1/messages?from=${encodeURIComponent(before)}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, KEYS.nbct);
      expect((page.json.items as unknown[]).length).toBeLessThanOrEqual(2);
      seen.push(...(page.json.items as { id: string }[]).map((m) => m.id));
      cursor = page.json.next as string | null;
    } while (cursor !== null);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...seen].sort().reverse());
    for (const id of ids) expect(seen).toContain(id);
  });

  it('joins everything about a container and a bill of lading, for what the caller may see', async () => {
    const admin = await gw.http.get(`/v1/containers/${containers[0]}/timeline`, KEYS.admin);
    expect(admin.status).toBe(200);
    expect(admin.json.reference).toMatchObject({ kind: 'container' });
    expect((admin.json.messages as { id: string }[]).map((m) => m.id)).toEqual([ids[0]]);
    expect(admin.json.documents).toHaveLength(1);
    expect((admin.json.deliveries as { destinationId: string }[]).map((d) => d.destinationId)).toEqual(expect.arrayContaining(['sinotrans', 'cosco']));
    expect((admin.json.events as { type: string }[]).map((e) => e.type)).toEqual(expect.arrayContaining(['received', 'completed']));
    const forwarder = await gw.http.get(`/v1/containers/${containers[0]}/timeline`, KEYS.sinotrans);
    expect((forwarder.json.deliveries as { destinationId: string }[]).map((d) => d.destinationId)).toEqual(['sinotrans']);
    expect(forwarder.json.messages).toEqual([]);
    const bill = await gw.http.get(`/v1/bills/${bills[1]}/timeline`, KEYS.nbct);
    expect((bill.json.messages as { id: string }[]).map((m) => m.id)).toEqual([ids[1]]);
  });

  it('answers /healthz and /readyz, and counts what happened at /metrics', async () => {
    expect((await gw.http.get('/healthz')).json).toMatchObject({ status: 'ok', role: 'all' });
    expect((await gw.http.get('/readyz')).json).toMatchObject({ status: 'ok', checks: { store: 'ok', redis: 'ok' } });
    const m = await gw.http.get('/metrics');
    expect(m.headers.get('content-type')).toContain('text/plain');
    expect(m.text).toMatch(/edigw_messages_received_total\{format="json",channel="http",outcome="accepted"\} [1-9]/);
    expect(m.text).toMatch(/edigw_messages_processed_total\{status="processed"\} [1-9]/);
    expect(m.text).toMatch(/edigw_stage_duration_seconds_count\{stage="validate"\} [1-9]/);
    expect(m.text).toMatch(/edigw_queue_jobs\{queue="ingest",state="wait"\} \d/);
    expect(m.text).toContain('edigw_dead_letters_total');
  });

  it('after the retention purge, answers 410 for the payload and still shows the message\'s record', async () => {
    // A CODECO whose UNT count is wrong: rejected, no deliveries, so nothing keeps its payload.
    const bad = codeco({ controlRef: String((stamp % 1e9) + 7), forwarder: 'SINOTRANS-NB', serial: (stamp % 100_000) + 50 }).replace(/UNT\+\d+/, 'UNT+999');
    const r = await gw.http.post('/v1/messages', KEYS.nbct, bad, { prefer: 'wait' });
    expect(r.json.status).toBe('rejected');
    const id = r.json.id as string;
    expect((await gw.http.get(`/v1/messages/${id}/raw`, KEYS.nbct)).text).toBe(bad);
    // As the workers' daily purge would, with everything before this moment old enough.
    const purged = await gw.store.purgePayloads({ before: new Date(Date.now() + 1000) });
    expect(purged.messages).toBeGreaterThanOrEqual(1);
    const raw = await gw.http.get(`/v1/messages/${id}/raw`, KEYS.nbct);
    expect(raw.status).toBe(410);
    expect(raw.json.error.code).toBe('GW_ERR_PAYLOAD_PURGED');
    const m = await gw.http.get(`/v1/messages/${id}`, KEYS.nbct);
    expect(m.json).toMatchObject({ id, status: 'rejected', size: Buffer.byteLength(bad) });
    expect(Number.isNaN(Date.parse(m.json.purgedAt as string))).toBe(false);
    expect((m.json.findings as { code: string }[]).map((f) => f.code)).toContain('GW_ERR_UNT_COUNT');
    expect((m.json.timeline as { type: string }[]).at(-1)?.type).toBe('payload-purged');
    // Another partner still learns nothing: 404, not 410.
    expect((await gw.http.get(`/v1/messages/${id}/raw`, KEYS.sinotrans)).status).toBe(404);
  });

  it('publishes OpenAPI 3 generated from the routes at /docs/json, and Swagger UI at /docs', async () => {
    const doc = await gw.http.get('/docs/json');
    expect(doc.json.openapi).toMatch(/^3\./);
    const paths = Object.keys(doc.json.paths as object);
    for (const p of ['/v1/messages', '/v1/messages/{id}', '/v1/messages/{id}/raw', '/v1/messages/{id}/document', '/v1/messages/{id}/ack', '/v1/mailbox', '/v1/mailbox/{id}', '/v1/mailbox/{id}/ack', '/v1/containers/{number}/timeline', '/v1/bills/{number}/timeline', '/v1/dead-letters', '/v1/dead-letters/{id}/replay', '/healthz', '/readyz', '/metrics']) {
      expect(paths, p).toContain(p);
    }
    expect(doc.json.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.json.paths['/v1/messages'].post.responses).toHaveProperty('409');
    const ui = await gw.http.get('/docs/');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });
});
