/**
 * XML → canonical → XML for every fixture and both corpus files: the documents are valid, each
 * written message validates against its XSD (xmllint), carries only values of the original, and
 * every value of the original is either written back or reported as not carried; reading the
 * written message gives the same document again.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateDocument } from '../../../src/catalogue/documents/index.js';
import { readCustomsXml, writeCustomsXml } from '../../../src/mapping/xml/index.js';
import { parseCustomsXml } from '../../../src/syntax/xml/index.js';
import { CORPUS_FILES, FIXTURE_FILES, MT5102_DAMAGED, corpusPath, errorsOf, fixturePath, leaves, mt5102WithDamage, readFixture, registry, reportedUncovered, validateAgainstXsd } from './helpers.js';

/**
 * Values read but not written back, each said so: a spec may cover a value on purpose without
 * carrying it ("ignore", with its reason).
 */
const NOT_WRITTEN_BACK: Readonly<Record<string, readonly string[]>> = {
  'mt9999-ningbo-receipt.xml': ['OriginalMessage/FunctionCode'],
};

/** A copy of a document without the fields at these JSON Pointers (what writing said it did not send). */
function without(doc: Record<string, unknown>, pointers: readonly string[]): Record<string, unknown> {
  const copy = structuredClone(doc);
  for (const ptr of [...pointers].sort().reverse()) {
    const steps = ptr.split('/').slice(1);
    const last = steps.pop()!;
    let cur: unknown = copy;
    for (const s of steps) cur = (cur as Record<string, unknown>)[s];
    if (Array.isArray(cur)) cur.splice(Number(last), 1);
    else Reflect.deleteProperty(cur as Record<string, unknown>, last);
  }
  return copy;
}

const FILES: readonly (readonly [string, () => Buffer])[] = [
  ...FIXTURE_FILES.map((f) => [f, () => readFileSync(fixturePath(f))] as const),
  [MT5102_DAMAGED, mt5102WithDamage],
  ...CORPUS_FILES.map((f) => [f, () => readFileSync(corpusPath(f))] as const),
];

describe('XML → canonical → XML', () => {
  it.each(FILES)('%s', (name, load) => {
    const input = load();
    const read = readCustomsXml(input, registry);
    const original = read.message!;
    expect(errorsOf(read.issues)).toEqual([]);
    expect(read.documents.length).toBeGreaterThan(0);
    const reported = reportedUncovered([...read.issues, ...read.documents.flatMap((d) => d.issues)], original);
    const before = leaves(original.declaration);
    const written = new Set<string>();

    for (const mapped of read.documents) {
      const doc = mapped.document;
      expect(validateDocument(doc).issues).toEqual([]);
      // Values not carried, and the size-type shorthand of the corpus file, are what the reading may say.
      expect(mapped.issues.filter((i) => i.code !== 'GW_ERR_MAPPING_UNMAPPED_ELEMENT' && i.code !== 'GW_ERR_MAPPING_XML_SIZE_TYPE_SHORTHAND')).toEqual([]);

      const out = writeCustomsXml(doc, registry, { message: original.type });
      expect(errorsOf(out.issues)).toEqual([]);
      const notSent = out.issues.filter((i) => i.code === 'GW_ERR_MAPPING_UNMAPPED_FIELD').map((i) => i.location?.path ?? '');
      const xsd = validateAgainstXsd(out.output!);
      expect({ xsd: xsd.xsd, valid: xsd.valid, errors: xsd.errors, other: xsd.other }).toEqual({ xsd: xsd.xsd, valid: true, errors: [], other: [] });

      const back = parseCustomsXml(out.output!).message!;
      expect(back.head).toEqual({ ...original.head });
      for (const [p, v] of leaves(back.declaration)) {
        expect({ path: p, value: before.get(p) }).toEqual({ path: p, value: v });
        written.add(p);
      }
      const again = readCustomsXml(out.output!, registry, { documentType: String(doc.documentType) });
      expect(again.documents.map((d) => d.document)).toEqual([without(doc, notSent)]);
    }

    // Nothing vanishes: a value is written back, or the reading said it is not carried.
    const lost = [...before.keys()].filter((p) => !written.has(p) && !reported.some((r) => p === r || p.startsWith(`${r}/`)));
    expect(lost).toEqual(NOT_WRITTEN_BACK[name] ?? []);
  });
});

/** The tally elements a TallyReport once could not carry, at their paths below Declaration. */
const TALLY_CASES: readonly (readonly [string, () => Buffer, string, Readonly<Record<string, string>>])[] = [
  ['MT5101', () => readFixture('mt5101-ningbo-tally.xml'), 'shortLanded', {
    'Consignment[1]/Damage[1]/TypeCode': 'CR',
    'Consignment[1]/Damage[1]/QuantityQuantity': '3',
    'Consignment[1]/Damage[1]/Description': '纸箱压损，内货外露',
    'Consignment[1]/TransportEquipment[1]/ConsignmentPackaging/QuantityQuantity': '600',
    'Consignment[1]/TransportEquipment[1]/ConsignmentPackaging/TypeCode': 'CT',
    'Consignment[1]/TransportEquipment[2]/ConsignmentPackaging/QuantityQuantity': '598',
    'Consignment[1]/TransportEquipment[2]/ConsignmentPackaging/TypeCode': 'CT',
    'Consignment[1]/TransportEquipment[2]/Damage[1]/TypeCode': 'CR',
    'Consignment[1]/TransportEquipment[2]/Damage[1]/QuantityQuantity': '3',
  }],
  ['MT5102', mt5102WithDamage, 'overShipped', {
    'Consignment[1]/Damage[1]/TypeCode': 'WT',
    'Consignment[1]/Damage[1]/QuantityQuantity': '4',
    'Consignment[1]/Damage[1]/Description': '纸箱水湿 4 cartons wet',
    'Consignment[1]/TransportEquipment[1]/ConsignmentPackaging/QuantityQuantity': '860',
    'Consignment[1]/TransportEquipment[1]/ConsignmentPackaging/TypeCode': 'CT',
    'Consignment[1]/TransportEquipment[1]/Damage[1]/TypeCode': 'WT',
    'Consignment[1]/TransportEquipment[1]/Damage[1]/QuantityQuantity': '4',
  }],
];

