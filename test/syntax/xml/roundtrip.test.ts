import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isGatewayError } from '../../../src/errors/index.js';
import { FORBIDDEN_XML_CHAR } from '../../../src/syntax/xml/chars.js';
import { buildCustomsXml, encodeCustomsXml, parseCustomsXml, type CustomsMessage, type MftDataForm, type XmlElement } from '../../../src/syntax/xml/index.js';
import { CORPUS, FIXTURES, fixture } from './xsd.js';

const inputs = [
  ...readdirSync(FIXTURES).filter((f) => f.endsWith('.xml')).map((f) => [f, readFileSync(join(FIXTURES, f))] as const),
  ...readdirSync(CORPUS).map((f) => [`corpus ${f}`, readFileSync(join(CORPUS, f))] as const),
];

function parsed(input: Buffer | string, options = {}): CustomsMessage {
  const { message, issues } = parseCustomsXml(input, options);
  expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  expect(message).toBeDefined();
  return message!;
}

describe('parse → write → parse gives the same message', () => {
  it.each(inputs)('%s', (_name, bytes) => {
    const first = parsed(bytes);
    const xml = buildCustomsXml(first);
    const second = parsed(xml);
    expect(second).toEqual(first);
    // Writing is deterministic: the second message writes the same text.
    expect(buildCustomsXml(second)).toBe(xml);
  });

  it('writes text that looks like an entity or character reference as data ("&amp;", "&xxe;", "&#65;")', () => {
    // xmlbuilder2 leaves such sequences unescaped unless every "&" is escaped first.
    const message = parsed(fixture('mt1101-ningbo-first.xml'));
    const consignee = (message.declaration.Consignment as XmlElement[])[1].Consignee as XmlElement;
    consignee.Name = 'A&amp;B &xxe; &#65; <C>';
    const xml = buildCustomsXml(message);
    expect(xml).toContain('<Name>A&amp;amp;B &amp;xxe; &amp;#65; &lt;C&gt;</Name>');
    expect(((parsed(xml).declaration.Consignment as XmlElement[])[1].Consignee as XmlElement).Name).toBe('A&amp;B &xxe; &#65; <C>');
  });

  it('keeps Chinese text, escaped characters, character references and CDATA as text', () => {
    const message = parsed(fixture('mt1101-ningbo-first.xml'));
    const second = (message.declaration.Consignment as XmlElement[])[1];
    expect((second.Consignee as XmlElement).Name).toBe('宁波A&B电器有限公司');
    expect(((second.Consignee as XmlElement).Address as XmlElement).Line).toBe('浙江省宁波市北仑区新碶街道明州路55号');
    const item = (second.ConsignmentItem as XmlElement[])[0];
    expect((item.Commodity as XmlElement).CargoDescription).toBe('电动自行车零件（车架、轮毂）<整套>');
    const xml = buildCustomsXml(message);
    expect(xml).toContain('<Name>宁波A&amp;B电器有限公司</Name>');
    expect(xml).toContain('<CargoDescription>电动自行车零件（车架、轮毂）&lt;整套&gt;</CargoDescription>');
    expect(xml).toContain('<SealID AgencyCode="CA">KR1184520</SealID>');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><Manifest xmlns="urn:Declaration:datamodel:standard:CN:MT1101:1"><Head><MessageID>')).toBe(true);
  });

  it('keeps any text XML can carry, through a property test', () => {
    const forbidden = new RegExp(FORBIDDEN_XML_CHAR.source, 'gu');
    const xmlChar = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(forbidden, '').trim());
    const base = parsed(fixture('mt9999-ningbo-receipt.xml'));
    fc.assert(fc.property(xmlChar, xmlChar, xmlChar, (code, text, id) => {
      const message: CustomsMessage = {
        ...base,
        declaration: { ...base.declaration, Response: { Code: code, Text: text }, Consignment: [{ TransportContractDocument: { ID: id }, Response: { Code: code, '@Note': text } }] },
      };
      const again = parseCustomsXml(buildCustomsXml(message), { checkStructure: false }).message;
      expect(again?.declaration).toEqual(message.declaration);
    }), { numRuns: 300 });
  });

  it('writes GB18030 bytes for a partner set up for them, and reads them back', () => {
    const message = parsed(fixture('mt1101-ningbo-first.xml'));
    const bytes = encodeCustomsXml(message, 'gb18030');
    expect(bytes.subarray(0, 40).toString('latin1')).toBe('<?xml version="1.0" encoding="GB18030"?>');
    expect(bytes.includes(Buffer.from('宁波', 'utf8'))).toBe(false);
    expect(parsed(bytes, { allowGb18030: true })).toEqual(message);
    expect(encodeCustomsXml(message).equals(Buffer.from(buildCustomsXml(message), 'utf8'))).toBe(true);
  });
});

