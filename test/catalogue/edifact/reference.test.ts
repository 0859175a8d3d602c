/**
 * Spot checks of the generated catalogue against the official texts, and the text/XML cross-check
 * of the releases that exist in both forms. Needs ../shared/reference.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../scripts/catalogue/generate.js';
import { crossCheck } from '../../../scripts/catalogue/crosscheck.js';
import { KNOWN_DIFFERENCES } from '../../../scripts/catalogue/known-differences.js';
import { OFFICIAL_DIRECTORIES, buildDirectory } from '../../../scripts/catalogue/directory.js';
import type { MessageFile } from '../../../scripts/catalogue/model.js';
import { parseEdcd, parseEded, parseEdsd, type LineReprs } from '../../../scripts/catalogue/official-definitions.js';
import { officialCodeLists, officialMessageTypes, readOfficialDirectory } from '../../../scripts/catalogue/official-directory.js';
import { parseMessageText } from '../../../scripts/catalogue/official-message.js';
import { Reference, defaultReferenceRoot, referenceAvailable } from '../../../scripts/catalogue/sources.js';
import { readXmlDirectory, readXmlMessage, xmlMessageTypes } from '../../../scripts/catalogue/xml-directory.js';
import { loadEdifactCatalogue } from '../../../src/catalogue/edifact/index.js';
import type { StructureNode } from '../../../src/catalogue/edifact/index.js';

const referenceRoot = defaultReferenceRoot(REPO_ROOT);
const ref = new Reference(referenceRoot);
const catalogue = loadEdifactCatalogue();

/** Compact rendering of a table: "TAG M1" per segment, "SGn C9 [ ... ]" per group. */
function render(nodes: readonly StructureNode[]): string {
  return nodes
    .map((n) => (n.kind === 'segment' ? `${n.tag} ${n.mandatory ? 'M' : 'C'}${n.max}` : `${n.id} ${n.mandatory ? 'M' : 'C'}${n.max} [${render(n.children)}]`))
    .join(', ');
}

