/**
 * Customs XML through the gateway over real HTTP: the agent's MT1101 manifest mapped, routed to
 * customs as MT1101 (Head MessageID from the durable counter) and to the terminal as JSON; customs'
 * MT9999 receipt matched back to what the gateway sent; a Head sender that is not the partner refused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCustomsXml } from '../../src/syntax/xml/index.js';
import { DIALECTS, KEYS, repoRoot, startTestGateway, testDatabase, type TestDatabase, type TestGateway } from './harness.js';

const fixture = (name: string): string => readFileSync(join(repoRoot, 'fixtures', 'xml', name), 'utf8');

describe.each(DIALECTS)('customs XML end to end (%s)', (dialect) => {
  let db: TestDatabase;
  let gw: TestGateway;

  beforeAll(async () => {
    db = await testDatabase(dialect);
    gw = await startTestGateway({ db });
  });
  afterAll(async () => {
    await gw?.close();
    await db?.destroy();
  });

  it('routes the agent\'s manifest to customs as MT1101 and to the terminal, and matches customs\' receipt', async () => {
    const stamp = Date.now();
    const manifest = fixture('mt1101-ningbo-first.xml')
      .replace('<SenderID>3100NB00001</SenderID>', '<SenderID>3302980015</SenderID>')
      .replace(/<MessageID>[^<]*<\/MessageID>/, `<MessageID>PENAVICO${stamp}</MessageID>`);
    const r = await gw.http.request('POST', '/v1/messages', { key: KEYS.penavico, body: manifest, headers: { 'content-type': 'application/xml', prefer: 'wait' } });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('processed');
    const deliveries = r.json.deliveries as { id: string; destinationId: string; format: string; rendered: boolean }[];
    const toCustoms = deliveries.find((d) => d.destinationId === 'ningbo-customs')!;
    expect(toCustoms).toMatchObject({ format: 'MT1101', rendered: true });
    expect(deliveries.find((d) => d.destinationId === 'nbct')).toMatchObject({ format: 'json', rendered: true });

    const sent = await gw.http.get(`/v1/mailbox/${toCustoms.id}`, KEYS.customs);
    expect(sent.headers.get('content-type')).toContain('application/xml');
    const parsed = parseCustomsXml(Buffer.from(sent.text));
    expect(parsed.message?.type).toBe('MT1101');
    expect(parsed.message?.head).toMatchObject({ SenderID: 'EDIGWNGB', ReceiverID: '3100' });
    const messageId = parsed.message!.head.MessageID;
    expect(messageId).toMatch(/^EDIGWNGB\d{10}$/);

    const receipt = fixture('mt9999-ningbo-receipt.xml')
      .replace('<SenderID>EPORT</SenderID>', '<SenderID>3100</SenderID>')
      .replace('<MessageID>CN_MT1101_1p0_3100NB00001_20240308093000123</MessageID>', `<MessageID>${messageId}</MessageID>`);
    const answer = await gw.http.request('POST', '/v1/messages', { key: KEYS.customs, body: receipt, headers: { 'content-type': 'application/xml', prefer: 'wait' } });
    expect(answer.status).toBe(200);
    expect(answer.json.findings).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'GW_ERR_ACK_RECEIVED' })]));
    const outbound = await gw.http.get('/v1/messages?direction=outbound&sender=ningbo-customs&limit=500', KEYS.admin);
    const interchange = (outbound.json.items as { id: string; envelope: { controlRef: string } }[]).find((m) => m.envelope.controlRef === messageId)!;
    const ack = await gw.http.get(`/v1/messages/${interchange.id}/ack`, KEYS.customs);
    expect(ack.json.ack.state).toBe('received');
  });

  it('refuses customs XML whose Head sender is not the partner', async () => {
    const r = await gw.http.request('POST', '/v1/messages', { key: KEYS.penavico, body: fixture('mt1101-ningbo-first.xml'), headers: { 'content-type': 'application/xml' } });
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('GW_ERR_SENDER_MISMATCH');
  });
});
