/**
 * Every message the catalogue holds, in every directory, and CONTRL of both syntax versions:
 * a message built from the catalogue's own definitions (mandatory parts only, and every segment
 * and group repeated up to twice) validates without findings, and breaking it in one place yields
 * the finding for that place. This is what "works for any message the catalogue holds" means.
 */
import { describe, expect, it } from 'vitest';
import { loadEdifactCatalogue, type MessageDef, type StructureNode } from '../../../src/catalogue/edifact/index.js';
import { parseInterchange } from '../../../src/syntax/edifact/index.js';
import { validateInterchange } from '../../../src/validation/index.js';
import { interchangeText, type Mode } from './generate.js';
import { summary } from './helpers.js';

const catalogue = loadEdifactCatalogue();
const defs: MessageDef[] = catalogue.directories().flatMap((d) => catalogue.directory(d)!.messages.map((t) => catalogue.message(d, t)!));
const contrl = [catalogue.service(3).message('CONTRL')!, catalogue.service(4).message('CONTRL')!];
const all = [...defs, ...contrl];
const name = (d: MessageDef): string => (d.type === 'CONTRL' ? `CONTRL ${d.version}` : `${d.type} ${d.directory}`);

function findings(def: MessageDef, mode: Mode, edit?: Parameters<typeof interchangeText>[3]): string[] {
  const v = validateInterchange(parseInterchange(interchangeText(catalogue, def, mode, edit)), { catalogue });
  return [...summary(v.envelope), ...summary(v.messages[0].issues)];
}

/** The one warning of a directory that publishes no code lists. */
function expectedClean(def: MessageDef): string[] {
  return def.type !== 'CONTRL' && !catalogue.directory(def.directory)!.codeLists ? ['GW_ERR_CODE_LISTS_NOT_IN_CATALOGUE@m1e2 [-]'] : [];
}

describe('every catalogued message', () => {
  it('covers the port and customs messages of every directory', () => {
    expect(defs.length).toBeGreaterThan(200);
    for (const t of ['COARRI', 'CODECO', 'COPRAR', 'BAPLIE', 'CUSCAR', 'IFTMIN', 'IFTSTA', 'COREOR', 'CUSRES']) {
      for (const d of ['D95B', 'D96A', 'D00B', 'D01B']) expect(defs.some((x) => x.type === t && x.directory === d), `${t} ${d}`).toBe(true);
    }
  });

  it.each(all.map((d) => [name(d), d] as const))('%s: mandatory parts only, and everything twice, validate clean', (_, def) => {
    expect(findings(def, 'minimal')).toEqual(expectedClean(def));
    expect(findings(def, 'full')).toEqual(expectedClean(def));
  });

  it.each(all.map((d) => [name(d), d] as const))('%s: a missing first part and a foreign segment are found where they are', (_, def) => {
    const first = def.structure.find((n) => n.mandatory && !(n.kind === 'segment' && n.tag === 'UNH'))!;
    const span = first.kind === 'segment' ? 1 : mandatorySegments(first.children);
    const code = first.kind === 'group' ? 'GW_ERR_GROUP_MISSING' : 'GW_ERR_SEGMENT_MISSING';
    // Without its first mandatory part, UNH is the last segment before the place it was expected.
    expect(findings(def, 'minimal', (segs) => segs.slice(span))).toEqual([...expectedClean(def), `${code}@m1 [13]`]);
    let at = 0;
    const foreign = findings(def, 'minimal', (segs) => { at = segs.length + 2; return [...segs, ['ZZZ', 'X']]; });
    expect(foreign).toEqual([...expectedClean(def), `GW_ERR_SEGMENT_UNEXPECTED@m${at} [15]`]);
  });
});

/** Segments a minimal message has for these nodes (mandatory segments, in mandatory groups, once). */
function mandatorySegments(nodes: readonly StructureNode[]): number {
  return nodes.reduce((n, x) => n + (!x.mandatory ? 0 : x.kind === 'segment' ? 1 : mandatorySegments(x.children)), 0);
}
