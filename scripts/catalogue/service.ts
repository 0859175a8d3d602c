/**
 * Service segment definitions and service code lists per syntax version (ISO 9735), written to
 * schemas/edifact/service/syntax-v<n>.json, plus the CONTRL message table of syntax versions 3 and 4.
 *
 * Segments come from the machine-readable Service_V<n>/segments.xml. Codes for syntax versions 1-3
 * come from the official D.95B service code list (UNSL.95B), those of version 4 from the D.00B
 * version 4 service code list. The XML is checked against the official text where both say
 * something, and each correction is recorded in the file's `notes`.
 */
import { parseCodeLists, type CodeList } from './official-codes.js';
import { camelToWords } from './official-text.js';
import { sortedRecord } from './json.js';
import { GENERATED_BY, provenance, type Reference, type XmlNode } from './sources.js';
import type { MessageFile } from './model.js';
import { codeListsFromXml, reprFromXml, structureFromXml } from './xml-read.js';

export type SyntaxVersion = 1 | 2 | 3 | 4;

export interface ServiceComponent {
  id: string;
  name: string;
  mandatory: boolean;
  repr: string;
}

export interface ServiceElement {
  id: string;
  name: string;
  mandatory: boolean;
  repr?: string;
  repeat?: number;
  components?: ServiceComponent[];
}

export interface ServiceSegment {
  name: string;
  elements: ServiceElement[];
}

export interface ServiceFile {
  generatedBy: string;
  sources: string[];
  syntaxVersion: SyntaxVersion;
  notes: string[];
  segments: Record<string, ServiceSegment>;
  codes: Record<string, Record<string, string>>;
}

const UNSL = 'untdid-official/d95b/UNSL.95B';
const CODES_V4 = 'edifact-directories/D00B/service_codes_v4.xml';

/**
 * Syntax versions 1 and 2 of Service_V<n> give S009/S008 0052 and 0054 as n..3 and make 0054 (and
 * in S009 0051) conditional. ISO 9735 has 0052 an..3 M, 0054 an..3 M and 0051 an..2 M in every
 * version; real traffic under UNOA:2 carries "D:95B:UN", which n..3 would reject.
 */
const V12_MESSAGE_IDENTIFIER_FIX: Readonly<Record<string, { repr: string; mandatory: boolean }>> = {
  '0052': { repr: 'an..3', mandatory: true },
  '0054': { repr: 'an..3', mandatory: true },
  '0051': { repr: 'an..2', mandatory: true },
};

export function buildServiceFile(ref: Reference, version: SyntaxVersion): ServiceFile {
  const segmentsRel = `edifact-directories/Service_V${version}/segments.xml`;
  const notes: string[] = [];
  const segments = new Map<string, ServiceSegment>();
  for (const node of ref.xml(segmentsRel).children) {
    if (node.tag !== 'segment') continue;
    segments.set(node.attrs.id, { name: camelToWords(node.attrs.name), elements: node.children.map(elementFromXml) });
  }

  if (version <= 2) applyMessageIdentifierFix(segments, version, notes);

  let codes: Map<string, CodeList>;
  let codesRel: string;
  if (version <= 3) {
    codesRel = UNSL;
    codes = parseCodeLists(ref.officialText(UNSL));
    checkAgainstUnsl(segments, codes, notes);
  } else {
    codesRel = CODES_V4;
    codes = codeListsFromXml(ref.xml(CODES_V4));
    notes.push('Repetition counts are not part of the Service_V4 source, so no element carries "repeat"; ISO 9735-5 lets some security segment composites (USH, USA, USC, USR, USY) repeat.');
  }
  const snapshots = ['0051', '0052', '0054', '0065'].filter((id) => (codes.get(id)?.codes.size ?? 0) > 0);
  notes.push(
    `Lists ${snapshots.join(', ')} are snapshots of ${version <= 3 ? 'D.95B' : 'D.00B'}: agencies, releases and message types published later are missing from them, so a value outside them is not necessarily wrong.`,
  );
  const empty = [...codes.values()].filter((l) => l.codes.size === 0).map((l) => l.id);
  if (empty.length > 0) notes.push(`The source publishes no code values for ${empty.join(', ')}; those elements are not code-checked.`);
  notes.push('Segment and element names are derived from the camelCase names of the machine-readable source.');

  return {
    generatedBy: GENERATED_BY,
    sources: [provenance(segmentsRel), provenance(codesRel)],
    syntaxVersion: version,
    notes,
    segments: sortedRecord(segments),
    codes: sortedRecord(
      [...codes.values()].filter((l) => l.codes.size > 0).map((l) => [l.id, sortedRecord(l.codes)] as const),
    ),
  };
}

