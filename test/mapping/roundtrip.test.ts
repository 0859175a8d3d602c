/**
 * Point 5 of issue 4: for every mapping, EDIFACT → canonical → EDIFACT keeps every mapped value.
 * Each fixture is read, checked against its document schema, written back and read again; the
 * documents must be equal, the written interchange must parse without findings, and its segments
 * must be the input's (apart from the listed normalisations, values the mapping reads as implied).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateDocument } from '../../src/catalogue/documents/index.js';
import { readEdifact, writeEdifact } from '../../src/mapping/edifact/adapter.js';
import { MappingRegistry } from '../../src/mapping/registry.js';
import { formatSegment, parseInterchange, type Interchange } from '../../src/syntax/edifact/index.js';
import { validateInterchange } from '../../src/validation/index.js';
import { profileValidation } from '../../src/validation/profiles/index.js';
import { corpusFile, hasCorpus, repoRoot } from '../helpers/corpus.js';

const registry = new MappingRegistry();
const portProfiles = profileValidation({});

/** Errors of the full validation (syntax, structure, port profile, business rules), as `code@segment.element.component`. */
function validationErrors(ic: Interchange): string[] {
  const v = validateInterchange(ic, portProfiles);
  return [...v.envelope, ...v.messages.flatMap((m) => m.issues)]
    .filter((i) => i.severity === 'error')
    .map((i) => `${i.code}@${i.location?.segment ?? '?'}.${i.location?.element ?? ''}.${i.location?.component ?? ''}`);
}
const dir = join(repoRoot, 'fixtures', 'edifact');

interface Case {
  readonly file: string;
  readonly mapping: string;
  readonly charset?: 'GB18030';
  /** Input segment → what the writer gives back, where the mapping reads a value as implied. */
  readonly normalised?: Readonly<Record<string, string>>;
}

const CASES: readonly Case[] = [
  { file: 'codeco-d95b-ningbo-gate-in.edi', mapping: 'CODECO-D95B.EquipmentInterchangeReceipt' },
  { file: 'codeco-d00b-ningbo-gate-out-gb18030.edi', mapping: 'CODECO-D00B.EquipmentInterchangeReceipt', charset: 'GB18030' },
  { file: 'coarri-d95b-ningbo-discharge.edi', mapping: 'COARRI-D95B.TallyReport' },
  { file: 'coarri-d00b-ningbo-discharge.edi', mapping: 'COARRI-D00B.TallyReport' },
  { file: 'coprar-d00b-ningbo-loading.edi', mapping: 'COPRAR-D00B.ContainerList' },
  { file: 'coreor-d00b-ningbo-release.edi', mapping: 'COREOR-D00B.DeliveryOrder' },
  // ERP C701 1049 (message section) is covered as implied by the segment position beside it.
  { file: 'cusres-d00b-ningbo-inspection.edi', mapping: 'CUSRES-D00B.CustomsNotice', normalised: { 'ERP+1:37': 'ERP+:37' } },
  { file: 'cuscar-d00b-ningbo-import.edi', mapping: 'CUSCAR-D00B.Manifest' },
  { file: 'coprar-d95b-ningbo-loading.edi', mapping: 'COPRAR-D95B.ContainerList' },
  { file: 'coreor-d95b-ningbo-release.edi', mapping: 'COREOR-D95B.DeliveryOrder' },
  { file: 'cusres-d95b-ningbo-inspection.edi', mapping: 'CUSRES-D95B.CustomsNotice' },
  { file: 'cuscar-d95b-ningbo-import.edi', mapping: 'CUSCAR-D95B.Manifest' },
  // TOD 4055 (terms of delivery function) is covered as implied by the Incoterms code.
  { file: 'iftmcs-d95b-ningbo-bill.edi', mapping: 'IFTMCS-D95B.BillOfLading', normalised: { 'TOD+6++FOB::4': 'TOD+++FOB::4' } },
  { file: 'iftmin-d00b-ningbo-instruction.edi', mapping: 'IFTMIN-D95B.BillOfLading', normalised: { 'TOD+6++FOB::4': 'TOD+++FOB::4' } },
];

function bodySegments(ic: Interchange): string[] {
  return ic.messages.flatMap((m) => [...m.body()].map((s) => formatSegment(s, ic.context)));
}

function roundTrip(input: Buffer, charset?: 'GB18030') {
  const first = readEdifact(input, registry, charset ? { charset } : {});
  const h = first.header!;
  const origin = first.documents[0].document.origin as { sentAt: string };
  const written = writeEdifact(first.documents.map((d) => d.document), registry, {
    syntaxId: first.syntax.id, syntaxVersion: first.syntax.version, ...(charset ? { charset } : {}),
    sender: h.sender, recipient: h.recipient, controlRef: h.controlRef, preparedAt: origin.sentAt,
  });
  return { first, written };
}

