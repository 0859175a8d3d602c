import { describe, expect, it } from 'vitest';
import { readEdifact, writeEdifact } from '../../src/mapping/edifact/adapter.js';
import { codecoSpec, interchange, registryWith } from './helpers.js';

const BGM = { segment: 'BGM', fields: [
  { at: 'C002.1001', to: 'direction', table: 'gateDirection', raw: 'originalDocumentCode', keepRaw: 'always' },
  { at: '1004', to: 'documentId' },
  { at: '1225', to: 'function', table: 'documentFunction', default: 'original' },
] };
const TABLES = { tables: { gateDirection: { 34: 'gateIn', 36: 'gateOut' } } };
const EQD = { group: 'SG5', to: 'equipment[]', rules: [{ segment: 'EQD', fields: [{ use: 'equipment' }] }] };

function read(spec: Record<string, unknown>, body: string[]) {
  const reg = registryWith([spec]);
  const r = readEdifact(interchange(body), reg);
  expect(r.issues).toEqual([]);
  return { reg, doc: r.documents[0].document, issues: r.documents[0].issues };
}


describe('reading', () => {
  it('selects segments by qualifier, translates codes, keeps raw codes, and fills defaults from the envelope', () => {
    const { doc, issues } = read(codecoSpec([BGM, { use: 'references' }, EQD], TABLES), [
      'BGM+36+GO-1', 'RFF+BM:COSU1', 'RFF+XYZ:42', 'EQD+CN+CSNU8203745+45G1:102:5++3+5',
    ]);
    expect(issues).toEqual([]);
    expect(doc).toMatchObject({
      documentType: 'EquipmentInterchangeReceipt', documentId: 'GO-1', function: 'original', issuedAt: '2025-03-17T14:26:00+08:00',
      direction: 'gateOut', originalDocumentCode: '36',
      sender: { roles: ['messageSender'], identifiers: [{ id: 'NBCT', scheme: 'partner' }] },
      references: [{ type: 'billOfLading', value: 'COSU1' }, { type: 'other', qualifier: 'XYZ', value: '42' }],
      equipment: [{ containerNumber: 'CSNU8203745', sizeType: '45G1', equipmentStatus: 'import', fullEmpty: 'full' }],
      origin: { format: 'EDIFACT', messageType: 'CODECO', messageVersion: 'D95B', interchangeReference: '77', senderId: 'NBCT' },
    });
    // An exact code is not kept twice: the typed value says it.
    expect((doc.references as object[])[0]).not.toHaveProperty('qualifier');
  });

  it('reports segments and values the mapping does not cover, with their positions', () => {
    const { doc, issues } = read(codecoSpec([BGM, EQD], TABLES), [
      'BGM+34+GI-1+9+AB', 'FTX+AAI+++NOT MAPPED', 'EQD+CN+CSNU8203745+45G1:102:5++2+5',
    ]);
    expect(doc.direction).toBe('gateIn');
    expect(issues).toEqual([
      expect.objectContaining({ code: 'GW_ERR_MAPPING_UNMAPPED_ELEMENT', severity: 'warning', text: expect.stringContaining('BGM+34+GI-1 4343: "AB" is not covered'), location: expect.objectContaining({ segment: 3, segmentInMessage: 2, tag: 'BGM', element: 4, component: 1, messageRef: '1' }) }),
      expect.objectContaining({ code: 'GW_ERR_MAPPING_UNMAPPED_SEGMENT', text: expect.stringContaining('FTX+AAI is not covered by the mapping'), location: expect.objectContaining({ segment: 4, tag: 'FTX' }) }),
    ]);
  });

  it('reports an unknown qualifier, a repeated single value and a code outside the table', () => {
    const spec = codecoSpec([BGM, { group: 'SG1', to: 'vesselCall', rules: [{ segment: 'TDT', fields: [{ use: 'vesselTdt' }] }, { use: 'vesselCallDates' }] }, EQD], TABLES);
    const { doc, issues } = read(spec, [
      'BGM+99+GI-1+9', 'TDT+20+042W+1+13', 'DTM+132:202503181200:203', 'DTM+132:202503181300:203', 'DTM+999:20250318:102', 'EQD+CN+CSNU8203745',
    ]);
    expect(doc.vesselCall).toEqual({ voyageNumber: '042W', eta: '2025-03-18T12:00:00+08:00' });
    expect(doc).not.toHaveProperty('direction');
    expect(doc.originalDocumentCode).toBe('99');
    expect(issues.map((i) => [i.code, i.location?.segment])).toEqual([
      ['GW_ERR_MAPPING_UNMAPPED_SEGMENT', 6],
      ['GW_ERR_MAPPING_UNMAPPED_SEGMENT', 7],
    ]);
    expect(issues[0].text).toContain('repeats a value the mapping already took');
    expect(issues[1].text).toContain('has a qualifier the mapping does not cover');
  });

  it('refuses function codes that are not document functions instead of guessing', () => {
    const { doc, issues } = read(codecoSpec([BGM, EQD], TABLES), ['BGM+34+GI-1+31', 'EQD+CN+CSNU8203745']);
    expect(doc).not.toHaveProperty('function');
    expect(issues).toEqual([expect.objectContaining({ code: 'GW_ERR_MAPPING_CODE_UNKNOWN', severity: 'error', text: expect.stringContaining('code "31" is not in table documentFunction') })]);
  });

  it('keeps a bad date out with an error, reads a date written in the wrong format with a warning, and refuses non-numbers', () => {
    const spec = codecoSpec([BGM, { group: 'SG5', to: 'equipment[]', rules: [
      { segment: 'EQD', fields: [{ use: 'equipment' }] },
      { segment: 'DTM', where: { 'C507.2005': '7' }, fields: [{ at: 'C507.2380', to: 'gateAt', date: { format: 'C507.2379' } }] },
      { use: 'otherDates' },
      { use: 'equipmentMeasures' },
    ] }], TABLES);
    const { doc, issues } = read(spec, ['BGM+34+GI-1+9', 'EQD+CN+CSNU8203745', 'DTM+7:20250230:102', 'DTM+201:20250318:203', 'MEA+AAE+G+KGM:25,5', 'EQD+CN+CBHU7338162', 'MEA+AAE+G+KGM:HEAVY']);
    const eq = doc.equipment as Record<string, unknown>[];
    expect(eq[0]).toEqual({ containerNumber: 'CSNU8203745', otherDates: [{ typeCode: '201', at: '2025-03-18' }], grossWeight: { value: 25.5, unit: 'KGM' } });
    expect(eq[1]).toEqual({ containerNumber: 'CBHU7338162' });
    expect(issues.map((i) => [i.code, i.severity, i.location?.element, i.location?.component])).toEqual([
      ['GW_ERR_MAPPING_DATE_INVALID', 'error', 1, 2],
      ['GW_ERR_MAPPING_DATE_FORMAT', 'warning', 1, 2],
      ['GW_ERR_MAPPING_NUMBER_INVALID', 'error', 3, 2],
    ]);
  });

  it('folds a value every container repeats into one document field, and keeps a different one with its container', () => {
    const spec = codecoSpec([BGM, { group: 'SG5', to: 'equipment[]', rules: [
      { segment: 'EQD', fields: [{ use: 'equipment' }] },
      { segment: 'LOC', where: { 3227: '165' }, to: '/gateLocation', fields: [{ use: 'location' }] },
      { use: 'otherLocations' },
    ] }], TABLES);
    const { doc, issues } = read(spec, ['BGM+34+GI-1+9', 'EQD+CN+CSNU8203745', 'LOC+165+CNNGB:139:6+NBCT:TER:ZZZ', 'EQD+CN+CBHU7338162', 'LOC+165+CNNGB:139:6+NBCT:TER:ZZZ', 'EQD+CN+TGHU9123451', 'LOC+165+CNNGB:139:6+NB2:TER:ZZZ']);
    expect(issues).toEqual([]);
    expect(doc.gateLocation).toEqual({ unLocode: 'CNNGB', terminal: { code: 'NBCT', codeList: 'TER', agency: 'ZZZ' } });
    expect(doc.equipment).toEqual([
      { containerNumber: 'CSNU8203745' }, { containerNumber: 'CBHU7338162' },
      { containerNumber: 'TGHU9123451', otherLocations: [{ typeCode: '165', location: { unLocode: 'CNNGB', terminal: { code: 'NB2', codeList: 'TER', agency: 'ZZZ' } } }] },
    ]);
  });

  it('converts units when the spec asks for one unit', () => {
    const spec = codecoSpec([BGM, { group: 'SG5', to: 'equipment[]', rules: [
      { segment: 'EQD', fields: [{ use: 'equipment' }] },
      { segment: 'MEA', where: { 6311: 'AAE', 'C502.6313': 'G' }, fields: [{ at: 'C174.6314', to: 'grossWeight', measure: { unit: 'C174.6411', convert: 'KGM' } }] },
    ] }], TABLES);
    const { reg, doc } = read(spec, ['BGM+34+GI-1+9', 'EQD+CN+CSNU8203745', 'MEA+AAE+G+TNE:25.74', 'EQD+CN+CBHU7338162', 'MEA+AAE+G+LBR:1000']);
    expect((doc.equipment as Record<string, unknown>[]).map((e) => e.grossWeight)).toEqual([{ value: 25740, unit: 'KGM' }, { value: 453.59237, unit: 'KGM' }]);
    const w = writeEdifact([{ ...doc, equipment: [{ containerNumber: 'CSNU8203745', grossWeight: { value: 25.74, unit: 'TNE' } }] }], reg, { syntaxId: 'UNOC', controlRef: '1' });
    expect(w.output?.toString('latin1')).toContain("MEA+AAE+G+KGM:25740'");
  });
});