describe.skipIf(!referenceAvailable(referenceRoot))('catalogue against the official texts (skipped when ../shared/reference is absent)', () => {
  it('D95B COPRAR has the segment table of the UNTDID message text', () => {
    const copy = parseMessageText(ref.text('untdid-message-texts/untdid_d95b_coprar_message_description.txt'), 'COPRAR text');
    const coprar = catalogue.message('D95B', 'COPRAR')!;
    expect(coprar.structure).toEqual(copy.structure);
    // Read by hand from section 4.3.1 of the text, independent of the parser.
    expect(render(coprar.structure)).toBe(
      'UNH M1, BGM M1, FTX C9, RFF M9, SG1 M1 [TDT M1, RFF C9, LOC C9, DTM C9, FTX C9], SG2 M9 [NAD M1, CTA C9], ' +
        'SG3 M9999 [EQD M1, RFF C9, EQN C1, TMD C9, DTM C9, LOC C9, MEA C9, DIM C9, TMP C9, RNG C9, SEL C9, FTX C9, DGS C9, EQA C9, ' +
        'SG4 C1 [TDT M1, RFF C9, LOC C9, DTM C9], NAD C1], CNT M1, UNT M1',
    );
    expect(coprar.name).toBe('Container discharge/loading order message');
  });

  it('D95B list 1001 lacks the port codes 36, 43, 44, 46 and 129, and 34 means cargo status', () => {
    const list = catalogue.codes('D95B', '1001')!;
    for (const code of ['36', '43', '44', '46', '129']) expect(list.has(code), code).toBe(false);
    expect(list.get('34')).toBe('Cargo status');
    expect(list.get('85')).toBeDefined();
  });

  it('D95B element 1004 is an..35; UNB S004 0017 is n6 in syntax version 3 and n8 in version 4', () => {
    const bgm = catalogue.segment('D95B', 'BGM')!;
    expect(bgm.elements[1].element).toMatchObject({ id: '1004', repr: 'an..35', type: 'an', min: 1, max: 35 });
    const date = (v: 3 | 4): unknown => catalogue.service(v).segment('UNB')!.elements.find((e) => e.id === 'S004')!.components![0].element;
    expect(date(3)).toMatchObject({ id: '0017', repr: 'n6', type: 'n', min: 6, max: 6 });
    expect(date(4)).toMatchObject({ id: '0017', repr: 'n8' });
  });

  it('0083 has codes 1-8 in syntax versions 1-3 and only 4, 7 and 8 in version 4', () => {
    expect([...catalogue.service(4).codes('0083')!.keys()]).toEqual(['4', '7', '8']);
    expect([...catalogue.service(3).codes('0083')!.keys()]).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(catalogue.service(4).codes('0085')!.has('45')).toBe(true);
    expect(catalogue.service(3).codes('0085')!.has('45')).toBe(false);
  });

  it('D95B and D96A texts agree with their XML except for the known, explained differences', () => {
    for (const dir of ['D95B', 'D96A']) {
      const types = officialMessageTypes(ref, dir).filter((t) => xmlMessageTypes(ref, dir).includes(t));
      const result = crossCheck(readOfficialDirectory(ref, dir, types), readXmlDirectory(ref, dir, types));
      expect(result.unexplained, dir).toEqual([]);
      // Every listed difference is still observed, so the list cannot go stale.
      const expected = KNOWN_DIFFERENCES.filter((k) => k.directory === dir).map((k) => `${k.subject}: ${k.detail}`);
      expect(result.explained.map((d) => `${d.subject}: ${d.detail}`).sort(), dir).toEqual(expected.sort());
    }
  });

  it('D00B tables from the XML equal the UNTDID texts of COPARN, IFTMIN and IFTSTA', () => {
    for (const type of ['COPARN', 'IFTMIN', 'IFTSTA']) {
      const text = parseMessageText(ref.text(`untdid-message-texts/untdid_d00b_${type.toLowerCase()}_message_description.txt`), type);
      expect(readXmlMessage(ref, 'D00B', type).structure, type).toEqual(text.structure);
      expect(catalogue.message('D00B', type)!.structure, type).toEqual(text.structure);
    }
  });

  it('every official directory repeats the same components and representations in EDSD, EDCD and EDED', { timeout: 60_000 }, () => {
    for (const dir of OFFICIAL_DIRECTORIES) {
      const root = `untdid-official/${dir.toLowerCase()}`;
      const reprs: LineReprs = new Map();
      const inline = new Map<string, Set<string>>();
      parseEdsd(ref.officialText(`${root}/EDSD.${dir.slice(1)}`), reprs, inline);
      const composites = parseEdcd(ref.officialText(`${root}/EDCD.${dir.slice(1)}`), reprs);
      const eded = parseEded(ref.officialText(`${root}/EDED.${dir.slice(1)}`));
      const mismatches = [...reprs].filter(([id, set]) => set.size !== 1 || !set.has(eded.get(id)?.repr ?? '')).map(([id]) => id);
      expect(mismatches, dir).toEqual([]);
      // Segments print their composites' components again; they must match EDCD exactly.
      const edcd = (id: string): string => composites.get(id)?.components.map((c) => `${c.id} ${c.mandatory ? 'M' : 'C'}`).join(', ') ?? '?';
      const differing = [...inline].filter(([id, seen]) => seen.size !== 1 || !seen.has(edcd(id))).map(([id]) => id);
      expect(inline.size, dir).toBeGreaterThan(100);
      expect(differing, dir).toEqual([]);
    }
  });

  it('D93A has no container messages, and every other directory has all nineteen port messages', () => {
    expect(catalogue.directory('D93A')!.messages).toEqual(['BAPLIE', 'CUSCAR', 'CUSDEC', 'CUSRES', 'IFCSUM', 'IFTMBF', 'IFTMCS', 'IFTMIN', 'IFTSTA']);
    expect(catalogue.message('D93A', 'CODECO')).toBeUndefined();
    for (const dir of catalogue.directories().filter((d) => d !== 'D93A')) expect(catalogue.directory(dir)!.messages, dir).toHaveLength(19);
  });

  it('D96A code lists restore the X codes the XML lost (1153 XA, 3035 XX)', () => {
    expect(catalogue.codes('D96A', '1153')!.get('XA')).toBe('Company/place registration number');
    expect(catalogue.codes('D96A', '1153')!.has('A')).toBe(false);
    expect(catalogue.codes('D96A', '3035')!.has('XX')).toBe(true);
  });

  it('D00B knows the fixed length of the UNDG number and the repetitions of COM, from D00A and D01B', () => {
    expect(catalogue.segment('D00B', 'DGS')!.elements.find((e) => e.id === 'C234')!.components![0].element).toMatchObject({ id: '7124', repr: 'n4', min: 4, max: 4 });
    expect(catalogue.segment('D00B', 'COM')!.elements[0]).toMatchObject({ id: 'C076', repeat: 3 });
    expect(catalogue.segment('D03A', 'COM')!.elements[0]).toMatchObject({ id: 'C076', repeat: 3 });
  });

  it('adds a requested message from the XML, with the segments it needs, and refuses one the reference lacks', () => {
    const out = buildDirectory(ref, 'D96A', ['ORDERS']);
    expect(out.index.messages).toContain('ORDERS');
    const orders = out.files.get('ORDERS.json') as MessageFile;
    expect(orders).toMatchObject({ directory: 'D96A', type: 'ORDERS', name: 'Purchase order message' });
    expect(orders.sources[0]).toMatch(/^edifact-directories\/D96A\/messages\/orders\.xml /);
    const segments = (out.files.get('segments.json') as { segments: Record<string, unknown> }).segments;
    expect(Object.keys(segments)).toContain('LIN');
    expect(() => buildDirectory(ref, 'D93A', ['ORDERS'])).toThrow(/D93A has no message ORDERS/);
  });

  it('code lists taken from the XML (D96A, D00B) lie between the official lists of the releases around them', { timeout: 60_000 }, () => {
    for (const [dir, before, after] of [['D96A', 'D95B', 'D97A'], ['D00B', 'D00A', 'D02A']] as const) {
      const a = officialCodeLists(ref, before)!.lists;
      const b = officialCodeLists(ref, after)!.lists;
      const unknown: string[] = [];
      const lost: string[] = [];
      const lists = Object.keys((JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'edifact', dir, 'codes.json'), 'utf8')) as { codes: object }).codes);
      for (const id of lists) {
        const codes = catalogue.codes(dir, id)!;
        for (const code of codes.keys()) if (!a.get(id)?.codes.has(code) && !b.get(id)?.codes.has(code)) unknown.push(`${id} ${code}`);
        for (const code of a.get(id)?.codes.keys() ?? []) if (b.get(id)?.codes.has(code) && !codes.has(code)) lost.push(`${id} ${code}`);
      }
      expect(lists.length, dir).toBeGreaterThan(80);
      expect(unknown, `${dir}: codes in neither ${before} nor ${after}`).toEqual([]);
      expect(lost, `${dir}: codes in both ${before} and ${after} but not here`).toEqual([]);
    }
  });
});
