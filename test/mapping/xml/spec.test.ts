/**
 * The XML dialect of the mapping language: spec mistakes fail when the spec compiles, naming the
 * rule and what the schema has there; every spec in mappings/ compiles for every variant; values a
 * spec does not read are reported with their element path.
 */
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/errors/index.js';
import { MappingRegistry } from '../../../src/mapping/registry.js';
import { compileXmlSpecs, readCustomsXml, writeCustomsXml } from '../../../src/mapping/xml/index.js';
import { registryWith } from '../helpers.js';
import { readFixture } from './helpers.js';

function spec(rules: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: 'MT3101-1.0.EquipmentInterchangeReceipt', format: 'xml', message: 'MT3101', version: '1.0', document: 'EquipmentInterchangeReceipt', include: ['customs-xml'], rules, ...extra };
}

function compileError(rules: unknown[]): string {
  const registry = registryWith([spec(rules)]);
  try {
    compileXmlSpecs(registry);
  } catch (err) {
    expect(err).toBeInstanceOf(GatewayError);
    expect((err as GatewayError).code).toBe('GW_ERR_MAPPING_SPEC_INVALID');
    return (err as Error).message;
  }
  throw new Error('the spec compiled');
}

describe('spec mistakes are found when the spec compiles', () => {
  it.each([
    ['an element the message does not have', [{ element: 'Carrier', fields: [{ at: 'ID', to: 'x' }] }], /rules\/0: Declaration has no element Carrier in MT3101 \(there: DeclarationOfficeID, BorderTransportMeans, UnloadingLocation, Consignment, TransportEquipment, AdditionalInformation\)/],
    ['a path as a rule element', [{ element: 'BorderTransportMeans/ID', fields: [{ at: '.', to: 'x' }] }], /a rule names one child element; nest rules for deeper elements/],
    ['a segment in an XML spec', [{ segment: 'TDT', fields: [] }], /customs XML rules name an "element", not a "segment" or "group"/],
    ['an unknown child in an address', [{ element: 'BorderTransportMeans', fields: [{ at: 'Flag', to: 'x' }] }], /Declaration\/BorderTransportMeans has no element Flag in MT3101 \(there: JourneyID, TypeCode, ID, Name\)/],
    ['an attribute the element does not have', [{ element: 'TransportEquipment', rules: [{ element: 'SealID', to: 'seals[]', fields: [{ at: '@Issuer', to: 'issuer' }] }] }], /SealID has no attribute Issuer in MT3101 \(it has: AgencyCode\)/],
    ['the text of an element that holds elements', [{ element: 'BorderTransportMeans', fields: [{ at: '.', to: 'x' }] }], /Declaration\/BorderTransportMeans holds elements, not text/],
    ['an unknown value form', [{ element: 'BorderTransportMeans', fields: [{ at: 'ID~mmsi', to: 'x' }] }], /unknown value form ~mmsi \(known: ~imo, ~callSign/],
    ['an element read both by address and by its own rule', [{ element: 'TransportEquipment', fields: [{ at: 'SealID', to: 'x' }], rules: [{ element: 'SealID', to: 'seals[]', fields: [{ at: '.', to: 'number' }] }] }], /TransportEquipment\/SealID is already read through an address of the enclosing rule/],
    ['rules out of XSD order', [{ element: 'TransportEquipment', to: 'equipment[]', fields: [{ at: 'CharacteristicCode', to: 'sizeType' }] }, { element: 'DeclarationOfficeID', fields: [{ at: '.', to: 'x' }] }], /comes before an earlier rule's segment in the message/],
  ])('%s', (_name, rules, message) => {
    expect(compileError(rules)).toMatch(message);
  });

  it('every customs XML spec in mappings/ compiles for reading and for each variant it writes', () => {
    expect(() => { compileXmlSpecs(new MappingRegistry()); }).not.toThrow();
  });
});

describe('values a spec does not read are reported, with their element path', () => {
  const registry = registryWith([spec([
    { element: 'BorderTransportMeans', fields: [{ use: 'vesselId' }] },
    { element: 'TransportEquipment', to: 'equipment[]', fields: [{ at: 'EquipmentIdentification/ID', to: 'containerNumber' }] },
  ])]);

  it('reading: an element without a rule, a value no binding reads, an attribute and text under a rule', () => {
    const r = readCustomsXml(readFixture('mt3101-ningbo-arrival.xml'), registry);
    const doc = r.documents[0];
    expect(doc.document).toMatchObject({ vesselCall: { voyageNumber: '025W', imoNumber: '9786346' }, equipment: [{ containerNumber: 'CSNU2033913' }, { containerNumber: 'OOLU7712051' }] });
    expect(doc.issues.map((i) => i.location?.path)).toEqual([
      '/Manifest/Declaration/BorderTransportMeans/TypeCode',
      '/Manifest/Declaration/BorderTransportMeans/Name',
      '/Manifest/Declaration/TransportEquipment[1]/CharacteristicCode',
      '/Manifest/Declaration/TransportEquipment[1]/FullnessCode',
      '/Manifest/Declaration/TransportEquipment[1]/SealID[1]',
      '/Manifest/Declaration/TransportEquipment[1]/SealID[1]/@AgencyCode',
      '/Manifest/Declaration/TransportEquipment[2]/CharacteristicCode',
      '/Manifest/Declaration/TransportEquipment[2]/FullnessCode',
      '/Manifest/Declaration/TransportEquipment[2]/SealID[1]',
      '/Manifest/Declaration/TransportEquipment[2]/SealID[1]/@AgencyCode',
      '/Manifest/Declaration/DeclarationOfficeID',
      '/Manifest/Declaration/UnloadingLocation/ID',
      '/Manifest/Declaration/UnloadingLocation/ArrivalDate',
    ]);
    expect(doc.issues[0].text).toBe('/Manifest/Declaration/BorderTransportMeans TypeCode: "1" is not covered by the mapping and is not in the document');
    expect(new Set(doc.issues.map((i) => i.code))).toEqual(new Set(['GW_ERR_MAPPING_UNMAPPED_ELEMENT']));
  });

  it('writing: a document field the spec has no place for', () => {
    const full = readCustomsXml(readFixture('mt3101-ningbo-arrival.xml'), new MappingRegistry()).documents[0].document;
    const out = writeCustomsXml({ ...full, customsOffices: undefined, gateLocation: undefined, gateAt: undefined }, registry);
    expect(out.issues.filter((i) => i.code === 'GW_ERR_MAPPING_UNMAPPED_FIELD').map((i) => i.location?.path)).toEqual([
      '/vesselCall/vesselName', '/equipment/0/sizeType', '/equipment/0/fullEmpty', '/equipment/0/seals', '/equipment/1/sizeType', '/equipment/1/fullEmpty', '/equipment/1/seals',
      // This spec has no "if" on the direction, so nothing says that the message carries it.
      '/direction',
    ]);
  });
});

describe('an MT9999 receipt is two documents, and a value is reported only when neither carries it', () => {
  const registry = new MappingRegistry();
  const receipt = readFixture('mt9999-ningbo-receipt.xml').toString('utf8').replace('</Declaration>', '<Extra>kept by nobody</Extra></Declaration>');

  it('read together: the unknown element once, for the message', () => {
    const r = readCustomsXml(receipt, registry);
    expect(r.documents.map((d) => [d.document.documentType, d.issues])).toEqual([['Acknowledgement', []], ['CustomsNotice', []]]);
    expect(r.issues.filter((i) => i.code.startsWith('GW_ERR_MAPPING')).map((i) => [i.code, i.location?.path])).toEqual([
      ['GW_ERR_MAPPING_UNMAPPED_ELEMENT', '/Manifest/Declaration/Extra'],
    ]);
  });

  it('read as one of them: what only the other carries is reported too', () => {
    const ack = readCustomsXml(receipt, registry, { documentType: 'Acknowledgement' });
    expect(ack.documents[0].issues.map((i) => i.location?.path)).toEqual([
      '/Manifest/Declaration/BorderTransportMeans/JourneyID',
      '/Manifest/Declaration/BorderTransportMeans/ID',
      ...[1, 2].flatMap((n) => ['TransportContractDocument/ID', 'Response/Code', 'Response/Text'].map((p) => `/Manifest/Declaration/Consignment[${n}]/${p}`)),
      ...['EquipmentIdentification/ID', 'Response/Code', 'Response/Text'].map((p) => `/Manifest/Declaration/TransportEquipment[1]/${p}`),
      '/Manifest/Declaration/Extra',
    ]);
    const notice = readCustomsXml(receipt, registry, { documentType: 'CustomsNotice' });
    expect(notice.documents[0].issues.map((i) => i.location?.path)).toEqual(['/Manifest/Declaration/Response/Text', '/Manifest/Declaration/Extra']);
  });
});