describe('writing', () => {
  const full = codecoSpec([BGM, { use: 'references' }, EQD], TABLES);

  it('writes qualifiers and codes back, raw codes where the table cannot say them, and reports fields with no place', () => {
    const reg = registryWith([full]);
    const doc = {
      documentType: 'EquipmentInterchangeReceipt', documentId: 'GI-9', function: 'replace', issuedAt: '2025-03-17T06:26:00Z', direction: 'gateIn',
      sender: { roles: ['terminalOperator'], name: '宁波北仑国际集装箱码头有限公司', identifiers: [{ id: 'NBCT', scheme: 'partner' }] },
      recipients: [{ roles: ['carrier'], identifiers: [{ id: 'COS', scheme: 'SMDG' }, { id: 'COSCO', scheme: 'partner' }] }],
      references: [{ type: 'booking', value: 'B1' }, { type: 'other', qualifier: 'XYZ', value: '42' }, { type: 'manifestNumber', value: 'M7' }],
      equipment: [{ containerNumber: 'CSNU8203745', fullEmpty: 'full', condition: 'sound', driver: { name: '李建国' } }],
      gateAt: '2025-03-17T14:05:00+08:00',
    };
    const w = writeEdifact([doc], reg, { controlRef: '5' });
    expect(w.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const text = w.output!.toString('utf8');
    expect(text).toContain("UNB+UNOW:4+NBCT+COSCO+20250317:1426+5'");
    expect(text).toContain("BGM+34+GI-9+5'\nRFF+BN:B1'\nRFF+XYZ:42'\nRFF+AFB:M7'\nEQD+CN+CSNU8203745++++5'");
    expect(w.issues.filter((i) => i.code === 'GW_ERR_MAPPING_UNMAPPED_FIELD').map((i) => i.location?.path)).toEqual([
      '/sender', '/recipients', '/equipment/0/condition', '/equipment/0/driver', '/gateAt',
    ]);
  });

  it('writes array items in their order even when several rules share the array', () => {
    const spec = codecoSpec([BGM, { segment: 'RFF', where: { 'C506.1153': 'BM' }, to: 'references[type=billOfLading]', fields: [{ at: 'C506.1154', to: 'value' }] }, { use: 'references' }, EQD], TABLES);
    const { reg, doc } = read(spec, ['BGM+34+GI-1+9', 'RFF+BN:B1', 'RFF+BM:COSU1', 'RFF+AFB:M7', 'EQD+CN+CSNU8203745']);
    expect(doc.references).toEqual([{ type: 'booking', value: 'B1' }, { type: 'billOfLading', value: 'COSU1' }, { type: 'manifestNumber', value: 'M7' }]);
    const text = writeEdifact([doc], reg, { controlRef: '5' }).output!.toString('utf8');
    expect(text).toContain("RFF+BN:B1'\nRFF+BM:COSU1'\nRFF+AFB:M7'");
  });

  it('says when a value has no code, and leaves out a group whose first segment has nothing to say', () => {
    const reg = registryWith([codecoSpec([BGM, EQD], TABLES)]);
    const w = writeEdifact([{ documentType: 'EquipmentInterchangeReceipt', documentId: 'X', function: 'original', issuedAt: '2025-03-17', direction: 'sideways', equipment: [{ containerNumber: 'CSNU8203745', equipmentKind: 'other' }] }], reg, { controlRef: '5', sender: { id: 'A' }, recipient: { id: 'B' } });
    expect(w.issues.map((i) => [i.code, i.location?.path])).toEqual([
      ['GW_ERR_MAPPING_VALUE_NO_CODE', '/direction'],
      ['GW_ERR_MAPPING_VALUE_NO_CODE', '/equipment/0/equipmentKind'],
      // a date without time cannot be the interchange's preparation time, and CODECO D.95B has no DTM+137
      ['GW_ERR_MAPPING_UNMAPPED_FIELD', '/issuedAt'],
    ]);
    expect(w.output!.toString('utf8')).toContain("BGM++X+9'\nEQD++CSNU8203745'");
  });

  it('refuses to write without envelope parties', () => {
    const reg = registryWith([full]);
    const w = writeEdifact([{ documentType: 'EquipmentInterchangeReceipt', documentId: 'X', equipment: [] }], reg, {});
    expect(w.output).toBeUndefined();
    expect(w.issues).toEqual([expect.objectContaining({ code: 'GW_ERR_MAPPING_UNMAPPED_FIELD', severity: 'error', location: { path: '/sender' } })]);
  });
});

describe('spec checks', () => {
  const broken: [string, Record<string, unknown>, RegExp][] = [
    ['a segment not at that level', codecoSpec([{ segment: 'DTM', fields: [] }]), /segment DTM is not at the message level of CODECO D95B \(there: BGM, FTX, RFF, SG1 \(TDT\)/],
    ['rules out of message order', codecoSpec([EQD, BGM], TABLES), /segment BGM comes before an earlier rule's segment/],
    ['an element the segment lacks', codecoSpec([{ segment: 'BGM', fields: [{ at: 'C002.9999', to: 'documentId' }] }]), /C002 has no component 9999/],
    ['an ambiguous element id', codecoSpec([{ group: 'SG2', to: 'parties[]', rules: [{ segment: 'NAD', fields: [{ at: '3036', to: 'name' }] }] }]), /NAD has 5 elements 3036: name the composite \(for example C080.3036\)/],
    ['an ambiguous component', codecoSpec([{ group: 'SG2', to: 'parties[]', rules: [{ segment: 'NAD', fields: [{ at: 'C080.3036', to: 'name' }] }] }]), /C080 has 5 components 3036: write C080.3036#N or C080.3036\*/],
    ['a table that does not exist', codecoSpec([{ segment: 'BGM', fields: [{ at: '1225', to: 'function', table: 'nope' }] }]), /no table "nope"/],
    ['a group qualifier on another segment', codecoSpec([{ group: 'SG2', where: { 'CTA.3139': 'IC' }, to: 'parties[]', rules: [] }]), /group qualifiers address the group's first segment: NAD/],
    ['a list field on an object target', codecoSpec([{ segment: 'FTX', to: 'remarks', fields: [{ at: 'C108.4440*', to: '.' }] }]), /a "\." field needs a list target/],
  ];
  it.each(broken)('refuses %s, naming the rule', (_name, spec, message) => {
    const reg = registryWith([spec]);
    expect(() => { reg.compileAll(); }).toThrow(message);
  });

  it('refuses a file that breaks the schema, with the pointer of the mistake', () => {
    expect(() => registryWith([codecoSpec([{ segment: 'BGM', fields: [{ at: '1004', to: 'documentId', colour: 'red' }] }])])).toThrow(/CODECO-D95B.EquipmentInterchangeReceipt.json \/rules\/0\/fields\/0: unknown key "colour"/);
    expect(() => registryWith([{ ...codecoSpec([]), id: 'CODECO-D95B.Manifest' }])).toThrow(/id must be CODECO-<directory>.EquipmentInterchangeReceipt/);
    expect(() => registryWith([codecoSpec([], { include: ['nothing-here'] })])).toThrow(/includes "nothing-here"/);
  });
});
