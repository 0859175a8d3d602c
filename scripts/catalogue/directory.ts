/**
 * Builds schemas/edifact/<DIR>/ for every directory of the reference:
 *
 *   <TYPE>.json     the message's segment table (groups nested, status, max repeats, in order)
 *   segments.json   the segments, composites and data elements those messages use, with repr
 *   codes.json      the code lists of the coded elements they use, where the directory has lists
 *
 * and schemas/edifact/index.json (directory -> messages, code lists yes/no). The official text
 * files are the primary source; the machine-readable XML is used where no official text exists
 * (all of D.00B, and messages the official copy lacks) and is cross-checked against the text.
 */
import { crossCheck } from './crosscheck.js';
import { GENERATED_BY, provenance, type Reference } from './sources.js';
import { sortedRecord } from './json.js';
import { structureTags, type MessageFile, type ParsedDirectory, type Requests } from './model.js';
import { parseCodeLists, type CodeList } from './official-codes.js';
import { officialCodeListFiles, officialCodeLists, officialMessageTypes, readOfficialDirectory } from './official-directory.js';
import { readXmlDirectory, xmlMessageTypes } from './xml-directory.js';
import { codeListsFromXml } from './xml-read.js';
import { fillFromNeighbours, restoreDroppedX } from './xml-repair.js';

/** Directories of untdid-official, oldest first. */
export const OFFICIAL_DIRECTORIES = ['D93A', 'D95B', 'D96A', 'D97A', 'D98B', 'D99A', 'D99B', 'D00A', 'D01B', 'D02A', 'D03A'] as const;
/** Directories of edifact-directories (machine-readable); D00B exists only there. */
export const XML_DIRECTORIES = ['D95B', 'D96A', 'D00B'] as const;

export const PORT_MESSAGES = [
  'APERAK', 'BAPLIE', 'COARRI', 'CODECO', 'COHAOR', 'COPARN', 'COPRAR', 'COREOR', 'COSTCO', 'CUSCAR',
  'CUSDEC', 'CUSRES', 'IFCSUM', 'IFTMBF', 'IFTMCS', 'IFTMIN', 'IFTSTA', 'MOVINS', 'VESDEP',
] as const;

export interface IndexEntry {
  messages: string[];
  codeLists: boolean;
  note?: string;
}

/** Everything one directory contributes, before it is written. */
export interface DirectoryOutput {
  id: string;
  files: Map<string, unknown>;
  index: IndexEntry;
}

export function buildDirectoryFiles(ref: Reference, requests: Requests, log?: (line: string) => void): Map<string, unknown> {
  const files = new Map<string, unknown>();
  const index: Record<string, IndexEntry> = {};
  const ids = [...new Set<string>([...OFFICIAL_DIRECTORIES, ...XML_DIRECTORIES])].sort(byRelease);
  const unknown = Object.keys(requests).filter((d) => !ids.includes(d));
  if (unknown.length > 0) throw new Error(`no such directory in the reference: ${unknown.join(', ')}`);
  for (const id of ids) {
    const out = buildDirectory(ref, id, requests[id] ?? [], log);
    for (const [path, content] of out.files) files.set(`${id}/${path}`, content);
    index[id] = out.index;
  }
  files.set('index.json', {
    generatedBy: GENERATED_BY,
    note: 'Directories and messages the catalogue holds. codeLists false: the directory publishes no UNCL, so code values are not checked.',
    service: { syntaxVersions: [1, 2, 3, 4], messages: { CONTRL: ['CONTRL-3.json', 'CONTRL-4.json'] } },
    directories: index,
  });
  return files;
}