function elementFromXml(node: XmlNode): ServiceElement {
  const base = { id: node.attrs.id, name: camelToWords(node.attrs.name), mandatory: node.attrs.required === 'true' };
  if (node.tag === 'composite_data_element') {
    return { ...base, components: node.children.map((c) => ({ id: c.attrs.id, name: camelToWords(c.attrs.name), mandatory: c.attrs.required === 'true', repr: reprFromXml(c) })) };
  }
  return { ...base, repr: reprFromXml(node) };
}

function applyMessageIdentifierFix(segments: Map<string, ServiceSegment>, version: SyntaxVersion, notes: string[]): void {
  const changed: string[] = [];
  for (const [tag, segment] of segments) {
    for (const element of segment.elements) {
      if (element.id !== 'S009' && element.id !== 'S008') continue;
      for (const component of element.components ?? []) {
        const fix = V12_MESSAGE_IDENTIFIER_FIX[component.id];
        if (!fix || (component.repr === fix.repr && component.mandatory === fix.mandatory)) continue;
        changed.push(`${tag} ${element.id} ${component.id} ${component.repr} ${component.mandatory ? 'M' : 'C'} -> ${fix.repr} ${fix.mandatory ? 'M' : 'C'}`);
        component.repr = fix.repr;
        component.mandatory = fix.mandatory;
      }
    }
  }
  if (changed.length > 0) {
    notes.push(
      `Corrected from Service_V${version}: ${changed.join('; ')}. ISO 9735 defines 0052/0054 as an..3 and 0051 as an..2, all mandatory, as Service_V3 has them; directory releases such as "95B" are not numeric.`,
    );
  }
}

/** Every coded service element whose list the UNSL text publishes must have the UNSL representation. */
function checkAgainstUnsl(segments: Map<string, ServiceSegment>, lists: Map<string, CodeList>, notes: string[]): void {
  const changed: string[] = [];
  const visit = (tag: string, owner: string, el: { id: string; repr?: string }): void => {
    const official = lists.get(el.id)?.repr;
    if (official === undefined || el.repr === undefined || el.repr === official) return;
    changed.push(`${tag} ${owner}${el.id} ${el.repr} -> ${official}`);
    el.repr = official;
  };
  for (const [tag, segment] of segments) {
    for (const element of segment.elements) {
      visit(tag, '', element);
      for (const component of element.components ?? []) visit(tag, `${element.id} `, component);
    }
  }
  if (changed.length > 0) notes.push(`Representation corrected to the UNSL.95B text: ${changed.join('; ')}.`);
}

/** CONTRL as defined by the syntax version (Service_V3 for versions 1-3, Service_V4 for 4). */
export function buildContrlFile(ref: Reference, version: 3 | 4): MessageFile {
  const rel = `edifact-directories/Service_V${version}/messages/contrl.xml`;
  return {
    generatedBy: GENERATED_BY,
    sources: [provenance(rel)],
    directory: 'service',
    type: 'CONTRL',
    name: 'Syntax and service report message',
    version: version === 3 ? 'D:3' : '4:1',
    structure: structureFromXml(ref.xml(rel)),
  };
}
