/**
 * Ingest over real HTTP on loopback with real Redis, against SQLite and PostgreSQL: stored before
 * 202, Prefer: wait with findings and CONTRL, duplicates (409 + CONTRL 26), Idempotency-Key
 * replays, the UNB sender check, the body limit, and JSON documents flowing to a mailbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminViewer } from '../../src/store/types.js';
import { DIALECTS, KEYS, startTestGateway, testDatabase, type TestDatabase, type TestGateway } from './harness.js';
import { codeco, gateInJson } from './messages.js';

describe.each(DIALECTS)('ingest (%s)', (dialect) => {
  let db: TestDatabase;
  let gw: TestGateway;
  const ref = (): string => String(Math.floor(Math.random() * 1e12));

  beforeAll(async () => {
    db = await testDatabase(dialect);
    gw = await startTestGateway({ db, env: { EDIGW_BODY_LIMIT: '64kb' } });
  });
  afterAll(async () => {
    await gw?.close();
    await db?.destroy();
  });

  it('stores a message before answering 202 {id, status}, and the pipeline delivers it to the mailbox', async () => {
    const r = await gw.http.post('/v1/messages', KEYS.nbct, gateInJson({ documentId: `GI-${ref()}` }));
    expect(r.status).toBe(202);
    expect(r.json).toEqual({ id: expect.any(String), status: 'received' });
    expect(r.headers.get('location')).toBe(`/v1/messages/${r.json.id}`);
    // Stored: the store has it the moment the answer arrived (a raw read, not through processing).
    const stored = await gw.store.getPayload(r.json.id as string, adminViewer);
    expect(stored?.bytes.length).toBeGreaterThan(1000);

    const done = await gw.http.settled(r.json.id as string, KEYS.nbct);
    expect(done.status).toBe('processed');
    const toForwarder = (done.deliveries as { destinationId: string; id: string; status: string }[]).find((d) => d.destinationId === 'sinotrans');
    expect(toForwarder?.status).toBe('pending');
    const types = (done.timeline as { type: string }[]).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['received', 'processing', 'completed', 'document-created', 'delivery-created']));

    const box = await gw.http.get('/v1/mailbox', KEYS.sinotrans);
    expect(box.status).toBe(200);
    const entry = (box.json.entries as { id: string; messageId: string }[]).find((e) => e.id === toForwarder?.id);
    expect(entry?.messageId).toBe(r.json.id);
    const doc = await gw.http.get(`/v1/mailbox/${entry!.id}`, KEYS.sinotrans);
    expect(doc.status).toBe(200);
    expect(doc.headers.get('edigw-delivery-id')).toBe(entry!.id);
    expect(doc.headers.get('content-type')).toContain('application/json');
    expect(JSON.parse(doc.text)).toMatchObject({ documentType: 'EquipmentInterchangeReceipt' });
    const ack = await gw.http.post(`/v1/mailbox/${entry!.id}/ack`, KEYS.sinotrans, '');
    expect(ack.json).toEqual({ id: entry!.id, status: 'acknowledged' });
    const peek = await gw.http.get('/v1/mailbox?peek=true&limit=100', KEYS.sinotrans);
    expect((peek.json.entries as { id: string }[]).map((e) => e.id)).not.toContain(entry!.id);
  });

  it('Prefer: wait answers after processing with findings (and ?wait=true does the same)', async () => {
    const bad = gateInJson({ documentId: `GI-${ref()}` });
    (bad.equipment as Record<string, unknown>[])[0].containerNumber = 'CSNU8203746';
    const r = await gw.http.post('/v1/messages', KEYS.nbct, bad, { prefer: 'wait=20' });
    expect(r.status).toBe(422);
    expect(r.headers.get('preference-applied')).toBe('wait');
    expect(r.json.status).toBe('rejected');
    expect(r.json.findings).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'GW_ERR_DOCUMENT_CONTAINER_NUMBER', severity: 'error' })]));

    const ok = await gw.http.post('/v1/messages?wait=true', KEYS.nbct, gateInJson({ documentId: `GI-${ref()}` }));
    expect(ok.status).toBe(200);
    expect(ok.json.status).toBe('processed');
  });

  it('acknowledges an EDIFACT interchange with CONTRL when UNB 0031 asks, and rejects a broken one', async () => {
    const good = ref();
    const r = await gw.http.post('/v1/messages', KEYS.nbct, codeco({ controlRef: good, ackRequested: true }), { prefer: 'wait' });
    expect([200, 422]).toContain(r.status);
    const contrl = (r.json.acknowledgements as { type: string; text: string }[]).find((a) => a.type === 'CONTRL');
    // NBCT's setting is contrl: always; the CONTRL answers this interchange (UCI 0020) from the hub.
    expect(contrl?.text).toContain(`UCI+${good}+NBCT:ZZZ+EDIGWNGB:ZZZ+`);
    expect(contrl?.text).toMatch(/UNH\+\d+\+CONTRL:D:3:UN/);

    const broken = ref();
    const b = await gw.http.post('/v1/messages', KEYS.nbct, codeco({ controlRef: broken, badCount: true }), { prefer: 'wait' });
    expect(b.status).toBe(422);
    expect(b.json.findings).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'GW_ERR_UNT_COUNT', contrl: '29' })]));
    const rejectContrl = (b.json.acknowledgements as { type: string; text: string }[]).find((a) => a.type === 'CONTRL');
    expect(rejectContrl?.text).toMatch(/UCM\+1\+CODECO:D:95B:UN(:ITG14)?\+4/);
  });

  it('answers a repeated interchange control reference with 409, the original id and a CONTRL with code 26', async () => {
    const controlRef = ref();
    const first = await gw.http.post('/v1/messages', KEYS.nbct, codeco({ controlRef }));
    expect(first.status).toBe(202);
    const again = await gw.http.post('/v1/messages', KEYS.nbct, codeco({ controlRef, serial: 200 }));
    expect(again.status).toBe(409);
    expect(again.json.originalId).toBe(first.json.id);
    expect(again.json.status).toBe('duplicate');
    expect(again.json.findings[0]).toMatchObject({ code: 'GW_ERR_DUPLICATE_INTERCHANGE', contrl: '26' });
    const text = (again.json.acknowledgements as { text: string }[])[0].text;
    expect(text).toContain(`UCI+${controlRef}+NBCT:ZZZ+EDIGWNGB:ZZZ+4+26`);
    // The duplicate is kept for the audit trail and never processed.
    const dup = await gw.http.get(`/v1/messages/${again.json.id}`, KEYS.nbct);
    expect(dup.json.status).toBe('duplicate');
    expect(dup.json.related).toEqual({ id: first.json.id, relation: 'duplicate-of' });
  });

  it('replays the original answer for a repeated Idempotency-Key, and refuses the key for another body', async () => {
    const key = `idem-${ref()}`;
    const body = gateInJson({ documentId: `GI-${ref()}` });
    const first = await gw.http.post('/v1/messages', KEYS.nbct, body, { 'idempotency-key': key });
    expect(first.status).toBe(202);
    const again = await gw.http.post('/v1/messages', KEYS.nbct, body, { 'idempotency-key': key });
    expect(again.status).toBe(202);
    expect(again.json.id).toBe(first.json.id);
    const other = await gw.http.post('/v1/messages', KEYS.nbct, gateInJson({ documentId: `GI-${ref()}` }), { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect(other.json.error.code).toBe('GW_ERR_IDEMPOTENCY_KEY_REUSED');
    // A request answered after waiting replays that answer, findings and all.
    const waitedKey = `idem-w-${ref()}`;
    const waitedBody = gateInJson({ documentId: `GI-${ref()}` });
    const waited = await gw.http.post('/v1/messages', KEYS.nbct, waitedBody, { 'idempotency-key': waitedKey, prefer: 'wait' });
    expect(waited.status).toBe(200);
    const replayed = await gw.http.post('/v1/messages', KEYS.nbct, waitedBody, { 'idempotency-key': waitedKey });
    expect(replayed.status).toBe(200);
    expect(replayed.json).toEqual(waited.json);
    // The same key from another partner is another key.
    const cfs = await gw.http.post('/v1/messages', KEYS.cfs, body, { 'idempotency-key': key });
    expect(cfs.status).toBe(202);
    expect(cfs.json.id).not.toBe(first.json.id);
  });

  it('refuses an interchange whose UNB sender is not the authenticated partner (403, nothing stored)', async () => {
    const controlRef = ref();
    const r = await gw.http.post('/v1/messages', KEYS.nbct, codeco({ controlRef, sender: 'COSCO' }));
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('GW_ERR_SENDER_MISMATCH');
    const found = await gw.store.searchMessages({ partnerId: 'nbct', limit: 500 }, adminViewer);
    expect(found.items.some((m) => m.envelope.controlRef === controlRef)).toBe(false);
  });

  it('refuses a body over the limit with 413, an empty body with 400, and an admin key with 403', async () => {
    const big = Buffer.alloc(70 * 1024, 0x41);
    const r = await gw.http.post('/v1/messages', KEYS.nbct, big);
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe('GW_ERR_BODY_TOO_LARGE');
    const empty = await gw.http.post('/v1/messages', KEYS.nbct, '');
    expect(empty.status).toBe(400);
    expect(empty.json.error.code).toBe('GW_ERR_EMPTY_BODY');
    const admin = await gw.http.post('/v1/messages', KEYS.admin, gateInJson());
    expect(admin.status).toBe(403);
  });

  it('keeps a body in no known format, rejected with a finding, never dropped', async () => {
    const r = await gw.http.request('POST', '/v1/messages', { key: KEYS.nbct, body: 'hello, this is not EDI', headers: { 'content-type': 'text/plain' } });
    expect(r.status).toBe(202);
    const done = await gw.http.settled(r.json.id as string, KEYS.nbct);
    expect(done.status).toBe('rejected');
    expect(done.findings[0].code).toBe('GW_ERR_FORMAT_UNKNOWN');
    const raw = await gw.http.get(`/v1/messages/${r.json.id}/raw`, KEYS.nbct);
    expect(raw.text).toBe('hello, this is not EDI');
  });

  it('logs the message id on every line about a message, and never the payload', async () => {
    const marker = `MARKER${ref()}`;
    const r = await gw.http.post('/v1/messages', KEYS.nbct, gateInJson({ documentId: marker }), { prefer: 'wait' });
    const id = r.json.id as string;
    const lines = gw.logs.lines.filter((l) => JSON.stringify(l).includes(id));
    expect(lines.map((l) => l['msg'])).toEqual(expect.arrayContaining(['message accepted', 'message processed']));
    for (const l of lines) expect(l['messageId']).toBe(id);
    expect(gw.logs.lines.some((l) => JSON.stringify(l).includes(marker))).toBe(false);
  });
});
