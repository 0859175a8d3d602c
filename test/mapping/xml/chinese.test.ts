/**
 * Chinese names, addresses and goods descriptions through customs XML: canonical → XML → canonical
 * in UTF-8 and in the partner-level GB18030 option, characters outside the BMP included.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { validateDocument } from '../../../src/catalogue/documents/index.js';
import { convert } from '../../../src/cli/convert-command.js';
import { readCustomsXml, writeCustomsXml } from '../../../src/mapping/xml/index.js';
import { errorsOf, registry, validateAgainstXsd } from './helpers.js';

/** An import manifest with the consignee, notify party, goods and marks in Chinese (𠮷 is outside the BMP). */
function manifest(): Record<string, unknown> {
  return {
    documentType: 'Manifest',
    documentId: 'CN_MT1101_1p0_3100NB00001_20240315081500250',
    function: 'original',
    declarationStage: 'main',
    issuedAt: '2024-03-15T08:15:00.250+08:00',
    sender: { roles: ['messageSender'], identifiers: [{ id: '3100NB00001', scheme: 'partner' }] },
    recipients: [{ roles: ['messageRecipient'], identifiers: [{ id: 'EPORT', scheme: 'partner' }] }],
    parties: [
      { roles: ['manifestTransmitter'], name: '宁波外轮代理有限公司' },
      { roles: ['vesselAgent'], identifiers: [{ id: '3100NB00001', scheme: 'customs' }] },
    ],
    customsOffices: [{ role: 'exit', code: 'KRPUS' }],
    vesselCall: { carrier: { code: 'NBSL' }, voyageNumber: '026E', imoNumber: '9786346', vesselName: 'ZHE HAI QI' },
    firstPortOfArrival: { unLocode: 'CNNGB' },
    firstArrivalAt: '2024-03-15T06:00:00+08:00',
    departureAt: '2024-03-12T18:00:00+08:00',
    consignments: [{
      freightPaymentMethodCode: 'PP',
      totalPackages: { count: 320, typeCode: 'CT' },
      totalGrossWeight: { value: 6480.5, unit: 'KGM' },
      billOfLadingNumber: 'NBSLPUS2403117',
      serviceTermsCode: '10',
      portOfLoading: { unLocode: 'KRPUS' },
      loadedAt: '2024-03-12T10:00:00+08:00',
      portOfDischarge: { code: 'CNNGB/3100' },
      dischargePortArrivalAt: '2024-03-15',
      parties: [
        {
          roles: ['consignee'],
          identifiers: [{ id: '91330203MA2H4P8K1W', scheme: 'USCI' }],
          name: '宁波市海曙区𠮷祥进出口有限公司',
          address: { lines: ['浙江省宁波市海曙区中山西路138号', '天一广场B座1206室'], city: '宁波市', subdivisionCode: '33', subdivisionName: '浙江省', postalCode: '315010', countryCode: 'CN' },
          communications: [{ value: '0574-87301234', channel: 'phone' }],
          contacts: [{ name: '欧阳静', communications: [{ value: 'ouyang.jing@example.cn', channel: 'email' }] }],
        },
        { roles: ['consignor'], name: 'SEOUL TEXTILE TRADING CO., LTD.', address: { lines: ['45 SEJONG-DAERO, JUNG-GU'], city: 'SEOUL', countryCode: 'KR' } },
        { roles: ['notifyParty'], name: '宁波市海曙区𠮷祥进出口有限公司', address: { lines: ['浙江省宁波市海曙区中山西路138号'] } },
      ],
      equipment: [{ containerNumber: 'MSKU5123472', sizeType: '45G1', fullEmpty: 'full', seals: [{ number: 'KR3371902', issuer: 'carrier' }] }],
      goodsItems: [{
        sequenceNumber: 1,
        packages: { count: 320, typeCode: 'CT' },
        marksAndNumbers: ['吉祥 NINGBO', 'C/NO. 1-320', '中国制造 MADE IN CHINA'],
        description: '针织羊毛衫（男式，山羊绒含量≥30%）KNITTED CASHMERE SWEATERS',
        hsCode: '6110120000',
        grossWeight: { value: 6480.5, unit: 'KGM' },
        originCountry: 'KR',
        placements: [{ containerNumber: 'MSKU5123472' }],
      }],
    }],
    remarks: ['第一行备注：冷藏箱请优先卸船', '第二行：联系人 欧阳静 13805740000'],
    originalDocumentCode: 'MT1101',
    direction: 'import',
  };
}

describe('Chinese text in customs XML', () => {
  it('the document is a valid canonical Manifest', () => {
    expect(validateDocument(manifest()).issues).toEqual([]);
  });

  it('canonical → XML (UTF-8) → canonical keeps every name, address line, mark and description', () => {
    const doc = manifest();
    const out = writeCustomsXml(doc, registry);
    expect(out.issues).toEqual([]);
    const xml = out.output!;
    expect(xml.includes(Buffer.from('宁波市海曙区𠮷祥进出口有限公司', 'utf8'))).toBe(true);
    expect(xml.toString('utf8')).toContain('<MarksNumbers>吉祥 NINGBO\nC/NO. 1-320\n中国制造 MADE IN CHINA</MarksNumbers>');
    expect(xml.toString('utf8')).toContain('<Line>浙江省宁波市海曙区中山西路138号\n天一广场B座1206室</Line>');
    expect(validateAgainstXsd(xml)).toMatchObject({ valid: true, errors: [] });
    const back = readCustomsXml(xml, registry);
    expect(errorsOf(back.issues)).toEqual([]);
    const { origin, ...read } = back.documents[0].document;
    expect(origin).toMatchObject({ format: 'XML', messageType: 'MT1101' });
    expect(read).toEqual(doc);
  });

  it('the partner-level GB18030 option writes GB18030 bytes and declaration, and reads them back when the partner is set up for it', () => {
    const doc = manifest();
    const out = writeCustomsXml(doc, registry, { encoding: 'gb18030' });
    expect(out.issues).toEqual([]);
    const bytes = out.output!;
    expect(bytes.subarray(0, 40).toString('latin1')).toBe('<?xml version="1.0" encoding="GB18030"?>');
    expect(bytes.includes(Buffer.from('宁波', 'utf8'))).toBe(false);
    expect(bytes.includes(iconv.encode('宁波市海曙区𠮷祥进出口有限公司', 'gb18030'))).toBe(true);
    expect(validateAgainstXsd(bytes)).toMatchObject({ valid: true, errors: [] });

    const refused = readCustomsXml(bytes, registry);
    expect(refused.documents).toEqual([]);
    expect(refused.issues.map((i) => i.code)).toEqual(['GW_ERR_XML_ENCODING_UNSUPPORTED']);

    const back = readCustomsXml(bytes, registry, { allowGb18030: true });
    const { origin: _origin, ...read } = back.documents[0].document;
    expect(read).toEqual(doc);
  });

  it('through the convert path: JSON → MT1101 in GB18030 → JSON', () => {
    const json = Buffer.from(JSON.stringify(manifest()), 'utf8');
    const toXml = convert({ input: json, to: 'xml', message: 'MT1101', charset: 'GB18030' });
    expect(toXml.findings).toEqual([]);
    expect(toXml.code).toBe(0);
    const toJson = convert({ input: toXml.output!, to: 'json', charset: 'GB18030' });
    expect(toJson.code).toBe(0);
    const doc = JSON.parse(toJson.output!.toString('utf8')) as Record<string, unknown>;
    expect(doc.consignments).toEqual(manifest().consignments);
  });
});
