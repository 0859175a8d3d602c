import { describe, expect, it } from 'vitest';
import { detectCustomsXml, formatSendTime, isValidSendTime, parseCustomsXml } from '../../../src/syntax/xml/index.js';
import { fixture } from './xsd.js';

const HEAD = {
  MessageID: 'CN_MT3101_1p0_3104NBCT3_20240311183005120', FunctionCode: '2', MessageType: 'MT3101',
  SenderID: '3104NBCT3', ReceiverID: '3104', SendTime: '20240311183005120', Version: '1.0',
};
const DECLARATION = '<Declaration><DeclarationOfficeID>3104</DeclarationOfficeID><BorderTransportMeans><JourneyID>025W</JourneyID><TypeCode>1</TypeCode><ID>UN9786346</ID><Name>ZHE HAI QI</Name></BorderTransportMeans><UnloadingLocation><ID>CNNGB/3104</ID><ArrivalDate>20240311</ArrivalDate></UnloadingLocation></Declaration>';

function doc(head: Record<string, string | undefined>, options: { root?: string; ns?: string | null; declaration?: string } = {}): string {
  const fields = Object.entries(head).filter(([, v]) => v !== undefined).map(([k, v]) => `<${k}>${v}</${k}>`).join('');
  const ns = options.ns === null ? '' : ` xmlns="${options.ns ?? 'urn:Declaration:datamodel:standard:CN:MT3101:1'}"`;
  return `<?xml version="1.0" encoding="UTF-8"?><${options.root ?? 'Manifest'}${ns}><Head>${fields}</Head>${options.declaration ?? DECLARATION}</${options.root ?? 'Manifest'}>`;
}

/** Code and path of every finding except the seal-text notes every realistic manifest carries. */
function findings(xml: string): string[][] {
  return parseCustomsXml(xml).issues.filter((i) => i.code !== 'GW_ERR_XML_TEXT_IN_EMPTY_ELEMENT').map((i) => [i.code, i.location?.path ?? '']);
}

describe('message type from namespace and Head/MessageType', () => {
  it('reads a clean message without findings', () => {
    const result = parseCustomsXml(doc(HEAD));
    expect(result.issues).toEqual([]);
    expect(result.message).toMatchObject({ type: 'MT3101', namespace: 'urn:Declaration:datamodel:standard:CN:MT3101:1', head: HEAD });
  });

  it('accepts a missing namespace, taking the type from the Head', () => {
    const result = parseCustomsXml(doc(HEAD, { ns: null }));
    expect(result.message?.type).toBe('MT3101');
    expect(result.issues.map((i) => [i.code, i.severity])).toEqual([['GW_ERR_XML_NAMESPACE_MISSING', 'info']]);
  });

  it('reads a namespace given with a prefix', () => {
    const xml = doc(HEAD).replace(/<(\/?)([A-Z])/g, '<$1c:$2').replace('xmlns=', 'xmlns:c=');
    expect(xml).toContain('<c:Manifest xmlns:c="urn:Declaration:datamodel:standard:CN:MT3101:1"><c:Head><c:MessageID>');
    const result = parseCustomsXml(xml);
    expect(result.issues).toEqual([]);
    expect(result.message?.namespace).toBe('urn:Declaration:datamodel:standard:CN:MT3101:1');
    expect(result.message?.declaration.DeclarationOfficeID).toBe('3104');
  });

  it('reports a namespace that is not a customs one, and a type that differs between namespace and Head', () => {
    expect(findings(doc(HEAD, { ns: 'urn:example:manifest' }))).toEqual([['GW_ERR_XML_NAMESPACE_UNKNOWN', '/Manifest']]);
    expect(findings(doc(HEAD, { ns: 'urn:Declaration:datamodel:standard:CN:MT4101:1' }))).toEqual([['GW_ERR_XML_MESSAGE_TYPE_MISMATCH', '/Manifest/Head/MessageType']]);
  });

  it('gives no message when the type is unknown', () => {
    const result = parseCustomsXml(doc({ ...HEAD, MessageType: 'MT8888' }, { ns: null }));
    expect(result.message).toBeUndefined();
    expect(result.issues.map((i) => i.code)).toEqual(['GW_ERR_XML_NAMESPACE_MISSING', 'GW_ERR_XML_MESSAGE_TYPE_UNKNOWN']);
  });

  it('takes the type from the namespace when the Head lacks it', () => {
    const result = parseCustomsXml(doc({ ...HEAD, MessageType: undefined }));
    expect(result.message?.type).toBe('MT3101');
    expect(result.issues.map((i) => [i.code, i.location?.path])).toEqual([['GW_ERR_XML_HEAD_FIELD_MISSING', '/Manifest/Head/MessageType']]);
  });

  it('reads ECEX/ECIM empty-container applications too', () => {
    const xml = '<Manifest xmlns="urn:Declaration:datamodel:standard:CN:MTECEX:1"><Head><MessageID>E1</MessageID><FunctionCode>2</FunctionCode><MessageType>MTECEX</MessageType><SenderID>S</SenderID><ReceiverID>3104</ReceiverID><SendTime>20240311183005120</SendTime><Version>1.0</Version></Head><Declaration><RepresentativePerson><Name>宁波外轮代理有限公司</Name></RepresentativePerson><DeclarationOfficeID>3104</DeclarationOfficeID><BorderTransportMeans><JourneyID>025W</JourneyID><ID>UN9786346</ID></BorderTransportMeans><Consignment><TransportContractDocument><ID>E001</ID></TransportContractDocument></Consignment></Declaration></Manifest>';
    const result = parseCustomsXml(xml);
    expect(result.issues).toEqual([]);
    expect(result.message?.type).toBe('MTECEX');
  });
});

