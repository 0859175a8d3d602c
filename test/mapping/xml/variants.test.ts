/**
 * Writing customs XML: the FunctionCode and XSD variant follow the document's function and
 * declaration stage; a variant's excluded elements leave the document fields they would carry
 * reported as not sent; a required element the document cannot fill stops the message with its
 * path and the document field that fills it; the Head follows the customs conventions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEdifact, writeEdifact } from '../../../src/mapping/edifact/adapter.js';
import { readCustomsXml, writeCustomsXml } from '../../../src/mapping/xml/index.js';
import { parseCustomsXml } from '../../../src/syntax/xml/index.js';
import { repoRoot } from '../../helpers/corpus.js';
import { errorsOf, leaves, readFixture, registry, validateAgainstXsd } from './helpers.js';

type Doc = Record<string, unknown> & { consignments: Record<string, unknown>[] };

function docOf(file: string, type?: string): Doc {
  const r = readCustomsXml(readFixture(file), registry, type ? { documentType: type } : {});
  return structuredClone(r.documents[0].document) as Doc;
}

function written(doc: Record<string, unknown>, options: Parameters<typeof writeCustomsXml>[2] = {}) {
  const out = writeCustomsXml(doc, registry, options);
  const message = out.output ? parseCustomsXml(out.output).message : undefined;
  return { ...out, parsed: message };
}

describe('the variant follows function and declaration stage', () => {
  it('original is MT1101 first (9); the supplementary stage is secondly (0), which requires what the first does not', () => {
    const doc = docOf('mt1101-ningbo-first.xml');
    expect(written(doc).parsed?.head.FunctionCode).toBe('9');

    const supplementary = { ...doc, declarationStage: 'supplementary' };
    const refused = written(supplementary);
    expect(refused.output).toBeUndefined();
    expect(errorsOf(refused.issues).map((i) => [i.code, i.location?.path])).toEqual([
      ['GW_ERR_MAPPING_XML_REQUIRED_MISSING', '/Manifest/Declaration/Consignment[1]/GoodsConsignedPlace'],
      ['GW_ERR_MAPPING_XML_REQUIRED_MISSING', '/Manifest/Declaration/Consignment[2]/GoodsConsignedPlace'],
      ['GW_ERR_MAPPING_XML_REQUIRED_MISSING', '/Manifest/Declaration/Consignment[2]/Consignor/Address'],
    ]);
    expect(refused.issues[0].text).toContain('MT1101 secondly (FunctionCode 0) requires it');
    expect(refused.issues[0].text).toContain('consignments[].consignedFrom.unLocode');

    for (const c of supplementary.consignments) c.consignedFrom = { countryCode: 'KR' };
    const consignor = (supplementary.consignments[1].parties as Record<string, unknown>[]).find((p) => (p.roles as string[])[0] === 'consignor')!;
    consignor.address = { lines: ['88 GAMCHEON-RO, SAHA-GU'], city: 'BUSAN', countryCode: 'KR' };
    const out = written(supplementary);
    expect(errorsOf(out.issues)).toEqual([]);
    expect(out.parsed?.head.FunctionCode).toBe('0');
    expect(validateAgainstXsd(out.output!)).toMatchObject({ xsd: 'Manifest_Declare_Import_Ship_Secondly_1101_0.xsd', valid: true, errors: [] });
    expect(readCustomsXml(out.output!, registry).documents[0].document).toMatchObject({ function: 'original', declarationStage: 'supplementary' });
  });

  it('replace is edit (5), which needs an amendment reason per bill', () => {
    const doc = { ...docOf('mt1101-ningbo-first.xml'), function: 'replace' };
    const refused = written(doc);
    expect(errorsOf(refused.issues).map((i) => i.location?.path)).toEqual([
      '/Manifest/Declaration/Consignment[1]/TransportContractDocument/ChangeReasonCode',
      '/Manifest/Declaration/Consignment[2]/TransportContractDocument/ChangeReasonCode',
    ]);
    expect(refused.issues[0].text).toContain('(consignments[].amendmentReasonCodes[])');
    for (const c of doc.consignments) c.amendmentReasonCodes = ['003'];
    const out = written(doc);
    expect(out.issues).toEqual([]);
    expect(out.parsed?.head.FunctionCode).toBe('5');
    expect(validateAgainstXsd(out.output!)).toMatchObject({ xsd: 'Manifest_Declare_Import_Ship_Edit_1101_5.xsd', valid: true, errors: [] });
  });

  it('cancel is delete (3): what the delete XSD excludes is reported field by field, not written', () => {
    const doc = { ...docOf('mt1101-ningbo-first.xml'), function: 'cancel' };
    for (const c of doc.consignments) c.amendmentReasonCodes = ['001'];
    const out = written(doc);
    expect(errorsOf(out.issues)).toEqual([]);
    expect(validateAgainstXsd(out.output!)).toMatchObject({ xsd: 'Manifest_Declare_Import_Ship_Delete_1101_3.xsd', valid: true, errors: [] });
    const notSent = out.issues.filter((i) => i.code === 'GW_ERR_MAPPING_UNMAPPED_FIELD').map((i) => i.location?.path);
    expect(notSent).toEqual(expect.arrayContaining([
      '/parties/1', '/customsOffices', '/vesselCall/carrier', '/vesselCall/vesselName', '/firstPortOfArrival', '/departureAt',
      '/consignments/0/totalGrossWeight', '/consignments/0/parties', '/consignments/0/equipment', '/consignments/0/goodsItems',
    ]));
    expect(notSent).not.toContain('/consignments/0/billOfLadingNumber');
    expect(out.issues[0].text).toMatch(/^\/parties\/1: MT1101 delete \(FunctionCode 3\) has no place for it/);
    const decl = out.parsed!.declaration;
    expect(Object.keys(decl)).toEqual(['RepresentativePerson', 'BorderTransportMeans', 'Consignment', 'AdditionalInformation']);
    expect(decl.BorderTransportMeans).toEqual({ JourneyID: '024E', ID: 'UN9786346' });
    expect(decl.Consignment).toEqual([
      { TransportContractDocument: { ID: 'NBSLPUS2403001', ChangeReasonCode: ['001'] } },
      { TransportContractDocument: { ID: 'NBSLPUS2403002', ChangeReasonCode: ['001'] } },
    ]);
  });

  it('a Manifest goes to MT1101 or MT2101 by its direction, and the message asked for must fit it', () => {
    const exportDoc = docOf('mt2101-ningbo-first.xml');
    expect(written(exportDoc).parsed?.type).toBe('MT2101');
    const wrong = written(exportDoc, { message: 'MT1101' });
    expect(wrong.output).toBeUndefined();
    expect(wrong.issues.map((i) => [i.code, i.text])).toEqual([['GW_ERR_MAPPING_NOT_FOUND', 'this Manifest fits no customs message MT1101: MT1101 carries direction import']]);
    const cuscarLike = { ...exportDoc, direction: 'transit' };
    expect(written(cuscarLike).issues[0].text).toBe('this Manifest fits no customs message: MT1101 carries direction import; MT2101 carries direction export');
  });

  it('an arrival report has no replace; a cancel is its delete (3)', () => {
    const doc = docOf('mt3101-ningbo-arrival.xml');
    const replace = written({ ...doc, function: 'replace' });
    expect(replace.issues.map((i) => [i.code, i.location?.path, i.text])).toEqual([
      ['GW_ERR_MAPPING_XML_FUNCTION_UNSUPPORTED', '/function', '/function: MT3101 has no FunctionCode for replace (it defines 2, 3)'],
    ]);
    const cancel = written({ ...doc, function: 'cancel' });
    expect(errorsOf(cancel.issues)).toEqual([]);
    expect(cancel.parsed?.head.FunctionCode).toBe('3');
    expect(validateAgainstXsd(cancel.output!)).toMatchObject({ xsd: 'Manifest_Arrival_Ship_Delete_3101_3.xsd', valid: true, errors: [] });
    // A gate-out is not an arrival report.
    expect(written({ ...doc, direction: 'gateOut' }).issues[0].code).toBe('GW_ERR_MAPPING_NOT_FOUND');
  });

  it('the tally reports use 2, 5 and 3 for original, replace and cancel', () => {
    const doc = docOf('mt5102-ningbo-tally.xml');
    expect(['original', 'replace', 'cancel'].map((fn) => written({ ...doc, function: fn }, { message: 'MT5102' }).parsed?.head.FunctionCode)).toEqual(['2', '5', '3']);
    // A loading report is an MT4101 or an MT5102: the caller says which.
    expect(written(doc).issues.map((i) => [i.code, i.text])).toEqual([['GW_ERR_MAPPING_NOT_FOUND', 'this TallyReport can be written as MT4101 or MT5102; say which message to write']]);
  });
});

describe('the Head follows the customs conventions', () => {
  it('MessageID, SenderID, ReceiverID, SendTime and Version from the caller, the document yielding', () => {
    const doc = docOf('mt1101-ningbo-first.xml');
    const out = written(doc, { messageId: 'CN_MT1101_1p0_3100NB00001_20240309101500042', senderId: '3100NB00001', receiverId: 'EPORT', sendTime: new Date('2024-03-09T02:15:00.042Z'), version: '1.0' });
    expect(out.issues).toEqual([]);
    expect(out.parsed?.head).toEqual({
      MessageID: 'CN_MT1101_1p0_3100NB00001_20240309101500042', FunctionCode: '9', MessageType: 'MT1101',
      SenderID: '3100NB00001', ReceiverID: 'EPORT', SendTime: '20240309101500042', Version: '1.0',
    });
  });

  it('without options: documentId, the partner identifiers of sender and first recipient, issuedAt in China time', () => {
    const doc = { ...docOf('mt3101-ningbo-arrival.xml'), documentId: 'NBCT3-ARR-0311-7', issuedAt: '2024-03-11T12:30:05.5+02:00' };
    const out = written(doc);
    expect(out.issues).toEqual([]);
    expect(out.parsed?.head).toMatchObject({ MessageID: 'NBCT3-ARR-0311-7', SenderID: '3104NBCT3', ReceiverID: '3104', SendTime: '20240311183005500', Version: '1.0' });
    // A date alone is midnight in China.
    expect(written({ ...doc, issuedAt: '2024-03-11' }).parsed?.head.SendTime).toBe('20240311000000000');
  });

  it('a sender that says more than its id is reported; its id is still the SenderID', () => {
    const doc = docOf('mt3101-ningbo-arrival.xml');
    doc.sender = { roles: ['terminalOperator'], name: '宁波北仑第三集装箱码头有限公司', identifiers: [{ id: '3104NBCT3', scheme: 'customs' }] };
    const out = written(doc);
    expect(out.parsed?.head.SenderID).toBe('3104NBCT3');
    expect(out.issues.map((i) => [i.code, i.location?.path])).toEqual([['GW_ERR_MAPPING_UNMAPPED_FIELD', '/sender']]);
  });

  it('no SenderID, no ReceiverID or no usable issue time is an error naming the Head field', () => {
    const doc = docOf('mt3101-ningbo-arrival.xml');
    const noSender = written({ ...doc, sender: { roles: ['terminalOperator'], name: 'NBCT' } });
    expect(noSender.issues.map((i) => [i.code, i.location?.path])).toEqual([['GW_ERR_MAPPING_XML_HEAD_INCOMPLETE', '/sender']]);
    expect(noSender.issues[0].text).toMatch(/^Head\/SenderID: /);
    expect(written({ ...doc, recipients: undefined }).issues[0].text).toMatch(/^Head\/ReceiverID: /);
    expect(written({ ...doc, issuedAt: '11.03.2024' }).issues[0].text).toMatch(/^Head\/SendTime: /);
    expect(written({ ...doc, documentId: undefined }).issues[0].text).toMatch(/^Head\/MessageID: /);
  });

  it('test traffic is said to be not marked as such in customs XML', () => {
    const out = written({ ...docOf('mt3101-ningbo-arrival.xml'), test: true });
    expect(out.output).toBeDefined();
    expect(out.issues.map((i) => [i.code, i.location?.path])).toEqual([['GW_ERR_MAPPING_UNMAPPED_FIELD', '/test']]);
  });

  it('writes the port platform wrapper when the partner takes it, and reads the same document from it', () => {
    const doc = docOf('mt3101-ningbo-arrival.xml');
    const out = written(doc, { wrapper: { head: { PlatId: '0', CopCode: '3104NBCT3' }, dataForm: 'elements' } });
    expect(out.output!.toString('utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><MFTMessage><MFTHead><PlatId>0<\/PlatId><CopCode>3104NBCT3<\/CopCode><\/MFTHead><MFTData><Manifest><Head>/);
    const back = readCustomsXml(out.output!, registry);
    expect(back.documents[0].document).toEqual(doc);
  });
});

describe('documents from other formats', () => {
  it('a CUSCAR-shaped Manifest lacks what MT1101 requires: each element is named with the document field that fills it', async () => {
    const { readFileSync } = await import('node:fs');
    const example = JSON.parse(readFileSync(new URL('../../../schemas/documents/examples/Manifest.example.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    const out = written(example, { senderId: 'PENAVICONB', receiverId: 'EPORT', messageId: 'CN_MT1101_1p0_PENAVICONB_20250312160500000' });
    expect(out.output).toBeUndefined();
    // The example names its manifest transmitter as the sender; MT1101 wants it among the parties.
    expect(errorsOf(out.issues).map((i) => i.text)).toEqual([
      '/Manifest/Declaration/RepresentativePerson: MT1101 first (FunctionCode 9) requires it, and the document gives no value for it (parties[roles[0]=manifestTransmitter].name)',
    ]);
    // What MT1101 has no place for is listed, never dropped: the terminal, dangerous goods details, the control totals.
    const notSent = out.issues.filter((i) => i.code === 'GW_ERR_MAPPING_UNMAPPED_FIELD').map((i) => i.location?.path);
    expect(notSent).toEqual(expect.arrayContaining(['/sender', '/controlTotals', '/vesselCall/port', '/departurePort', '/consignments/1/equipment/0/dangerousGoods', '/consignments/1/goodsItems/0/dangerousGoods/0/imdgClass']));

    const parties = [...(example.parties as unknown[]), { roles: ['manifestTransmitter'], name: '中国宁波外轮代理有限公司' }];
    const fixed = written({ ...example, parties }, { senderId: 'PENAVICONB', receiverId: 'EPORT' });
    expect(errorsOf(fixed.issues)).toEqual([]);
    expect(validateAgainstXsd(fixed.output!)).toMatchObject({ xsd: 'Manifest_Declare_Import_Ship_First_1101_9.xsd', valid: true, errors: [] });
    expect(fixed.parsed?.declaration.Carrier).toEqual({ ID: 'COS' });
    expect(fixed.parsed?.declaration.BorderTransportMeans).toMatchObject({ ID: 'UN9783758', Name: 'COSCO SHIPPING ARIES', JourneyID: '041E' });
  });
});

describe('tally reports from other formats', () => {
  it('COARRI → TallyReport → MT5101: a container damage goes over with its type; COARRI gives no packages, so none are written', () => {
    const read = readEdifact(readFileSync(join(repoRoot, 'fixtures', 'edifact', 'coarri-d95b-ningbo-discharge.edi')), registry);
    expect(errorsOf(read.issues)).toEqual([]);
    const doc = structuredClone(read.documents[0].document) as Record<string, unknown> & { parties: unknown[] };
    // What MT5101 requires beyond a COARRI: the customs office and the tally company (the first party).
    doc.customsOffices = [{ role: 'declaration', code: '3104' }];
    doc.parties = [{ roles: ['tallyCompany'], name: '中国外轮理货有限公司宁波分公司', identifiers: [{ id: '3104NBTALLY', scheme: 'customs' }] }, ...doc.parties];
    const out = written(doc, { message: 'MT5101', senderId: '3104NBTALLY', receiverId: '3104' });
    expect(errorsOf(out.issues)).toEqual([]);
    expect(validateAgainstXsd(out.output!)).toMatchObject({ xsd: 'Manifest_Tally_Import_5101.xsd', valid: true, errors: [] });
    const values = leaves(out.parsed!.declaration);
    const damaged = [...values].filter(([p]) => p.includes('/Damage'));
    expect(damaged).toEqual([
      ['TransportEquipment[3]/Damage[1]/TypeCode', 'BR'],
      ['TransportEquipment[3]/Damage[1]/Description', '门封条破损 DOOR GASKET BROKEN'],
    ]);
    expect(values.get('TransportEquipment[3]/EquipmentIdentification/ID')).toBe('TCNU5544337');
    expect([...values.keys()].filter((p) => p.includes('ConsignmentPackaging'))).toEqual([]);
  });

  it('the TallyReport example → MT5101: a bill\'s damage type and damaged packages, a container\'s damaged and tallied packages', () => {
    const example = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'documents', 'examples', 'TallyReport.example.json'), 'utf8')) as Record<string, unknown>;
    const out = written(example, { message: 'MT5101', senderId: 'COSTNB', receiverId: '3100' });
    expect(errorsOf(out.issues)).toEqual([]);
    expect(validateAgainstXsd(out.output!)).toMatchObject({ xsd: 'Manifest_Tally_Import_5101.xsd', valid: true, errors: [] });
    const notSent = out.issues.filter((i) => i.code === 'GW_ERR_MAPPING_UNMAPPED_FIELD').map((i) => i.location?.path ?? '');
    expect(notSent.filter((p) => /damageTypeCode|talliedPackages|damages\/\d+\/packages|consignments\/0\/discrepancies/.test(p))).toEqual([]);
    const values = leaves(out.parsed!.declaration);
    expect(Object.fromEntries([...values].filter(([p]) => /Damage|TransportEquipment\[\d\]\/ConsignmentPackaging/.test(p)))).toEqual({
      'Consignment[1]/Damage[1]/TypeCode': 'CR',
      'Consignment[1]/Damage[1]/QuantityQuantity': '2',
      'Consignment[1]/Damage[1]/Description': '木箱压损 2 cases crushed',
      'TransportEquipment[1]/ConsignmentPackaging/QuantityQuantity': '30',
      'TransportEquipment[1]/ConsignmentPackaging/TypeCode': 'CS',
      'TransportEquipment[2]/ConsignmentPackaging/QuantityQuantity': '18',
      'TransportEquipment[2]/ConsignmentPackaging/TypeCode': 'CS',
      'TransportEquipment[2]/Damage[1]/TypeCode': 'DT',
      'TransportEquipment[2]/Damage[1]/Description': '右侧板轻微凹陷 minor dent right side',
      'TransportEquipment[2]/Damage[2]/TypeCode': 'CR',
      'TransportEquipment[2]/Damage[2]/QuantityQuantity': '2',
      'TransportEquipment[2]/Damage[2]/Description': '箱内木箱压损 2 cases crushed inside',
      'TransportEquipment[3]/ConsignmentPackaging/QuantityQuantity': '80',
      'TransportEquipment[3]/ConsignmentPackaging/TypeCode': '1A',
    });
  });
});

describe('tally counts a COARRI cannot carry', () => {
  it('the TallyReport example → COARRI: packages per container and damaged packages are reported as not sent', () => {
    const example = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'documents', 'examples', 'TallyReport.example.json'), 'utf8')) as Record<string, unknown>;
    const out = writeEdifact([example], registry, { message: 'COARRI', directory: 'D95B', sender: { id: 'NBCT' }, recipient: { id: 'COS' } });
    expect(out.output).toBeDefined();
    const notSent = out.issues.filter((i) => i.code === 'GW_ERR_MAPPING_UNMAPPED_FIELD').map((i) => i.location?.path ?? '');
    expect(notSent.filter((p) => /talliedPackages|damages\/\d+\/packages/.test(p))).toEqual([
      '/equipment/0/talliedPackages', '/equipment/1/talliedPackages', '/equipment/1/damages/1/packages', '/equipment/2/talliedPackages',
    ]);
  });
});

describe('every variant of every message type, written from a document, validates against its XSD', () => {
  const CASES: readonly [string, string, string, string | undefined, string][] = [
    ['mt1101-ningbo-first.xml', 'MT1101', 'original', 'main', 'Manifest_Declare_Import_Ship_First_1101_9.xsd'],
    ['mt1101-ningbo-first.xml', 'MT1101', 'original', 'supplementary', 'Manifest_Declare_Import_Ship_Secondly_1101_0.xsd'],
    ['mt1101-ningbo-first.xml', 'MT1101', 'replace', undefined, 'Manifest_Declare_Import_Ship_Edit_1101_5.xsd'],
    ['mt1101-ningbo-first.xml', 'MT1101', 'cancel', undefined, 'Manifest_Declare_Import_Ship_Delete_1101_3.xsd'],
    ['mt2101-ningbo-first.xml', 'MT2101', 'original', 'main', 'Manifest_Declare_Export_Ship_First_2101_9.xsd'],
    ['mt2101-ningbo-first.xml', 'MT2101', 'original', 'supplementary', 'Manifest_Declare_Export_Ship_Secondly_2101_0.xsd'],
    ['mt2101-ningbo-first.xml', 'MT2101', 'replace', undefined, 'Manifest_Declare_Export_Ship_Edit_2101_5.xsd'],
    ['mt2101-ningbo-first.xml', 'MT2101', 'cancel', undefined, 'Manifest_Declare_Export_Ship_Delete_2101_3.xsd'],
    ['mt3101-ningbo-arrival.xml', 'MT3101', 'original', undefined, 'Manifest_Arrival_Ship_3101_2.xsd'],
    ['mt3101-ningbo-arrival.xml', 'MT3101', 'cancel', undefined, 'Manifest_Arrival_Ship_Delete_3101_3.xsd'],
    ['mt4101-ningbo-loading.xml', 'MT4101', 'original', undefined, 'Manifest_Load_Ship_4101_2.xsd'],
    ['mt4101-ningbo-loading.xml', 'MT4101', 'cancel', undefined, 'Manifest_Load_Ship_Delete_4101_3.xsd'],
    ['mt5101-ningbo-tally.xml', 'MT5101', 'replace', undefined, 'Manifest_Tally_Import_5101.xsd'],
    ['mt5102-ningbo-tally.xml', 'MT5102', 'cancel', undefined, 'Manifest_Tally_Export_5102.xsd'],
    ['mt9999-ningbo-receipt.xml', 'MT9999', 'original', undefined, 'Manifest_Receipt_9999.xsd'],
  ];

  it.each(CASES)('%s as %s %s %s', (file, message, fn, stage, xsd) => {
    const doc = { ...docOf(file), function: fn, ...(stage ? { declarationStage: stage } : {}) };
    // What the stricter variants require beyond the first declaration's data.
    for (const c of doc.consignments ?? []) {
      if (fn !== 'original') c.amendmentReasonCodes = ['003'];
      if (stage === 'supplementary') {
        c.consignedFrom = { countryCode: 'KR' };
        c.serviceTermsCode ??= '10';
        for (const p of c.parties as Record<string, unknown>[]) p.address ??= { lines: ['45 SEJONG-DAERO'], city: 'SEOUL', countryCode: 'KR' };
        for (const e of c.equipment as Record<string, unknown>[]) e.suppliedBy ??= 'carrier';
      }
    }
    const out = written(doc, { message });
    expect(errorsOf(out.issues)).toEqual([]);
    expect(validateAgainstXsd(out.output!)).toMatchObject({ xsd, valid: true, errors: [], other: [] });
  });
});
