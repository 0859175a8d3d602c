/**
 * What routing reads from a canonical document, and the demo community's routes applied to the
 * catalogue's examples: the summary feeds the real Router and PartnerDirectory.
 */
import { describe, expect, it } from 'vitest';
import type { CanonicalDocument } from '../../src/catalogue/documents/index.js';
import { documentKeys } from '../../src/catalogue/documents/index.js';
import { loadConfig } from '../../src/config/index.js';
import { businessKeyOf, referencesOf, routingSummaryAndKeys, routingSummaryOf } from '../../src/pipeline/summary.js';
import { PartnerDirectory, Router } from '../../src/routing/index.js';
import { example } from '../service/messages.js';

const config = loadConfig({ env: {} });
const directory = PartnerDirectory.fromConfig(config);
const router = Router.fromConfig(config, directory);
const doc = (name: string): CanonicalDocument => example(name) as unknown as CanonicalDocument;
const ctx = { senderId: 'nbct', envelope: {}, recipientKind: 'none' as const, test: false };

describe('routing summary of a document', () => {
  it('reads a gate report: event, trade direction from the containers, parties, locations and references', () => {
    const s = routingSummaryOf(doc('EquipmentInterchangeReceipt'), ctx);
    expect(s).toMatchObject({ documentType: 'EquipmentInterchangeReceipt', function: 'original', events: ['gateIn'], direction: 'export', senderId: 'nbct', test: false });
    expect(s.parties).toEqual(expect.arrayContaining([{ role: 'carrier', id: 'COS' }, { role: 'terminalOperator', id: 'NBCT' }, { role: 'customs', id: '3100' }]));
    expect(s.locations).toEqual(expect.arrayContaining(['CNNGB', 'NBCT', 'NLRTM']));
    expect(s.references).toEqual(expect.arrayContaining([
      { type: 'container', value: 'CSNU8203745' }, { type: 'container', value: 'CBHU7338162' }, { type: 'booking', value: '6301458812' }, { type: 'billOfLading', value: 'COSU6351204418' },
    ]));
  });

  it('reads customs decisions as events, and a delivery order\'s delivery party', () => {
    expect(routingSummaryOf(doc('CustomsNotice'), { ...ctx, senderId: 'ningbo-customs' }).events).toEqual(['release', 'inspection']);
    const order = routingSummaryOf(doc('DeliveryOrder'), { ...ctx, senderId: 'cosco' });
    expect(order.parties).toEqual(expect.arrayContaining([{ role: 'deliveryParty', id: 'NBPIL' }, { role: 'releasingParty', id: 'COS' }]));
  });

  it('takes the recipient from the envelope the document came in, and test traffic from either', () => {
    const s = routingSummaryOf(doc('BillOfLading'), { senderId: 'cosco', envelope: { recipientId: 'SINOTRANSNB', recipientQualifier: 'ZZZ' }, recipientKind: 'edifact', test: true });
    expect(s.recipient).toEqual({ edifact: { id: 'SINOTRANSNB', qualifier: 'ZZZ' } });
    expect(s.test).toBe(true);
    expect(routingSummaryOf({ ...doc('Manifest'), test: true }, ctx).test).toBe(true);
    expect(routingSummaryOf(doc('Manifest'), { ...ctx, envelope: { recipientId: '3100' }, recipientKind: 'customs' }).recipient).toEqual({ customsId: '3100' });
  });

  it('indexes the document keys under the store\'s reference kinds', () => {
    const refs = referencesOf(documentKeys(doc('DeliveryOrder')));
    expect(refs).toEqual(expect.arrayContaining([
      { kind: 'release', value: 'RE25NB0319087' }, { kind: 'container', value: 'CSNU6342187' }, { kind: 'bill-of-lading', value: 'COSU6345781230' }, { kind: 'vessel-call', value: '9783758/041E' },
    ]));
  });

  it('gives the same summary and keys from one walk as routingSummaryOf and documentKeys apart', () => {
    const names = ['Acknowledgement.contrl', 'Acknowledgement', 'BillOfLading', 'ContainerList', 'CustomsNotice', 'DeliveryOrder', 'EquipmentInterchangeReceipt', 'Manifest.delete-bill', 'Manifest', 'TallyReport'];
    for (const name of names) {
      const d = doc(name);
      const withRecipient = { ...ctx, envelope: { recipientId: 'NBCT' }, recipientKind: 'edifact' as const };
      expect(routingSummaryAndKeys(d, withRecipient)).toEqual({ summary: routingSummaryOf(d, withRecipient), keys: documentKeys(d) });
    }
  });

  it('matches a replace or cancel on the document number, or on the message it names', () => {
    const original = doc('DeliveryOrder');
    expect(businessKeyOf(original)).toBe('DO-COS-20250319-0087');
    expect(businessKeyOf({ ...original, function: 'cancel', documentId: 'NEW-1', references: [{ type: 'previousMessage', value: 'DO-COS-20250319-0087' }] })).toBe('DO-COS-20250319-0087');
    expect(businessKeyOf({ ...original, references: [{ type: 'previousMessage', value: 'X' }] })).toBe('DO-COS-20250319-0087');
  });
});

describe('the demo routes on the examples', () => {
  const destinations = (name: string, senderId: string, test = false): string[] =>
    router.route(routingSummaryOf(doc(name), { ...ctx, senderId, test })).map((d) => `${d.partnerId}:${d.channel}:${d.format.kind === 'json' ? 'json' : d.format.message}`).sort();

  it('sends an export gate-in from the terminal to the line (CODECO) and to customs (MT3101)', () => {
    expect(destinations('EquipmentInterchangeReceipt', 'nbct')).toEqual(['cosco:mailbox:CODECO', 'ningbo-customs:mailbox:MT3101']);
  });

  it('keeps test traffic from customs', () => {
    expect(destinations('EquipmentInterchangeReceipt', 'nbct', true)).toEqual(['cosco:mailbox:CODECO']);
  });

  it('sends a customs release to the agent and the terminal', () => {
    expect(destinations('CustomsNotice', 'ningbo-customs')).toEqual(expect.arrayContaining(['nbct:mailbox:CUSRES']));
  });
});
