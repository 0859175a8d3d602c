/**
 * Pipeline stages without I/O: JSON checks, EDIFACT sender and recipient checks with structure and
 * profile validation, acknowledgement decisions, JSON rendering, the channel a delivery leaves by,
 * and the wait a request asks for.
 */
import { describe, expect, it } from 'vitest';
import type { CanonicalDocument } from '../../src/catalogue/documents/index.js';
import { loadConfig } from '../../src/config/index.js';
import type { Partner } from '../../src/config/types.js';
import { waitSeconds } from '../../src/http/ingest.js';
import { parseReference } from '../../src/http/tracking.js';
import { acknowledgedRefs, acknowledgementKind, aperakFor, contrlFor, contrlWanted, edifactContentType } from '../../src/pipeline/acknowledge.js';
import { NO_CODECS } from '../../src/pipeline/codecs.js';
import { channelFor } from '../../src/pipeline/deliver.js';
import { renderDocument } from '../../src/pipeline/render.js';
import { checkEdifact, checkJson, EdifactValidation } from '../../src/pipeline/validate.js';
import { PartnerDirectory } from '../../src/routing/index.js';
import type { Store } from '../../src/store/index.js';
import { parseInterchange } from '../../src/syntax/edifact/index.js';
import { codeco, contrl, example } from '../service/messages.js';

const config = loadConfig({ env: {} });
const directory = PartnerDirectory.fromConfig(config);
const partner = (id: string): Partner => directory.get(id)!;
/** Rendering JSON or refusing an unmapped format must not touch the store. */
const noStore = new Proxy({}, { get: () => { throw new Error('the store was used'); } }) as Store;

describe('JSON bodies', () => {
  it('checks each document of a list against its schema and says which one a finding is about', () => {
    const good = example('EquipmentInterchangeReceipt');
    const bad = { ...example('DeliveryOrder'), releaseNumber: undefined };
    const r = checkJson(Buffer.from(JSON.stringify([good, bad])));
    expect(r.count).toBe(2);
    expect(r.documents.map((d) => d.index)).toEqual([1]);
    expect(r.issues).toEqual([expect.objectContaining({ code: 'GW_ERR_DOCUMENT_FIELD_MISSING', location: expect.objectContaining({ messageIndex: 2, path: '/releaseNumber' }) })]);
  });

  it('refuses what is not JSON, and an empty list', () => {
    expect(checkJson(Buffer.from('{"documentType":')).issues[0].code).toBe('GW_ERR_JSON_INVALID');
    expect(checkJson(Buffer.from('[]')).issues[0].code).toBe('GW_ERR_JSON_INVALID');
  });
});

describe('EDIFACT checks', () => {
  const validation = new EdifactValidation(config.partners);

  it('accepts a clean CODECO from its sender, naming the profile it was checked against', () => {
    const r = checkEdifact(Buffer.from(codeco({ controlRef: '1', containers: 2 }), 'latin1'), partner('nbct'), directory, validation);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.profiles.get(1)).toBe('codeco');
  });

  it('finds a UNB sender that is not the partner, and a recipient nobody knows', () => {
    const r = checkEdifact(Buffer.from(codeco({ controlRef: '2', sender: 'COSCO', recipient: 'SOMEONE' }), 'latin1'), partner('nbct'), directory);
    expect(r.issues).toEqual(expect.arrayContaining([
      expect.objectContaining({ code: 'GW_ERR_SENDER_MISMATCH', contrl: '23', location: expect.objectContaining({ tag: 'UNB', element: 2 }) }),
      expect.objectContaining({ code: 'GW_ERR_RECIPIENT_UNKNOWN', contrl: '7', severity: 'warning' }),
    ]));
  });

  it('finds structure and business-rule errors per message', () => {
    const r = checkEdifact(Buffer.from(codeco({ controlRef: '3' }).replace('EQD+CN+CSNU', 'EQD+CN+CSNX'), 'latin1'), partner('nbct'), directory, validation);
    expect(r.issues.find((i) => i.code === 'GW_ERR_CONTAINER_NUMBER_INVALID')?.location?.messageIndex).toBe(1);
  });
});

