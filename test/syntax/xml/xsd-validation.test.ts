import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCustomsXml, parseCustomsXml, type CustomsMessage, type XmlContent, type XmlElement } from '../../../src/syntax/xml/index.js';
import { OWN_XSD_DIR, REFERENCE_XSD_DIR, fixture, referenceXsdWithTextContent, validateWithXsd } from './xsd.js';

function read(name: string): CustomsMessage {
  const { message, issues } = parseCustomsXml(fixture(name));
  expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  return message!;
}

/** Reverses the key order of every element: the writer must restore the XSD order on its own. */
function scramble(content: XmlContent): XmlContent {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((c) => scramble(c) as XmlElement | string);
  const out: XmlElement = {};
  for (const key of Object.keys(content).reverse()) out[key] = scramble(content[key]);
  return out;
}

function generated(name: string): { message: CustomsMessage; xml: string } {
  const message = read(name);
  const xml = buildCustomsXml({ ...message, declaration: scramble(message.declaration) as XmlElement });
  return { message, xml };
}

const SEAL_OR_VALUE_TEXT = /^Element '\{urn:Declaration:datamodel:standard:CN:MT\d{4}:1\}(SealID|ValueAmount)': Character content is not allowed, because the content type is empty\.$/;

describe('generated messages validate against the customs reference XSDs (xmllint)', () => {
  it.each([
    ['MT1101 delete', 'mt1101-ningbo-delete.xml', 'Manifest_Declare_Import_Ship_Delete_1101_3.xsd'],
    ['MT1101 edit', 'mt1101-ningbo-edit.xml', 'Manifest_Declare_Import_Ship_Edit_1101_5.xsd'],
    ['MT2101 first', 'mt2101-ningbo-first.xml', 'Manifest_Declare_Export_Ship_First_2101_9.xsd'],
    ['MT2101 edit', 'mt2101-ningbo-edit.xml', 'Manifest_Declare_Export_Ship_Edit_2101_5.xsd'],
    ['MT2101 delete', 'mt2101-ningbo-delete.xml', 'Manifest_Declare_Export_Ship_Delete_2101_3.xsd'],
  ])('%s is valid as it stands', (_name, file, xsd) => {
    const { xml } = generated(file);
    expect(validateWithXsd(xml, join(REFERENCE_XSD_DIR, xsd))).toEqual({ valid: true, errors: [], other: [] });
  });

  // Seal numbers are text with an AgencyCode attribute in customs practice; the 2015 XSDs declare
  // SealID (and ValueAmount) attribute-only. Against the XSD as published, the only errors are those;
  // with exactly that declaration given simple content, the documents are valid.
  it.each([
    ['MT1101 first', 'mt1101-ningbo-first.xml', 'Manifest_Declare_Import_Ship_First_1101_9.xsd', 3],
    ['MT3101', 'mt3101-ningbo-arrival.xml', 'Manifest_Arrival_Ship_3101_2.xsd', 2],
    ['MT4101', 'mt4101-ningbo-loading.xml', 'Manifest_Load_Ship_4101_2.xsd', 1],
  ])('%s is valid but for the text of its seals', (_name, file, xsd, seals) => {
    const { xml } = generated(file);
    const asPublished = validateWithXsd(xml, join(REFERENCE_XSD_DIR, xsd));
    expect(asPublished.valid).toBe(false);
    expect(asPublished.other).toEqual([]);
    expect(asPublished.errors).toHaveLength(seals);
    for (const error of asPublished.errors) expect(error).toMatch(SEAL_OR_VALUE_TEXT);
    const corrected = referenceXsdWithTextContent(xsd);
    try {
      expect(validateWithXsd(xml, corrected.path)).toEqual({ valid: true, errors: [], other: [] });
    } finally {
      corrected.cleanup();
    }
  });

  it('writes the Declaration in XSD order whatever order the object has', () => {
    const { message, xml } = generated('mt1101-ningbo-first.xml');
    const plain = buildCustomsXml(message);
    expect(xml).toBe(plain);
    expect(xml.indexOf('<RepresentativePerson>')).toBeLessThan(xml.indexOf('<BorderTransportMeans>'));
    expect(xml.indexOf('<TransportContractDocument>')).toBeLessThan(xml.indexOf('<ConsignmentItem>'));
  });

  it('the validator helper does report invalid documents', () => {
    const { message } = generated('mt1101-ningbo-delete.xml');
    const xml = buildCustomsXml({ ...message, declaration: { ...message.declaration, RepresentativePerson: { Name: 'x', Extra: 'y' } } });
    const result = validateWithXsd(xml, join(REFERENCE_XSD_DIR, 'Manifest_Declare_Import_Ship_Delete_1101_3.xsd'));
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/Extra': This element is not expected/);
  });
});

describe("generated MT5101, MT5102 and MT9999 validate against the gateway's own XSDs (xmllint)", () => {
  it.each([
    ['MT5101 import tally report', 'mt5101-ningbo-tally.xml', 'Manifest_Tally_Import_5101.xsd'],
    ['MT5102 export tally report', 'mt5102-ningbo-tally.xml', 'Manifest_Tally_Export_5102.xsd'],
    ['MT9999 receipt', 'mt9999-ningbo-receipt.xml', 'Manifest_Receipt_9999.xsd'],
  ])('%s', (_name, file, xsd) => {
    const { message, xml } = generated(file);
    expect(validateWithXsd(xml, join(OWN_XSD_DIR, xsd))).toEqual({ valid: true, errors: [], other: [] });
    expect(parseCustomsXml(xml).issues).toEqual([]);
    expect(message.head.MessageType).toBe(file.slice(0, 6).toUpperCase());
  });

  it('reports what the own XSDs restrict: lengths, patterns and function codes', () => {
    const message = read('mt5101-ningbo-tally.xml');
    const xml = buildCustomsXml({ ...message, declaration: { ...message.declaration, DeclarationOfficeID: '31040', TallyParty: { ID: 'X'.repeat(36) } } });
    expect(parseCustomsXml(xml).issues.map((i) => [i.code, i.location?.path])).toEqual([
      ['GW_ERR_XML_VALUE_INVALID', '/Manifest/Declaration/DeclarationOfficeID'],
      ['GW_ERR_XML_VALUE_TOO_LONG', '/Manifest/Declaration/TallyParty/ID'],
    ]);
    // The writer refuses a FunctionCode the type does not define; a partner's document may carry one.
    const received = xml.replace('<FunctionCode>2</FunctionCode>', '<FunctionCode>9</FunctionCode>');
    expect(validateWithXsd(received, join(OWN_XSD_DIR, 'Manifest_Tally_Import_5101.xsd')).errors).toHaveLength(3);
    expect(parseCustomsXml(received).issues.map((i) => [i.code, i.location?.path])).toEqual([
      ['GW_ERR_XML_FUNCTION_CODE_UNKNOWN', '/Manifest/Head/FunctionCode'],
    ]);
  });
});