describe('Head checks', () => {
  it('reports each missing or empty field', () => {
    expect(findings(doc({ ...HEAD, SenderID: undefined, ReceiverID: '' }))).toEqual([
      ['GW_ERR_XML_HEAD_FIELD_MISSING', '/Manifest/Head/SenderID'],
      ['GW_ERR_XML_HEAD_FIELD_MISSING', '/Manifest/Head/ReceiverID'],
    ]);
  });

  it('reports a missing Head and a missing Declaration', () => {
    const noHead = '<Manifest xmlns="urn:Declaration:datamodel:standard:CN:MT3101:1">' + DECLARATION + '</Manifest>';
    const result = parseCustomsXml(noHead);
    expect(result.issues.map((i) => [i.code, i.location?.path])).toEqual([['GW_ERR_XML_HEAD_MISSING', '/Manifest/Head']]);
    expect(result.message?.type).toBe('MT3101');
    expect(result.message?.head.MessageID).toBe('');
    expect(findings(doc(HEAD, { declaration: '' }))).toEqual([['GW_ERR_XML_DECLARATION_MISSING', '/Manifest/Declaration']]);
  });

  it.each([
    ['20240311183005', 'too short'],
    ['2024031118300512X', 'not digits'],
    ['20240230183005120', '30 February'],
    ['20241311183005120', 'month 13'],
    ['20240311243005120', 'hour 24'],
  ])('refuses SendTime %s (%s)', (sendTime) => {
    expect(findings(doc({ ...HEAD, SendTime: sendTime }))).toEqual([['GW_ERR_XML_SEND_TIME_INVALID', '/Manifest/Head/SendTime']]);
  });

  it('reports a FunctionCode the schema does not define for the message type', () => {
    expect(findings(doc({ ...HEAD, FunctionCode: '9' }))).toEqual([['GW_ERR_XML_FUNCTION_CODE_UNKNOWN', '/Manifest/Head/FunctionCode']]);
  });

  it('reports and drops Head fields that are not customs Head fields', () => {
    const result = parseCustomsXml(doc({ ...HEAD, Extra: 'x' }));
    expect(result.issues.map((i) => [i.code, i.location?.path])).toEqual([['GW_ERR_XML_ELEMENT_UNKNOWN', '/Manifest/Head/Extra']]);
    expect(Object.keys(result.message?.head ?? {})).toEqual(['MessageID', 'FunctionCode', 'MessageType', 'SenderID', 'ReceiverID', 'SendTime', 'Version']);
  });

  it('refuses a root that is neither Manifest nor MFTMessage', () => {
    expect(findings(doc(HEAD, { root: 'Declaration' }))).toEqual([['GW_ERR_XML_ROOT_UNKNOWN', '/Declaration']]);
  });

  it('formats and checks SendTime in China time', () => {
    expect(formatSendTime(new Date('2024-03-08T01:30:00.123Z'))).toBe('20240308093000123');
    expect(formatSendTime(new Date('2023-12-31T16:00:00.000Z'))).toBe('20240101000000000');
    expect(isValidSendTime('20240229235959999')).toBe(true);
    expect(isValidSendTime('20230229000000000')).toBe(false);
  });
});