describe('the tally reports carry damage types, damaged packages and packages per container', () => {
  it.each(TALLY_CASES)('%s → TallyReport → the same message keeps them', (message, load, overShort, expected) => {
    const read = readCustomsXml(load(), registry);
    const original = read.message!;
    // The input has every value under test, so the comparison below cannot pass on absent values.
    const before = leaves(original.declaration);
    for (const [p, v] of Object.entries(expected)) expect({ path: p, value: before.get(p) }).toEqual({ path: p, value: v });
    expect(reportedUncovered(read.documents[0].issues, original)).toEqual([]);

    const doc = read.documents[0].document as { consignments: { discrepancies?: unknown[]; equipment: { talliedPackages?: unknown; damages?: unknown[] }[] }[] };
    expect(validateDocument(doc).issues).toEqual([]);
    const bill = doc.consignments[0];
    const damagedPackages = Number(expected['Consignment[1]/Damage[1]/QuantityQuantity']);
    expect(bill.discrepancies).toEqual([
      { type: overShort },
      { type: 'damaged', damageTypeCode: expected['Consignment[1]/Damage[1]/TypeCode'], packages: damagedPackages, description: expected['Consignment[1]/Damage[1]/Description'] },
    ]);
    const damagedBox = bill.equipment.find((e) => e.damages !== undefined)!;
    expect(damagedBox.damages).toEqual([{ typeCode: expected['Consignment[1]/Damage[1]/TypeCode'], packages: damagedPackages }]);
    expect(bill.equipment.every((e) => e.talliedPackages !== undefined)).toBe(true);

    const out = writeCustomsXml(doc, registry, { message });
    expect(out.issues).toEqual([]);
    expect(validateAgainstXsd(out.output!)).toMatchObject({ valid: true, errors: [] });
    const after = leaves(parseCustomsXml(out.output!).message!.declaration);
    for (const p of Object.keys(expected)) expect({ path: p, value: after.get(p) }).toEqual({ path: p, value: expected[p] });
    expect(readCustomsXml(out.output!, registry).documents[0].document).toEqual(doc);
  });

  it('a damage type belongs to a damaged discrepancy only', () => {
    const doc = structuredClone(readCustomsXml(readFixture('mt5101-ningbo-tally.xml'), registry).documents[0].document) as { consignments: { discrepancies: Record<string, unknown>[] }[] };
    doc.consignments[0].discrepancies[0].damageTypeCode = 'CR';
    expect(validateDocument(doc).issues.map((i) => i.location?.path)).toContain('/consignments/0/discrepancies/0');
  });

  it('the containers of a bill are tallied containers in a TallyReport only, and stay closed', () => {
    const tally = structuredClone(readCustomsXml(readFixture('mt5101-ningbo-tally.xml'), registry).documents[0].document) as { consignments: { equipment: Record<string, unknown>[] }[] };
    tally.consignments[0].equipment[0].bogus = 1;
    expect(validateDocument(tally).issues.map((i) => [i.code, i.location?.path])).toEqual([['GW_ERR_DOCUMENT_FIELD_UNKNOWN', '/consignments/0/equipment/0/bogus']]);
    const manifest = structuredClone(readCustomsXml(readFixture('mt1101-ningbo-first.xml'), registry).documents[0].document) as { consignments: { equipment: Record<string, unknown>[] }[] };
    expect(validateDocument(manifest).issues).toEqual([]);
    manifest.consignments[0].equipment[0].talliedPackages = { count: 1 };
    expect(validateDocument(manifest).issues.map((i) => [i.code, i.location?.path])).toEqual([['GW_ERR_DOCUMENT_FIELD_UNKNOWN', '/consignments/0/equipment/0/talliedPackages']]);
  });

  it('a damaged discrepancy of a bill without its damage type stops the message, naming damageTypeCode', () => {
    const doc = structuredClone(readCustomsXml(readFixture('mt5101-ningbo-tally.xml'), registry).documents[0].document) as { consignments: { discrepancies: Record<string, unknown>[] }[] };
    Reflect.deleteProperty(doc.consignments[0].discrepancies[1], 'damageTypeCode');
    const out = writeCustomsXml(doc, registry);
    expect(out.output).toBeUndefined();
    expect(errorsOf(out.issues).map((i) => [i.code, i.location?.path])).toEqual([
      ['GW_ERR_MAPPING_XML_REQUIRED_MISSING', '/Manifest/Declaration/Consignment[1]/Damage[1]/TypeCode'],
    ]);
    expect(out.issues[0].text).toContain('damageTypeCode');
  });
});
