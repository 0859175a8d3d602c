/**
 * Builds messages from the catalogue itself: every segment filled with values that satisfy its
 * definition (mandatory elements only, or every element), and the segment table walked either
 * minimally (mandatory segments and groups once) or fully (every segment and group, repeated up to
 * twice). A message so built must validate without findings; breaking it in one place must yield
 * exactly the finding for that place.
 */
import type { EdifactCatalogue, ElementDef, MessageDef, SegmentDef, StructureNode } from '../../../src/catalogue/edifact/index.js';
import { buildInterchange, serializeInterchange, type ElementInput, type SegmentInput } from '../../../src/syntax/edifact/index.js';

export type Mode = 'minimal' | 'full';

/** A value of the element's representation, a code from its list when it has one. */
function value(def: ElementDef, codes: ReadonlyMap<string, string> | undefined): string | undefined {
  if (codes !== undefined) {
    for (const code of codes.keys()) {
      if (code.length < def.min || code.length > def.max) continue;
      if (def.type === 'n' && !/^\d+$/.test(code)) continue;
      if (def.type === 'a' && /\d/.test(code)) continue;
      return code;
    }
    return undefined;
  }
  const length = Math.max(def.min, Math.min(def.max, 3));
  return def.type === 'n' ? '7'.repeat(length) : def.type === 'a' ? 'Q'.repeat(length) : 'Q7'.repeat(length).slice(0, length);
}

/** Fills a segment; `codes` looks a code list up (undefined where the directory has none). */
export function segmentValues(def: SegmentDef, mode: Mode, codes: (id: string) => ReadonlyMap<string, string> | undefined): SegmentInput {
  const elements: ElementInput[] = def.elements.map((e) => {
    if (!e.mandatory && mode === 'minimal') return undefined;
    if (e.element) return value(e.element, codes(e.element.id));
    const comps = e.components!.map((c) => {
      if (!c.mandatory && mode === 'minimal') return undefined;
      // Naming another agency than UN/ECE (6) would take the codes out of the UN lists.
      if (c.element.id === '3055') return codes('3055')?.has('6') ? '6' : undefined;
      return value(c.element, codes(c.element.id));
    });
    return comps.every((c) => c === undefined) && !e.mandatory ? undefined : comps;
  });
  return [def.tag, ...elements];
}

/** The body (between UNH and UNT) that walks the table. */
export function body(nodes: readonly StructureNode[], mode: Mode, segment: (tag: string) => SegmentInput): SegmentInput[] {
  const out: SegmentInput[] = [];
  for (const n of nodes) {
    if (n.kind === 'segment' && (n.tag === 'UNH' || n.tag === 'UNT')) continue;
    if (!n.mandatory && mode === 'minimal') continue;
    const times = mode === 'full' ? Math.min(n.max, 2) : 1;
    for (let i = 0; i < times; i++) {
      if (n.kind === 'segment') out.push(segment(n.tag));
      else out.push(...body(n.children, mode, segment));
    }
  }
  return out;
}

export function messageSegments(catalogue: EdifactCatalogue, def: MessageDef, mode: Mode): SegmentInput[] {
  const contrlVersion = def.type === 'CONTRL' ? (def.version === '4:1' ? 4 : 3) : undefined;
  const service = catalogue.service(contrlVersion ?? 3);
  return body(def.structure, mode, (tag) => {
    const seg = contrlVersion !== undefined || tag === 'UNS' ? service.segment(tag) : catalogue.segment(def.directory, tag);
    if (!seg) throw new Error(`${def.directory} ${def.type}: no definition of ${tag}`);
    const codes = contrlVersion !== undefined || tag === 'UNS' ? (id: string) => service.codes(id) : (id: string) => catalogue.codes(def.directory, id);
    return segmentValues(seg, mode, codes);
  });
}

/** A whole interchange (syntax version 3, UNOC) holding one message built from `def`. */
export function interchangeText(catalogue: EdifactCatalogue, def: MessageDef, mode: Mode, edit?: (segments: SegmentInput[]) => SegmentInput[]): Buffer {
  const segments = messageSegments(catalogue, def, mode);
  const [version, release] = def.type === 'CONTRL' ? (def.version ?? 'D:3').split(':') : ['D', def.directory.slice(1)];
  const ic = buildInterchange({
    syntaxId: 'UNOC',
    syntaxVersion: version === '4' ? 4 : 3,
    sender: { id: 'SENDER', qualifier: 'ZZZ' },
    recipient: { id: 'EDIGW', qualifier: 'ZZZ' },
    preparedAt: new Date('2026-11-28T09:30:00Z'),
    controlRef: 'IC1',
    messages: [{ ref: 'M1', id: { type: def.type, version, release, agency: 'UN' }, segments: edit ? edit(segments) : segments }],
  });
  return serializeInterchange(ic);
}
