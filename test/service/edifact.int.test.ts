/**
 * EDIFACT through the whole gateway over real HTTP: a terminal's CODECO validated, acknowledged,
 * mapped to a gate report, routed to the line as CODECO and to the forwarder as JSON; the line's
 * CONTRL matched back; business-rule errors answered with APERAK; test traffic kept from customs;
 * a cancelled CODECO withdrawing what was not yet collected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInterchange } from '../../src/syntax/edifact/index.js';
import { DIALECTS, eventually, KEYS, startTestGateway, testDatabase, type TestDatabase, type TestGateway } from './harness.js';
import { codeco, containerNumber, contrl } from './messages.js';

interface Delivery { id: string; destinationId: string; format: string; rendered: boolean; status: string }

describe.each(DIALECTS)('EDIFACT end to end (%s)', (dialect) => {
  let db: TestDatabase;
  let gw: TestGateway;
  let serial = 300_000 + Math.floor(Math.random() * 100_000);
  const ref = (): string => String(Date.now() % 1e10 * 1000 + Math.floor(Math.random() * 1000));

  beforeAll(async () => {
    db = await testDatabase(dialect);
    gw = await startTestGateway({ db });
  });
  afterAll(async () => {
    await gw?.close();
    await db?.destroy();
  });

  it('maps a terminal\'s CODECO, acknowledges it, and delivers CODECO to the line and JSON to the forwarder', async () => {
    const controlRef = ref();
    serial += 10;
    const r = await gw.http.post('/v1/messages', KEYS.nbct, codeco({ controlRef, ackRequested: true, forwarder: 'SINOTRANS-NB', containers: 3, serial }), { prefer: 'wait' });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('processed');
    expect((r.json.findings as { severity: string }[]).filter((f) => f.severity === 'error')).toEqual([]);
    const ack = (r.json.acknowledgements as { type: string; text: string }[]).find((a) => a.type === 'CONTRL')!;
    expect(ack.text).toContain(`UCI+${controlRef}+NBCT:ZZZ+EDIGWNGB:ZZZ+7'`);

    const deliveries = r.json.deliveries as Delivery[];
    const toLine = deliveries.find((d) => d.destinationId === 'cosco')!;
    const toForwarder = deliveries.find((d) => d.destinationId === 'sinotrans')!;
    expect(toLine).toMatchObject({ format: 'CODECO:D95B', rendered: true });
    expect(toForwarder).toMatchObject({ format: 'json', rendered: true });

    const codecoForLine = await gw.http.get(`/v1/mailbox/${toLine.id}`, KEYS.cosco);
    const sent = parseInterchange(Buffer.from(codecoForLine.text, 'latin1'));
    // The line is asked for a CONTRL (acks.requestContrl): UNB 0031 = 1.
    expect(sent.header).toMatchObject({ sender: { id: 'EDIGWNGB' }, recipient: { id: 'COSCO' }, ackRequested: true });
    expect(sent.messages[0].type).toBe('CODECO');
    const numbers = sent.messages[0].segments.filter((s) => s.tag === 'EQD').map((s) => s.value(2));
    expect(numbers).toHaveLength(3);
    const json = JSON.parse((await gw.http.get(`/v1/mailbox/${toForwarder.id}`, KEYS.sinotrans)).text) as { equipment: { containerNumber: string }[] };
    expect(json.equipment.map((e) => e.containerNumber)).toEqual(numbers);

    // The line's CONTRL for what the gateway sent it is matched to that interchange.
    const outbound = await gw.http.get(`/v1/messages?direction=outbound&sender=cosco&limit=500`, KEYS.admin);
    const interchange = (outbound.json.items as { id: string; envelope: { controlRef: string; messageTypes: string[] }; ack: { state: string } | null }[])
      .find((m) => m.envelope.controlRef === sent.header!.controlRef && m.envelope.messageTypes.includes('CODECO'))!;
    expect(interchange.ack?.state).toBe('awaited');
    const answer = await gw.http.post('/v1/messages', KEYS.cosco, contrl({ controlRef: ref(), acknowledged: sent.header!.controlRef, sender: 'COSCO' }), { prefer: 'wait' });
    expect(answer.json.findings[0].code).toBe('GW_ERR_ACK_RECEIVED');
    const after = await gw.http.get(`/v1/messages/${interchange.id}/ack`, KEYS.cosco);
    expect(after.json.ack.state).toBe('received');
  });

  it('answers business-rule errors with an APERAK and keeps the message from the partners', async () => {
    const controlRef = ref();
    const good = containerNumber('CSNU', 1);
    const wrong = `${good.slice(0, 10)}${(Number(good[10]) + 1) % 10}`;
    const bad = codeco({ controlRef, containers: 1, serial: 1 }).replace(good, wrong);
    const r = await gw.http.post('/v1/messages', KEYS.nbct, bad, { prefer: 'wait' });
    expect(r.status).toBe(422);
    expect((r.json.findings as { code: string }[]).map((f) => f.code)).toContain('GW_ERR_CONTAINER_NUMBER_INVALID');
    const aperak = (r.json.acknowledgements as { type: string; text: string }[]).find((a) => a.type === 'APERAK');
    expect(aperak?.text).toMatch(/BGM\+\d*\+[^']*\+9\+RE'/);
    expect(r.json.deliveries).toEqual([]);
  });

  it('routes test traffic (UNB 0035) only to partners that accept it, never to customs', async () => {
    serial += 10;
    const r = await gw.http.post('/v1/messages', KEYS.nbct, codeco({ controlRef: ref(), test: true, forwarder: 'SINOTRANS-NB', serial }), { prefer: 'wait' });
    expect(r.status).toBe(200);
    const to = (r.json.deliveries as (Delivery & { test: boolean })[]).map((d) => [d.destinationId, d.test]);
    expect(to).toEqual(expect.arrayContaining([['cosco', true], ['sinotrans', true]]));
    expect(to.map(([p]) => p)).not.toContain('ningbo-customs');
    expect((r.json.findings as { code: string }[]).map((f) => f.code)).toContain('GW_ERR_TEST_TRAFFIC');
  });

  it('withdraws the deliveries of a gate report cancelled before they were collected', async () => {
    serial += 10;
    const documentNumber = `GIN-C-${ref()}`;
    const first = await gw.http.post('/v1/messages', KEYS.nbct, codeco({ controlRef: ref(), documentNumber, forwarder: 'SINOTRANS-NB', serial }), { prefer: 'wait' });
    const original = (first.json.deliveries as Delivery[]).find((d) => d.destinationId === 'sinotrans')!;
    const cancel = await gw.http.post('/v1/messages', KEYS.nbct, codeco({ controlRef: ref(), documentNumber, function: '1', forwarder: 'SINOTRANS-NB', serial }), { prefer: 'wait' });
    expect(cancel.json.status).toBe('processed');
    const d = await eventually(async () => {
      const x = await gw.http.get(`/v1/deliveries/${original.id}`, KEYS.sinotrans);
      return x.json.status === 'withdrawn' ? x.json : undefined;
    }, 'the withdrawal');
    expect(d.status).toBe('withdrawn');
    const docs = await gw.http.get(`/v1/messages/${first.json.id}/document`, KEYS.nbct);
    expect(docs.json.documents[0].state).toBe('withdrawn');
  });
});