describe('Declaration structure against the schema of the function code', () => {
  it('reports a missing required element, too many occurrences and elements the variant excludes', () => {
    const xml = doc(HEAD, {
      declaration: '<Declaration><BorderTransportMeans><JourneyID>025W</JourneyID><TypeCode>1</TypeCode><ID>UN9786346</ID><Name>X</Name></BorderTransportMeans><UnloadingLocation><ID>CNNGB/3104</ID><ArrivalDate>20240311</ArrivalDate></UnloadingLocation>'
        + '<AdditionalInformation><Content>a</Content></AdditionalInformation><AdditionalInformation><Content>b</Content></AdditionalInformation></Declaration>',
    });
    expect(findings(xml)).toEqual([
      ['GW_ERR_XML_ELEMENT_MISSING', '/Manifest/Declaration/DeclarationOfficeID'],
      ['GW_ERR_XML_ELEMENT_TOO_MANY', '/Manifest/Declaration/AdditionalInformation'],
    ]);
  });

  it('reports unknown attributes and text where the schema has elements', () => {
    const xml = doc(HEAD, { declaration: DECLARATION.replace('<BorderTransportMeans>', '<BorderTransportMeans Mode="sea">').replace('<DeclarationOfficeID>3104</DeclarationOfficeID>', '<DeclarationOfficeID>3104</DeclarationOfficeID>') });
    expect(findings(xml)).toEqual([['GW_ERR_XML_ATTRIBUTE_UNKNOWN', '/Manifest/Declaration/BorderTransportMeans/@Mode']]);
    const text = doc(HEAD, { declaration: DECLARATION.replace('<UnloadingLocation><ID>CNNGB/3104</ID>', '<UnloadingLocation>宁波<ID>CNNGB/3104</ID>') });
    expect(findings(text)).toEqual([['GW_ERR_XML_TEXT_NOT_ALLOWED', '/Manifest/Declaration/UnloadingLocation']]);
  });

  it('indexes repeated elements in paths, and reads them as arrays even when they occur once', () => {
    const message = parseCustomsXml(fixture('mt1101-ningbo-edit.xml')).message!;
    expect(Array.isArray(message.declaration.Consignment)).toBe(true);
    const broken = fixture('mt1101-ningbo-first.xml').toString('utf8').replace('<ID>MSKU5123528</ID>\n        </EquipmentIdentification>\n        <CharacteristicCode>45R1</CharacteristicCode>', '<ID>MSKU5123528</ID>\n        </EquipmentIdentification>');
    expect(findings(broken)).toEqual([['GW_ERR_XML_ELEMENT_MISSING', '/Manifest/Declaration/Consignment[1]/TransportEquipment[2]/CharacteristicCode']]);
  });

  it('can leave the structure unchecked', () => {
    const xml = doc(HEAD, { declaration: '<Declaration><Anything>1</Anything></Declaration>' });
    expect(parseCustomsXml(xml, { checkStructure: false }).issues).toEqual([]);
  });
});

describe('detectCustomsXml', () => {
  it('says which message a document claims to be without building a tree', () => {
    expect(detectCustomsXml(fixture('mt2101-ningbo-first.xml'))).toEqual({ messageType: 'MT2101', wrapped: false, issues: [] });
    expect(detectCustomsXml(doc(HEAD, { ns: null }))).toEqual({ messageType: 'MT3101', wrapped: false, issues: [] });
    expect(detectCustomsXml('<MFTMessage><MFTData><Manifest><Head><MessageType>MT3101</MessageType></Head></Manifest></MFTData></MFTMessage>')).toEqual({ messageType: 'MT3101', wrapped: true, issues: [] });
    expect(detectCustomsXml('<Other/>')).toEqual({ wrapped: false, issues: [] });
  });
});
