import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCustomsXml, customsNamespace, parseCustomsXml, type XmlElement } from '../../../src/syntax/xml/index.js';
import { CORPUS, REFERENCE_XSD_DIR, validateWithXsd } from './xsd.js';

const WRAPPED_MT3101 = join(CORPUS, 'mt3101_arrival_report_mftmessage_wrapped_no_ns_pengshengfish.xml');
const PLACEHOLDER_MT2101 = join(CORPUS, 'mt2101_premanifest_placeholder_values_hhy666.xml');

describe('corpus: MT3101 inside the port platform wrapper, Manifest without namespace', () => {
  const result = parseCustomsXml(readFileSync(WRAPPED_MT3101));

  it('parses, recognising the namespace-less inner Manifest from Head/MessageType', () => {
    expect(result.message?.type).toBe('MT3101');
    expect(result.message?.namespace).toBeUndefined();
    expect(result.issues.map((i) => [i.code, i.severity, i.location?.path])).toEqual([
      ['GW_ERR_XML_NAMESPACE_MISSING', 'info', '/MFTMessage/MFTData/Manifest'],
    ]);
  });

  it('keeps the wrapper head fields, in order, and how the data stood', () => {
    expect(result.message?.wrapper).toEqual({
      head: { PlatId: '0', SignInfo: '213V3Gquui3xi3VmqV5V2K2uKuVu13q4VK513u43OSVq04VxxiGG5xOVqi24K41i', CopCode: 'MA22300W0', Note1: '1', Note2: '' },
      dataForm: 'elements',
    });
    expect(Object.keys(result.message?.wrapper?.head ?? {})).toEqual(['PlatId', 'SignInfo', 'CopCode', 'Note1', 'Note2']);
  });

  it('reads Head and Declaration, repeating elements as arrays, values as strings', () => {
    expect(result.message?.head).toEqual({
      MessageID: '2327MA22300W0_20230310155601807', FunctionCode: '2', MessageType: 'MT3101',
      SenderID: '2327MA22300W0_NJ0010002', ReceiverID: '2327', SendTime: '20230310155601668', Version: '1.0',
    });
    const decl = result.message?.declaration as XmlElement;
    expect(decl.DeclarationOfficeID).toBe('2327');
    expect(decl.UnloadingLocation).toEqual({ ID: 'CNTAC230030/2327', ArrivalDate: '20230310' });
    expect(decl.TransportEquipment).toEqual([{ EquipmentIdentification: { ID: 'CICU3789922' }, CharacteristicCode: '20GP', FullnessCode: '5' }]);
  });

  it('validates against the MT3101 reference XSD once written with its namespace, as the corpus notes say', () => {
    const message = result.message!;
    const xml = buildCustomsXml({ type: message.type, head: message.head, declaration: message.declaration });
    expect(xml).toContain(`<Manifest xmlns="${customsNamespace('MT3101')}">`);
    expect(validateWithXsd(xml, join(REFERENCE_XSD_DIR, 'Manifest_Arrival_Ship_3101_2.xsd'))).toEqual({ valid: true, errors: [], other: [] });
    // Without the namespace the same document does not validate: the XSD's elements are qualified.
    expect(validateWithXsd(readFileSync(WRAPPED_MT3101), join(REFERENCE_XSD_DIR, 'Manifest_Arrival_Ship_3101_2.xsd')).valid).toBe(false);
  });
});

describe('corpus: MT2101 with placeholder values and elements newer than the 2015 XSD', () => {
  const bytes = readFileSync(PLACEHOLDER_MT2101);
  const result = parseCustomsXml(bytes);

  it('parses, placeholder values and all', () => {
    expect(result.message?.type).toBe('MT2101');
    expect(result.message?.namespace).toBe('urn:Declaration:datamodel:standard:CN:MT2101:1');
    expect(result.message?.head.FunctionCode).toBe('9');
    const consignment = (result.message?.declaration.Consignment as XmlElement[])[0];
    expect(consignment.ValueAmount).toEqual({ '#text': '999', '@CurrencyTypeCode': 'AED' });
    expect((consignment.DeliveryDestination as XmlElement).PostcodeID).toBe('010000');
  });

  it('reports the AEO elements and the ValueAmount text, the same findings as xmllint', () => {
    expect(result.issues.map((i) => [i.code, i.severity, i.location?.path])).toEqual([
      ['GW_ERR_XML_TEXT_IN_EMPTY_ELEMENT', 'info', '/Manifest/Declaration/Consignment[1]/ValueAmount'],
      ['GW_ERR_XML_ELEMENT_UNKNOWN', 'warning', '/Manifest/Declaration/Consignment[1]/Consignee/AEO'],
      ['GW_ERR_XML_ELEMENT_UNKNOWN', 'warning', '/Manifest/Declaration/Consignment[1]/Consignor/AEO'],
    ]);
    const xsd = validateWithXsd(bytes, join(REFERENCE_XSD_DIR, 'Manifest_Declare_Export_Ship_First_2101_9.xsd'));
    expect(xsd.valid).toBe(false);
    expect(xsd.errors).toHaveLength(3);
    expect(xsd.errors[0]).toMatch(/ValueAmount': Character content is not allowed, because the content type is empty/);
    expect(xsd.errors[1]).toMatch(/AEO': This element is not expected/);
    expect(xsd.errors[2]).toMatch(/AEO': This element is not expected/);
  });

  it('keeps the unknown AEO elements, so nothing is dropped silently', () => {
    const consignment = (result.message?.declaration.Consignment as XmlElement[])[0];
    expect((consignment.Consignee as XmlElement).AEO).toBe('M1');
    expect((consignment.Consignor as XmlElement).AEO).toBe('MM');
  });
});
