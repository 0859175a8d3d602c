/**
 * The two real customs messages of the shared corpus convert, with the findings their notes in
 * ../shared/corpus/SOURCES.md lead one to expect, and nothing else.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateDocument } from '../../../src/catalogue/documents/index.js';
import { readCustomsXml } from '../../../src/mapping/xml/index.js';
import { corpusPath, registry } from './helpers.js';

const findings = (r: ReturnType<typeof readCustomsXml>): [string, string, string | undefined][] =>
  [...r.issues, ...r.documents.flatMap((d) => d.issues)].map((i) => [i.severity, i.code, i.location?.path]);

describe('corpus: MT2101 pre-stowage manifest with placeholder values', () => {
  const r = readCustomsXml(readFileSync(corpusPath('mt2101_premanifest_placeholder_values_hhy666.xml')), registry);

  it('converts, with the AEO elements reported as unknown and not carried, the ValueAmount text noted, and the MessageID contradicting the Head', () => {
    expect(findings(r)).toEqual([
      ['info', 'GW_ERR_XML_TEXT_IN_EMPTY_ELEMENT', '/Manifest/Declaration/Consignment[1]/ValueAmount'],
      ['warning', 'GW_ERR_XML_ELEMENT_UNKNOWN', '/Manifest/Declaration/Consignment[1]/Consignee/AEO'],
      ['warning', 'GW_ERR_XML_ELEMENT_UNKNOWN', '/Manifest/Declaration/Consignment[1]/Consignor/AEO'],
      ['warning', 'GW_ERR_MAPPING_XML_MESSAGE_ID_INCONSISTENT', '/Manifest/Head/MessageID'],
      ['warning', 'GW_ERR_MAPPING_UNMAPPED_ELEMENT', '/Manifest/Declaration/Consignment[1]/Consignee/AEO'],
      ['warning', 'GW_ERR_MAPPING_UNMAPPED_ELEMENT', '/Manifest/Declaration/Consignment[1]/Consignor/AEO'],
    ]);
    expect(r.issues.find((i) => i.code === 'GW_ERR_MAPPING_XML_MESSAGE_ID_INCONSISTENT')?.text).toContain('names version 1.1, but Head/Version is 1.0');
  });

  it('keeps the placeholder values as sent: the gateway has no rule that could tell them from real ones', () => {
    const doc = r.documents[0].document;
    expect(validateDocument(doc).issues).toEqual([]);
    expect(doc).toMatchObject({
      documentType: 'Manifest', direction: 'export', function: 'original', declarationStage: 'main',
      vesselCall: { voyageNumber: 'CL12', callSign: 'CL12', vesselName: 'OOOO', transportModeCode: '4', carrier: { code: 'MM' } },
      customsOffices: [{ role: 'exit', code: 'AAE/0000' }],
      firstPortOfArrival: { code: 'GUGU' },
    });
    const c = (doc.consignments as Record<string, unknown>[])[0];
    expect(c).toMatchObject({ billOfLadingNumber: '201805', houseBillOfLadingNumber: '05181', value: { amount: 999, currency: 'AED' }, portOfLoading: { code: 'AAE/4201' } });
    expect(c.parties).toContainEqual({ roles: ['notifyParty'], identifiers: [{ id: 'M3', scheme: 'other', codeList: 'ZZZ' }], name: 'M3', address: { lines: ['M3'], city: 'M3', subdivisionCode: 'CN12', subdivisionName: 'M3', postalCode: '010000', countryCode: 'AD' } });
  });
});

describe('corpus: MT3101 arrival report in the port platform wrapper, without namespace', () => {
  const r = readCustomsXml(readFileSync(corpusPath('mt3101_arrival_report_mftmessage_wrapped_no_ns_pengshengfish.xml')), registry);

  it('converts, noting the missing namespace, the platform envelope not carried, and 20GP not being ISO 6346', () => {
    expect(findings(r)).toEqual([
      ['info', 'GW_ERR_XML_NAMESPACE_MISSING', '/MFTMessage/MFTData/Manifest'],
      ['warning', 'GW_ERR_MAPPING_UNMAPPED_ELEMENT', '/MFTMessage/MFTHead'],
      ['warning', 'GW_ERR_MAPPING_XML_SIZE_TYPE_SHORTHAND', '/MFTMessage/MFTData/Manifest/Declaration/TransportEquipment[1]/CharacteristicCode'],
    ]);
    expect(r.issues[1].text).toBe("MFTHead (PlatId, SignInfo, CopCode, Note1) is the port platform's envelope; it is not in the canonical document");
  });

  it('gives an export gate-in receipt with the arrival data', () => {
    const doc = r.documents[0].document;
    expect(validateDocument(doc).issues).toEqual([]);
    expect(doc).toEqual({
      documentType: 'EquipmentInterchangeReceipt',
      documentId: '2327MA22300W0_20230310155601807',
      function: 'original',
      issuedAt: '2023-03-10T15:56:01.668+08:00',
      sender: { roles: ['messageSender'], identifiers: [{ id: '2327MA22300W0_NJ0010002', scheme: 'partner' }] },
      recipients: [{ roles: ['messageRecipient'], identifiers: [{ id: '2327', scheme: 'partner' }] }],
      customsOffices: [{ role: 'declaration', code: '2327' }],
      vesselCall: { voyageNumber: '1438W', imoNumber: '9346524', vesselName: 'SHABGOUN' },
      gateLocation: { code: 'CNTAC230030/2327' },
      gateAt: '2023-03-10',
      equipment: [{ containerNumber: 'CICU3789922', sizeType: '20GP', fullEmpty: 'full' }],
      originalDocumentCode: 'MT3101',
      direction: 'gateIn',
      origin: { format: 'XML', messageType: 'MT3101', messageVersion: '1.0', documentId: '2327MA22300W0_20230310155601807', senderId: '2327MA22300W0_NJ0010002', recipientId: '2327', sentAt: '2023-03-10T15:56:01.668+08:00' },
    });
  });
});