describe('the port platform wrapper', () => {
  const wrapped = parsed(readFileSync(join(CORPUS, 'mt3101_arrival_report_mftmessage_wrapped_no_ns_pengshengfish.xml')));

  it.each<[MftDataForm, RegExp]>([
    ['elements', /<MFTData><Manifest><Head>/],
    ['text', /<MFTData>&lt;\?xml version="1.0" encoding="UTF-8"\?&gt;&lt;Manifest&gt;&lt;Head&gt;/],
    ['base64', /<MFTData>PD94bWwg[A-Za-z0-9+/=]+<\/MFTData>/],
    ['gzip-base64', /<MFTData>H4sI[A-Za-z0-9+/=]+<\/MFTData>/],
  ])('MFTData as %s is written that way and read back the same', (form, shape) => {
    const message: CustomsMessage = { ...wrapped, wrapper: { head: wrapped.wrapper!.head, dataForm: form } };
    const xml = buildCustomsXml(message);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><MFTMessage><MFTHead><PlatId>0<\/PlatId>/);
    expect(xml).toMatch(shape);
    expect(xml).toContain('<Note2/>');
    expect(parsed(xml)).toEqual(message);
  });

  it('reads MFTData given as CDATA, and a namespaced Manifest inside the wrapper', () => {
    const inner = '<Manifest xmlns="urn:Declaration:datamodel:standard:CN:MT3101:1"><Head><MessageID>M1</MessageID><FunctionCode>2</FunctionCode><MessageType>MT3101</MessageType><SenderID>S</SenderID><ReceiverID>3104</ReceiverID><SendTime>20240311183005120</SendTime><Version>1.0</Version></Head><Declaration><DeclarationOfficeID>3104</DeclarationOfficeID><BorderTransportMeans><JourneyID>025W</JourneyID><TypeCode>1</TypeCode><ID>UN9786346</ID><Name>ZHE HAI QI</Name></BorderTransportMeans><UnloadingLocation><ID>CNNGB/3104</ID><ArrivalDate>20240311</ArrivalDate></UnloadingLocation></Declaration></Manifest>';
    const result = parseCustomsXml(`<MFTMessage><MFTHead><CopCode>MA22300W0</CopCode></MFTHead><MFTData><![CDATA[${inner}]]></MFTData></MFTMessage>`);
    expect(result.issues).toEqual([]);
    expect(result.message).toMatchObject({ type: 'MT3101', namespace: 'urn:Declaration:datamodel:standard:CN:MT3101:1', wrapper: { head: { CopCode: 'MA22300W0' }, dataForm: 'text' } });
    expect(parsed(buildCustomsXml(result.message!))).toEqual(result.message);
  });
});

describe('the writer refuses what XML cannot carry, naming the element', () => {
  const message = parsed(fixture('mt9999-ningbo-receipt.xml'));

  function buildError(m: CustomsMessage): { code: string; message: string } {
    try {
      buildCustomsXml(m);
    } catch (err) {
      if (isGatewayError(err)) return { code: err.code, message: err.message };
      throw err;
    }
    throw new Error('buildCustomsXml did not refuse');
  }

  it('a control character in a value', () => {
    const error = buildError({ ...message, declaration: { ...message.declaration, Response: { Code: '01', Text: 'bell\u0007' } } });
    expect(error).toEqual({ code: 'GW_ERR_XML_BUILD_INVALID', message: expect.stringContaining('/Manifest/Declaration/Response/Text') as unknown });
  });

  it.each([
    ['SendTime', { SendTime: '2024030809300012' }, /Head\/SendTime/],
    ['MessageType', { MessageType: 'MT1101' }, /Head\/MessageType: it says MT1101 but the message is MT9999/],
    ['FunctionCode', { FunctionCode: '9' }, /Head\/FunctionCode: 9 is not defined for MT9999/],
    ['SenderID', { SenderID: ' ' }, /Head\/SenderID: it is missing or empty/],
  ])('a Head customs would not accept: %s', (_field, change, text) => {
    const error = buildError({ ...message, head: { ...message.head, ...change } });
    expect(error.code).toBe('GW_ERR_XML_BUILD_INVALID');
    expect(error.message).toMatch(text);
  });

  it('a key that is not an XML name, and an unknown message type', () => {
    expect(buildError({ ...message, declaration: { ...message.declaration, 'not a name': 'x' } }).code).toBe('GW_ERR_XML_BUILD_INVALID');
    expect(buildError({ ...message, type: 'MT0000' as CustomsMessage['type'] }).code).toBe('GW_ERR_XML_BUILD_INVALID');
  });
});