/** 'D93A' < 'D99B' < 'D00A' < 'D03A': the two-digit year wraps at 2000. */
export function byRelease(a: string, b: string): number {
  const key = (d: string): string => `${Number(d.slice(1, 3)) >= 90 ? '19' : '20'}${d.slice(1)}`;
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

export function buildDirectory(ref: Reference, id: string, requested: readonly string[], log?: (line: string) => void): DirectoryOutput {
  const isOfficial = (OFFICIAL_DIRECTORIES as readonly string[]).includes(id);
  const hasXml = (XML_DIRECTORIES as readonly string[]).includes(id);
  const officialTypes = isOfficial ? officialMessageTypes(ref, id) : [];
  const xmlTypes = hasXml ? xmlMessageTypes(ref, id) : [];
  const wanted = [...new Set([...PORT_MESSAGES, ...requested.map((t) => t.toUpperCase())])].sort();
  for (const t of requested) {
    if (!officialTypes.includes(t) && !xmlTypes.includes(t)) throw new Error(`${id} has no message ${t} in the reference`);
  }
  const fromText = wanted.filter((t) => officialTypes.includes(t));
  const fromXml = wanted.filter((t) => !officialTypes.includes(t) && xmlTypes.includes(t));

  let dir: ParsedDirectory;
  let segmentNames = new Map<string, string>();
  const codeNotes: string[] = [];
  const definitionNotes: string[] = [];
  if (isOfficial) {
    const official = readOfficialDirectory(ref, id, fromText);
    segmentNames = official.segmentNames;
    dir = official;
    if (hasXml) {
      const xml = readXmlDirectory(ref, id, xmlTypes.filter((t) => wanted.includes(t)));
      for (const line of crossCheck(official, xml).unexplained) log?.(`cross-check ${id}: ${line}`);
      for (const t of fromXml) dir.messages.set(t, { ...xml.messages.get(t)!, name: messageName(ref, t) });
      if (dir.codeLists === undefined) {
        // D.96A: the official copy has no UNCL file; the machine-readable directory has the lists.
        dir.codeLists = repairedXmlCodes(ref, id, xml, codeNotes);
        dir.sources.codes = xml.sources.codes;
      }
    }
  } else {
    dir = readXmlDirectory(ref, id, fromXml);
    for (const t of fromXml) dir.messages.get(t)!.name = messageName(ref, t);
    const [before, after] = nearestOfficial(id, () => true);
    if (before && after) definitionNotes.push(...fillFromNeighbours(dir, readOfficialDirectory(ref, before, []), readOfficialDirectory(ref, after, [])));
    dir.codeLists = repairedXmlCodes(ref, id, dir, codeNotes);
    codeNotes.push(`The machine-readable ${id} gives each code its description, not its name; the description stands in for the name.`);
  }

  const files = new Map<string, unknown>();
  const types = [...dir.messages.keys()].sort();
  for (const type of types) {
    const m = dir.messages.get(type)!;
    const file: MessageFile = { generatedBy: GENERATED_BY, sources: [provenance(m.source)], directory: id, type, name: m.name, structure: m.structure };
    files.set(`${type}.json`, file);
  }
  const used = usedDefinitions(dir, types);
  const hasCodes = dir.codeLists !== undefined;
  const coded = new Set([...used.elements].filter((e) => (dir.codeLists?.get(e)?.codes.size ?? 0) > 0));
  const note = hasCodes ? undefined : `The ${id} directory in the reference publishes no code lists (UNCL): code values are not checked.`;
  files.set('segments.json', {
    generatedBy: GENERATED_BY,
    sources: [...dir.sources.segments, ...dir.sources.composites, ...dir.sources.elements].filter(unique).map(provenance),
    directory: id,
    codeLists: hasCodes,
    notes: [
      ...(note ? [note] : []),
      ...(isOfficial ? [] : ['Names are derived from the camelCase names of the machine-readable directory.']),
      ...definitionNotes,
      'Service segments (UNH, UNT, UNS) are defined per syntax version in ../service/syntax-v<n>.json.',
    ],
    segments: sortedRecord([...used.segments].map((tag) => {
      const s = dir.segments.get(tag)!;
      return [tag, { name: segmentNames.get(tag) ?? s.name, elements: s.elements }] as const;
    })),
    composites: sortedRecord([...used.composites].map((c) => [c, dir.composites.get(c)!] as const)),
    elements: sortedRecord([...used.elements].map((e) => [e, { ...dir.elements.get(e)!, ...(coded.has(e) ? { codes: true } : {}) }] as const)),
  });
  if (hasCodes) {
    files.set('codes.json', {
      generatedBy: GENERATED_BY,
      sources: dir.sources.codes.map(provenance),
      directory: id,
      notes: codeNotes,
      codes: sortedRecord([...coded].map((e) => [e, sortedRecord(dir.codeLists!.get(e)!.codes)] as const)),
    });
  }
  return { id, files, index: { messages: types, codeLists: hasCodes, ...(note ? { note } : {}) } };
}

/**
 * Code lists of a machine-readable directory, with codes that lost their leading X restored from
 * the official lists of the nearest releases before and after it.
 */
function repairedXmlCodes(ref: Reference, id: string, xml: ParsedDirectory, notes: string[]): Map<string, CodeList> {
  const lists = xml.codeLists!;
  const neighbours = nearestWithCodeLists(ref, id);
  const restored = restoreDroppedX(lists, neighbours.map((n) => n.lists));
  if (restored.length > 0) {
    notes.push(
      `Codes restored to their X form (the XML converter dropped a leading X), checked against ${neighbours.map((n) => n.id).join(' and ')}: ${restored.join('; ')}.`,
    );
  }
  return lists;
}

function nearestWithCodeLists(ref: Reference, id: string): Array<{ id: string; lists: Map<string, CodeList> }> {
  return nearestOfficial(id, (d) => officialCodeListFiles(ref, d).length > 0)
    .filter((d): d is string => d !== undefined)
    .map((d) => ({ id: d, lists: cachedCodeLists(ref, d) }));
}

/** The official directories just before and just after `id` that satisfy `accept`. */
function nearestOfficial(id: string, accept: (dir: string) => boolean): [string | undefined, string | undefined] {
  const candidates = OFFICIAL_DIRECTORIES.filter(accept);
  return [candidates.filter((d) => byRelease(d, id) < 0).at(-1), candidates.find((d) => byRelease(d, id) > 0)];
}

function cachedCodeLists(ref: Reference, dir: string): Map<string, CodeList> {
  return ref.cached(`uncl ${dir}`, () => officialCodeLists(ref, dir)!.lists);
}

/** Message names for tables taken from XML, which has none: the UN message type list (0065). */
function messageName(ref: Reference, type: string): string {
  const names = ref.cached('message names', () => {
    const v4 = codeListsFromXml(ref.xml('edifact-directories/D00B/service_codes_v4.xml')).get('0065')?.codes ?? new Map<string, string>();
    const v3 = parseCodeLists(ref.officialText('untdid-official/d95b/UNSL.95B')).get('0065')?.codes ?? new Map<string, string>();
    return new Map([...v4, ...v3]);
  });
  return names.get(type) ?? `${type} message`;
}

/** The segments, composites and elements the given messages reach; service segments excluded. */
function usedDefinitions(dir: ParsedDirectory, types: readonly string[]): { segments: Set<string>; composites: Set<string>; elements: Set<string> } {
  const segments = new Set<string>();
  for (const t of types) for (const tag of structureTags(dir.messages.get(t)!.structure)) if (!tag.startsWith('UN')) segments.add(tag);
  const composites = new Set<string>();
  const elements = new Set<string>();
  for (const tag of segments) {
    const seg = dir.segments.get(tag);
    if (!seg) throw new Error(`${dir.id}: segment ${tag} is used by a message but not defined`);
    for (const el of seg.elements) {
      if (/^[CS]/.test(el.id)) {
        const comp = dir.composites.get(el.id);
        if (!comp) throw new Error(`${dir.id}: composite ${el.id} (in ${tag}) is not defined`);
        composites.add(el.id);
        for (const c of comp.components) elements.add(c.id);
      } else {
        elements.add(el.id);
      }
    }
  }
  for (const e of elements) if (!dir.elements.has(e)) throw new Error(`${dir.id}: data element ${e} is not defined`);
  return { segments, composites, elements };
}

function unique<T>(value: T, i: number, all: readonly T[]): boolean {
  return all.indexOf(value) === i;
}
