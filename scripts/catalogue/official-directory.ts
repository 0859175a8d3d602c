/**
 * Reads one official UN directory (untdid-official/<dir>/): EDSD, EDCD, EDED, the UNCL code lists
 * where the directory has them, and the segment tables of the message texts in messages/.
 */
import { readdirSync } from 'node:fs';
import type { CodeList } from './official-codes.js';
import { parseCodeLists } from './official-codes.js';
import { parseEdcd, parseEded, parseEdsd } from './official-definitions.js';
import { parseMessageText } from './official-message.js';
import type { MessageSpec, ParsedDirectory } from './model.js';
import type { Reference } from './sources.js';

export interface OfficialDirectory extends ParsedDirectory {
  /** Segment names as the message tables print them ("Beginning of message"), by tag. */
  segmentNames: Map<string, string>;
  /** Message types whose text this directory holds. */
  available: string[];
}

/** 'D95B' -> 'untdid-official/d95b'. */
export function officialRoot(dir: string): string {
  return `untdid-official/${dir.toLowerCase()}`;
}

export function officialMessageRel(dir: string, type: string): string {
  return `${officialRoot(dir)}/messages/${type}_D.${dir.slice(1)}`;
}

export function officialMessageTypes(ref: Reference, dir: string): string[] {
  const folder = `${officialRoot(dir)}/messages`;
  if (!ref.exists(folder)) return [];
  return readdirSync(ref.path(folder))
    .map((f) => /^([A-Z]{6})_D\.\w{3}$/.exec(f)?.[1])
    .filter((t): t is string => t !== undefined)
    .sort();
}

function filesOf(ref: Reference, dir: string, pattern: RegExp): string[] {
  const root = officialRoot(dir);
  return readdirSync(ref.path(root))
    .filter((f) => pattern.test(f))
    .sort()
    .map((f) => `${root}/${f}`);
}

export function officialCodeListFiles(ref: Reference, dir: string): string[] {
  return filesOf(ref, dir, new RegExp(`^UNCL(-\\d)?\\.${dir.slice(1)}$`));
}

/** The UNCL code lists of an official directory, or undefined when it publishes none. */
export function officialCodeLists(ref: Reference, dir: string): { lists: Map<string, CodeList>; files: string[] } | undefined {
  const files = officialCodeListFiles(ref, dir);
  if (files.length === 0) return undefined;
  return { lists: parseCodeLists(files.flatMap((f) => ref.officialText(f))), files };
}

/** Reads the directory and the message texts of `types` (each must exist in messages/). */
export function readOfficialDirectory(ref: Reference, dir: string, types: readonly string[]): OfficialDirectory {
  const suffix = dir.slice(1);
  // EDSDI1/EDSDI2 and friends are the interactive (syntax 4 part 3) definitions: not ours.
  const edsd = filesOf(ref, dir, new RegExp(`^EDSD\\.${suffix}$`));
  const edcd = filesOf(ref, dir, new RegExp(`^EDCD\\.${suffix}$`));
  const eded = filesOf(ref, dir, new RegExp(`^EDED\\.${suffix}$`));
  if (edsd.length === 0 || edcd.length === 0 || eded.length === 0) throw new Error(`${dir}: EDSD, EDCD or EDED missing`);

  const read = (files: string[]): string[] => files.flatMap((f) => ref.officialText(f));
  const codes = officialCodeLists(ref, dir);

  const messages = new Map<string, MessageSpec>();
  const segmentNames = new Map<string, string>();
  for (const type of types) {
    const rel = officialMessageRel(dir, type);
    const parsed = parseMessageText(ref.officialText(rel), rel);
    messages.set(type, { name: parsed.name, structure: parsed.structure, source: rel });
    for (const [tag, name] of parsed.segmentNames) if (!segmentNames.has(tag)) segmentNames.set(tag, name);
  }

  return {
    id: dir,
    segments: parseEdsd(read(edsd)),
    composites: parseEdcd(read(edcd)),
    elements: parseEded(read(eded)),
    codeLists: codes?.lists,
    messages,
    segmentNames,
    available: officialMessageTypes(ref, dir),
    sources: { segments: edsd, composites: edcd, elements: eded, codes: codes?.files ?? [] },
  };
}