describe('acknowledgements', () => {
  it('sends CONTRL as the partner asks: always, never, or when UNB 0031 requests it', () => {
    const asked = parseInterchange(codeco({ controlRef: '4', ackRequested: true })).header;
    const silent = parseInterchange(codeco({ controlRef: '5' })).header;
    expect(contrlWanted(partner('nbct'), silent)).toBe(true);
    expect(contrlWanted(partner('ningbo-customs'), asked)).toBe(false);
    expect(contrlWanted(partner('cosco'), asked)).toBe(true);
    expect(contrlWanted(partner('cosco'), silent)).toBe(false);
  });

  it('recognises a partner\'s CONTRL and reads the interchange it answers', () => {
    const ic = parseInterchange(contrl({ controlRef: '9', acknowledged: 'OUT42', sender: 'COSCO', action: '4' }));
    expect(acknowledgementKind(ic)).toBe('CONTRL');
    expect(acknowledgedRefs(ic, 'CONTRL')).toEqual([{ ref: 'OUT42', action: '4' }]);
    expect(acknowledgementKind(parseInterchange(codeco({ controlRef: '6' })))).toBeUndefined();
    expect(edifactContentType('UNOY')).toBe('application/EDIFACT; charset=utf-8');
    expect(edifactContentType('UNOC')).toBe('application/EDIFACT; charset=iso-8859-1');
  });

  it('answers an interchange whose own values are outside its syntax level, echoing them as received', async () => {
    // Found by test/pipeline/fuzz.test.ts: lower case in UNH S009 under UNOA made writing the CONTRL
    // (UCM echoes S009) and the APERAK (its UNH takes the answered message's release) throw
    // GW_ERR_VALUE_NOT_REPRESENTABLE, so processMessage threw instead of rejecting the message.
    let n = 0;
    const counters = { nextValue: () => Promise.resolve(++n) } as unknown as Store;
    const text = codeco({ controlRef: '8' }).replace('UNOC:3', 'UNOA:3').replace('CODECO:D:95B', 'CODECO:D:95b').replace('EQD+CN+CSNU', 'EQD+CN+CSNX');
    const ic = parseInterchange(text);
    const issues = checkEdifact(Buffer.from(text, 'latin1'), partner('nbct'), directory, new EdifactValidation(config.partners)).issues;
    const c = await contrlFor(counters, directory, ic, issues, partner('nbct'), { deliver: true });
    expect(c?.text).toContain('UCM+1+CODECO:D:95b:UN:ITG14+');
    const aperak = await aperakFor(counters, directory, ic, issues, partner('penavico'), {});
    expect(Buffer.from(aperak!.payload).toString('latin1')).toContain('UNH+1+APERAK:D:95b:UN');
  });
});

describe('rendering', () => {
  const deps = { codecs: NO_CODECS, store: noStore, directory };
  const doc = example('DeliveryOrder') as unknown as CanonicalDocument;

  it('renders JSON as the document itself, marked when it is test traffic', async () => {
    const r = await renderDocument(deps, doc, { partner: partner('sinotrans'), format: { kind: 'json' }, test: true, messageId: 'm' });
    expect(r.contentType).toBe('application/json; charset=utf-8');
    expect(JSON.parse(r.payload.toString('utf8'))).toEqual({ ...doc, test: true });
  });

  it('refuses a format no mapping writes, before taking a control reference', async () => {
    await expect(renderDocument(deps, doc, { partner: partner('nbct'), format: { kind: 'edifact', message: 'COREOR', directory: 'D95B' }, test: false, messageId: 'm' }))
      .rejects.toMatchObject({ code: 'GW_ERR_RENDER_UNAVAILABLE' });
    await expect(renderDocument(deps, doc, { partner: partner('ningbo-customs'), format: { kind: 'customs-xml', message: 'MT1101' }, test: false, messageId: 'm' }))
      .rejects.toMatchObject({ code: 'GW_ERR_RENDER_UNAVAILABLE' });
  });
});

describe('small decisions', () => {
  it('picks the channel a delivery leaves by: test channel, default channel, then any of that type', () => {
    expect(channelFor(partner('harbourfwd'), { channel: 'sftp', test: false })?.name).toBe('sftp');
    expect(channelFor(partner('harbourfwd'), { channel: 'mailbox', test: false })?.name).toBe('mailbox');
    expect(channelFor(partner('sinotrans'), { channel: 'webhook', test: false })).toBeUndefined();
  });

  it('reads how long a request wants to wait', () => {
    expect(waitSeconds(undefined, undefined)).toBe(0);
    expect(waitSeconds('wait', undefined)).toBe(30);
    expect(waitSeconds('respond-async, wait=5', undefined)).toBe(5);
    expect(waitSeconds('wait=999', undefined)).toBe(120);
    expect(waitSeconds(undefined, 'true')).toBe(30);
    expect(waitSeconds(undefined, '7')).toBe(7);
    expect(waitSeconds('wait=5', 'false')).toBe(5);
    expect(waitSeconds('return=minimal', '0')).toBe(0);
  });

  it('reads a reference filter as kind:value or a bare value', () => {
    expect(parseReference('bill-of-lading:COSU1')).toEqual({ kind: 'bill-of-lading', value: 'COSU1' });
    expect(parseReference('COSU1')).toEqual({ value: 'COSU1' });
    expect(parseReference('RE:1')).toEqual({ value: 'RE:1' });
  });
});
