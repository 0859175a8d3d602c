/**
 * Authentication and isolation over real HTTP: every endpoint with no key, a wrong key and another
 * partner's key; a delivery order interchange for three forwarders shows each only its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, eventually, KEYS, startTestGateway, testDatabase, type TestDatabase, type TestGateway } from './harness.js';
import { containerNumber, deliveryOrderJson, gateInJson } from './messages.js';

/**
 * A third forwarder for the three-forwarder release, polling over HTTP like Sinotrans; and a depot
 * that wants gate reports in a format no mapping writes, so each gate report leaves a dead letter.
 */
function addForwarder(file: Record<string, unknown>): void {
  (file['routes'] as unknown[]).push({ id: 'eir-to-legacy-depot', match: { documentType: ['EquipmentInterchangeReceipt'], sender: ['nbct'] }, destinations: [{ partner: 'legacydepot' }] });
  (file['partners'] as unknown[]).push({ id: 'legacydepot', name: 'Depot on an old directory', role: 'yard', partyIds: ['LEGACYDEPOT'], formats: { default: 'CODECO:D93A' } });
  (file['partners'] as unknown[]).push({
    id: 'nbpil',
    name: 'Ningbo Port International Logistics (forwarder)',
    role: 'forwarder',
    partyIds: ['NBPIL'],
    apiKeys: [{ id: 'test', sha256: '462169a1bf7e4172404976c22e50745114dd77b10296f469bf029cb8f2b03906' }],
  });
}