describe('every fixture is covered by a mapping and round-trips', () => {
  it('lists every fixture', () => {
    expect(readdirSync(dir).filter((f) => f.endsWith('.edi')).sort()).toEqual(CASES.map((c) => c.file).sort());
  });

  it.each(CASES)('$file ($mapping)', ({ file, mapping, charset, normalised = {} }) => {
    const input = readFileSync(join(dir, file));
    const original = parseInterchange(input, charset ? { charset } : {});
    expect(original.issues).toEqual([]);
    // The project's own samples are valid messages under the port's default profiles.
    expect(validationErrors(original)).toEqual([]);

    const { first, written } = roundTrip(input, charset);
    expect(first.issues).toEqual([]);
    expect(first.documents).toHaveLength(1);
    const [mapped] = first.documents;
    expect(mapped.source.mapping).toBe(mapping);
    // The fixtures use only what the mapping covers: no finding at all.
    expect(mapped.issues).toEqual([]);
    expect(validateDocument(mapped.document)).toEqual({ ok: true, issues: [] });

    expect(written.issues).toEqual([]);
    const output = written.output!;
    const reparsed = parseInterchange(output, charset ? { charset } : {});
    expect(reparsed.issues).toEqual([]);
    // What the gateway writes passes its own validation (fixed-length numbers padded: TMP -18 → -018 in D.95B).
    expect(validationErrors(reparsed)).toEqual([]);
    expect(reparsed.header).toMatchObject({ syntaxId: original.header!.syntaxId, sender: original.header!.sender, recipient: original.header!.recipient, controlRef: original.header!.controlRef });

    const again = readEdifact(output, registry, charset ? { charset } : {});
    expect(again.documents.map((d) => d.issues)).toEqual([[]]);
    expect(again.documents[0].document).toEqual(mapped.document);

    const expected = bodySegments(original).map((s) => normalised[s] ?? s).sort();
    expect(bodySegments(reparsed).sort()).toEqual(expected);
  });
});

describe('real messages from the shared corpus', () => {
  it.skipIf(!hasCorpus)('COARRI D95B (ITG13, Genoa): both messages map, what the mapping lacks is reported, the mapped values round-trip', () => {
    const input = corpusFile('edifact/coarri_d95b_itg13_genoa_phpedifact.edi');
    const { first, written } = roundTrip(input);
    expect(first.issues).toEqual([]);
    expect(first.documents.map((d) => [d.document.operation, d.document.originalDocumentCode, (d.document.equipment as unknown[]).length])).toEqual([['discharge', '44', 2], ['loading', '46', 19]]);
    for (const d of first.documents) expect(validateDocument(d.document).issues).toEqual([]);
    // ITG13 carries goods text per container (FTX+AAA), coded damage remarks (FTX+DAR), an
    // "EGW" weight and mode 9 for the onward truck: none has a canonical field, each is reported.
    const kinds = new Set(first.documents.flatMap((d) => d.issues.map((i) => `${i.code} ${i.text.split(' ')[0]}`)));
    expect([...kinds].sort()).toEqual([
      'GW_ERR_MAPPING_CODE_UNKNOWN DGS+IMD+8',
      'GW_ERR_MAPPING_CODE_UNKNOWN TDT+30',
      'GW_ERR_MAPPING_UNMAPPED_SEGMENT FTX+AAA',
      'GW_ERR_MAPPING_UNMAPPED_SEGMENT FTX+DAR',
      'GW_ERR_MAPPING_UNMAPPED_SEGMENT MEA+AAE+EGW',
    ]);
    expect(first.documents.every((d) => d.issues.every((i) => i.severity === 'warning' && i.location?.segment !== undefined))).toBe(true);
    expect(written.issues).toEqual([]);
    const again = readEdifact(written.output!, registry);
    expect(again.documents.map((d) => d.document)).toEqual(first.documents.map((d) => d.document));
  });

  it.skipIf(!hasCorpus)('COPRAR D95B without UNB and with a bad check digit: mapped, with the envelope and container findings', () => {
    const r = readEdifact(corpusFile('edifact-odd/coprar_d95b_no_unb_bad_unt_apimeister.edi'), registry);
    expect(r.issues.some((i) => i.severity === 'error')).toBe(true);
    const [doc] = r.documents;
    expect(doc.document).toMatchObject({ documentType: 'ContainerList', operation: 'loading', vesselCall: { voyageNumber: '123W', callSign: 'D5EP4', eta: '2012-11-24' } });
    expect(doc.issues.filter((i) => i.code === 'GW_ERR_MAPPING_DATE_FORMAT')).toHaveLength(2);
    const checked = validateDocument(doc.document);
    expect(checked.ok).toBe(false);
    expect(checked.issues.map((i) => [i.code, i.location?.path])).toEqual(expect.arrayContaining([
      ['GW_ERR_DOCUMENT_FIELD_MISSING', '/sender'],
      ['GW_ERR_DOCUMENT_CONTAINER_NUMBER', '/equipment/0/containerNumber'],
    ]));
  });
});
