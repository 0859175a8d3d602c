/**
 * The open code lists (src/validation/structure/open-lists.ts) against the directory texts: in
 * every official directory of the reference, the coded elements whose EDED note says their codes
 * are user or association defined (or may come from ISO 6346) are exactly the open ones.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEdifactCatalogue } from '../../../src/catalogue/edifact/index.js';
import { isOpenCodeList } from '../../../src/validation/structure/open-lists.js';
import { repoRoot } from '../../helpers/corpus.js';

const official = join(repoRoot, '..', 'shared', 'reference', 'untdid-official');
const catalogue = loadEdifactCatalogue();

/** Element ids whose note in EDED says the codes are not (only) the UN's. */
function openByNote(dir: string): Set<string> {
  const file = readdirSync(join(official, dir)).find((f) => f.toUpperCase().startsWith('EDED'))!;
  // DOS code page 437 up to D.97A, Latin-1 later: only ASCII matters here.
  const text = readFileSync(join(official, dir, file), 'latin1');
  const ids = new Set<string>();
  for (const block of text.split(/\n(?=[ \-+*#|X]{0,6}\d{4} {2})/)) {
    const m = /^[ \-+*#|X]{0,6}(\d{4}) {2}/.exec(block);
    const note = block.split('Note:')[1]?.replace(/\s+/g, ' ');
    if (m && note && /defined code|May use codes specified in ISO/i.test(note)) ids.add(m[1]);
  }
  return ids;
}

function coded(dir: string): string[] {
  const all = new Set<string>();
  for (const type of catalogue.directory(dir)!.messages) {
    for (const node of JSON.stringify(catalogue.message(dir, type)!.structure).match(/"tag":"([A-Z0-9]{3})"/g) ?? []) {
      const seg = catalogue.segment(dir, node.slice(7, 10));
      for (const e of seg?.elements ?? []) for (const d of e.element ? [e.element] : e.components!.map((c) => c.element)) if (d.codeList) all.add(d.id);
    }
  }
  return [...all].sort();
}

describe.skipIf(!existsSync(official))('open code lists', () => {
  const dirs = existsSync(official) ? readdirSync(official).filter((d) => /^d\d\d[a-z]$/.test(d)) : [];

  it.each(dirs)('%s: the open lists are the ones its notes leave open', (dir) => {
    const id = dir.toUpperCase();
    const byNote = openByNote(dir);
    const list = coded(id);
    expect(list.filter((e) => isOpenCodeList(id, e))).toEqual(list.filter((e) => byNote.has(e)));
  });

  it('D00B (no notes in the machine-readable directory) follows D00A', () => {
    const byNote = openByNote('d00a');
    const list = coded('D00B');
    expect(list.filter((e) => isOpenCodeList('D00B', e))).toEqual(list.filter((e) => byNote.has(e)));
    expect(isOpenCodeList('D00B', '8155')).toBe(true);
  });
});