describe.each(DIALECTS)('authentication and isolation (%s)', (dialect) => {
  let db: TestDatabase;
  let gw: TestGateway;
  let messageId: string;
  let deliveryId: string;
  let deadId: string;
  const container = containerNumber('TGHU', Math.floor(Math.random() * 900000));
  const bill = `COSU${Date.now()}`;

  beforeAll(async () => {
    db = await testDatabase(dialect);
    gw = await startTestGateway({ db, edit: addForwarder });
    const doc = gateInJson({ documentId: `GI-AUTH-${Date.now()}`, containers: [container] });
    (doc.consignments as Record<string, unknown>[])[0].billOfLadingNumber = bill;
    const r = await gw.http.post('/v1/messages', KEYS.nbct, doc, { prefer: 'wait' });
    expect(r.status).toBe(200);
    messageId = r.json.id as string;
    deliveryId = (r.json.deliveries as { id: string; destinationId: string }[]).find((d) => d.destinationId === 'sinotrans')!.id;
    // The legacy depot wants CODECO D93A, which no mapping writes: that delivery becomes a dead letter.
    deadId = await eventually(async () => {
      const dl = await gw.http.get('/v1/dead-letters?limit=500', KEYS.admin);
      return (dl.json.items as { id: string; messageId: string }[]).find((d) => d.messageId === messageId)?.id;
    }, 'the dead letter');
  });
  afterAll(async () => {
    await gw?.close();
    await db?.destroy();
  });

  const endpoints = (): { method: 'GET' | 'POST'; path: string }[] => [
    { method: 'POST', path: '/v1/messages' },
    { method: 'GET', path: '/v1/messages' },
    { method: 'GET', path: `/v1/messages/${messageId}` },
    { method: 'GET', path: `/v1/messages/${messageId}/raw` },
    { method: 'GET', path: `/v1/messages/${messageId}/document` },
    { method: 'GET', path: `/v1/messages/${messageId}/ack` },
    { method: 'GET', path: `/v1/deliveries/${deliveryId}` },
    { method: 'GET', path: '/v1/mailbox' },
    { method: 'GET', path: `/v1/mailbox/${deliveryId}` },
    { method: 'POST', path: `/v1/mailbox/${deliveryId}/ack` },
    { method: 'GET', path: `/v1/containers/${container}/timeline` },
    { method: 'GET', path: `/v1/bills/${bill}/timeline` },
    { method: 'GET', path: '/v1/dead-letters' },
    { method: 'POST', path: `/v1/dead-letters/${deadId}/replay` },
  ];

  it('answers 401 on every endpoint without a key, with a wrong key, and with a malformed header', async () => {
    for (const { method, path } of endpoints()) {
      const variants: Record<string, string>[] = [{}, { authorization: 'Bearer edigw_not_a_key_anyone_has' }, { authorization: KEYS.sinotrans }, { authorization: 'Basic c2lub3RyYW5zOng=' }];
      for (const headers of variants) {
        const r = await gw.http.request(method, path, { headers: { ...headers, 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{}' } : {}) });
        expect(r.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(r.json.error.code).toBe('GW_ERR_UNAUTHORIZED');
        expect(r.headers.get('www-authenticate')).toBe('Bearer realm="edigw"');
      }
    }
  });

  it('answers 404 for another partner\'s resources, and lists nothing of them', async () => {
    for (const path of [`/v1/messages/${messageId}`, `/v1/messages/${messageId}/raw`, `/v1/messages/${messageId}/document`, `/v1/messages/${messageId}/ack`, `/v1/deliveries/${deliveryId}`, `/v1/mailbox/${deliveryId}`]) {
      const r = await gw.http.get(path, KEYS.msc);
      expect(r.status, path).toBe(404);
      expect(r.json.error.code).toBe('GW_ERR_NOT_FOUND');
    }
    expect((await gw.http.post(`/v1/mailbox/${deliveryId}/ack`, KEYS.msc, {})).status).toBe(404);
    expect((await gw.http.post(`/v1/dead-letters/${deadId}/replay`, KEYS.msc, {})).status).toBe(404);
    const search = await gw.http.get(`/v1/messages?container=${container}`, KEYS.msc);
    expect(search.json.items).toEqual([]);
    const box = await gw.http.get('/v1/mailbox?peek=true&limit=100', KEYS.msc);
    expect((box.json.entries as { id: string }[]).map((e) => e.id)).not.toContain(deliveryId);
    const dead = await gw.http.get('/v1/dead-letters?limit=500', KEYS.msc);
    expect((dead.json.items as { id: string }[]).map((d) => d.id)).not.toContain(deadId);
    for (const path of [`/v1/containers/${container}/timeline`, `/v1/bills/${bill}/timeline`]) {
      const t = await gw.http.get(path, KEYS.msc);
      expect(t.status).toBe(200);
      expect(t.json.messages).toEqual([]);
      expect(t.json.deliveries).toEqual([]);
      expect(t.json.events).toEqual([]);
    }
    // The same lookups with the right keys find them, so the 404s above are isolation, not absence.
    expect((await gw.http.get(`/v1/messages/${messageId}`, KEYS.nbct)).status).toBe(200);
    expect((await gw.http.get(`/v1/deliveries/${deliveryId}`, KEYS.sinotrans)).status).toBe(200);
    expect((await gw.http.get(`/v1/messages/${messageId}`, KEYS.admin)).status).toBe(200);
  });

  it('shows the destination its delivery and document, never the sender\'s raw interchange', async () => {
    expect((await gw.http.get(`/v1/messages/${messageId}/raw`, KEYS.sinotrans)).status).toBe(404);
    expect((await gw.http.get(`/v1/messages/${messageId}`, KEYS.sinotrans)).status).toBe(404);
    const docs = await gw.http.get(`/v1/messages/${messageId}/document`, KEYS.sinotrans);
    expect(docs.status).toBe(200);
    expect(docs.json.documents).toHaveLength(1);
    const t = await gw.http.get(`/v1/containers/${container}/timeline`, KEYS.sinotrans);
    expect((t.json.deliveries as { id: string }[]).map((d) => d.id)).toEqual([deliveryId]);
  });

  it('gives each of three forwarders only its own release from one interchange', async () => {
    const stamp = Date.now();
    const forwarders = [
      { key: KEYS.sinotrans, party: 'SINOTRANS-NB', partner: 'sinotrans' },
      { key: KEYS.harbourfwd, party: 'HARBOURFWD', partner: 'harbourfwd' },
      { key: 'edigw_test_nbpil', party: 'NBPIL', partner: 'nbpil' },
    ];
    const orders = forwarders.map((f, i) => deliveryOrderJson({ forwarder: f.party, releaseNumber: `RE${stamp}${i}`, container: containerNumber('CBHU', stamp % 100000 + i) }));
    const r = await gw.http.post('/v1/messages', KEYS.cosco, orders, { prefer: 'wait' });
    expect(r.status).toBe(200);
    expect(r.json.documents).toHaveLength(3);
    const id = r.json.id as string;
    for (const [i, f] of forwarders.entries()) {
      const docs = await gw.http.get(`/v1/messages/${id}/document`, f.key);
      expect(docs.status, f.partner).toBe(200);
      expect((docs.json.documents as { body: { releaseNumber: string } }[]).map((d) => d.body.releaseNumber)).toEqual([`RE${stamp}${i}`]);
      const detail = await gw.http.get(`/v1/messages/${id}`, f.key);
      expect(detail.status).toBe(404);
      for (let other = 0; other < forwarders.length; other++) {
        const t = await gw.http.get(`/v1/containers/${containerNumber('CBHU', stamp % 100000 + other)}/timeline`, f.key);
        if (other === i) {
          expect(t.json.documents, `${f.partner} sees its own release`).toHaveLength(1);
        } else {
          expect(t.json.documents, `${f.partner} sees no release of another forwarder`).toEqual([]);
          expect(t.json.deliveries).toEqual([]);
        }
      }
    }
    // The line that sent it sees all three.
    const all = await gw.http.get(`/v1/messages/${id}/document`, KEYS.cosco);
    expect(all.json.documents).toHaveLength(3);
  });

  it('leaves health, readiness, metrics and the API documentation open', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics', '/docs/json']) {
      expect((await gw.http.get(path)).status, path).toBe(200);
    }
  });
});
