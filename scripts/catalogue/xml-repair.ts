/**
 * Repairs a known defect of the machine-readable code lists before the catalogue uses them (D.96A,
 * whose official copy has no UNCL file). Their converter read a leading X of a code as the "marked
 * for deletion" indicator and dropped it: D.95B XA, XC, XP of list 1153 became A, C, P, and XAA of
 * 7161 collided with AA. The cross-check of D.95B (text against XML) shows the pattern.
 *
 * A code is restored to X<code> when the official lists of the neighbouring releases have X<code>
 * and neither has the bare code; a duplicate code whose X form they have becomes that X form.
 */
import type { ElementRef, ParsedDirectory } from './model.js';
import type { CodeList } from './official-codes.js';

export function restoreDroppedX(lists: Map<string, CodeList>, neighbours: ReadonlyArray<Map<string, CodeList>>): string[] {
  const restored: string[] = [];
  for (const [id, list] of lists) {
    const known = (code: string): boolean => neighbours.some((n) => n.get(id)?.codes.has(code) ?? false);
    const repaired = new Map<string, string>();
    const changed: string[] = [];
    for (const [code, name] of list.codes) {
      if (!known(code) && known(`X${code}`) && !list.codes.has(`X${code}`)) {
        repaired.set(`X${code}`, name);
        changed.push(`X${code}`);
      } else {
        repaired.set(code, name);
      }
    }
    for (const [code, name] of list.duplicates ?? []) {
      if (known(`X${code}`) && !repaired.has(`X${code}`)) {
        repaired.set(`X${code}`, name);
        changed.push(`X${code}`);
      }
    }
    if (changed.length === 0) continue;
    list.codes.clear();
    for (const [code, name] of repaired) list.codes.set(code, name);
    restored.push(`${id}: ${changed.join(' ')}`);
  }
  return restored.sort();
}

/**
 * The machine-readable D.00B knows no fixed lengths (7124 UNDG number is n4, the XML says n..4)
 * and no element repetitions (COM C076 repeats 3 times from D.99B on). Where the official releases
 * just before and after it agree, the directory in between is taken to agree too: a fixed length
 * replaces the XML's maximum of the same type and length, and a segment whose element list equals
 * both neighbours' gets their repetition counts. A composite with fewer components than both
 * neighbours list (and none they lack) gets theirs.
 */
export function fillFromNeighbours(dir: ParsedDirectory, before: ParsedDirectory, after: ParsedDirectory): string[] {
  const fixed: string[] = [];
  for (const [id, el] of dir.elements) {
    const a = before.elements.get(id)?.repr;
    const b = after.elements.get(id)?.repr;
    if (a === undefined || a !== b || a.includes('..')) continue;
    if (el.repr === a.replace(/^(an|a|n)(\d+)$/, '$1..$2')) {
      el.repr = a;
      fixed.push(`${id} ${a}`);
    }
  }
  const repeated: string[] = [];
  const shape = (refs: readonly ElementRef[]): string => refs.map((r) => `${r.id}${r.mandatory ? 'M' : 'C'}`).join(',');
  for (const [tag, seg] of dir.segments) {
    const a = before.segments.get(tag)?.elements;
    const b = after.segments.get(tag)?.elements;
    if (!a || !b || shape(a) !== shape(seg.elements) || shape(b) !== shape(seg.elements)) continue;
    seg.elements.forEach((ref, i) => {
      const n = a[i].repeat;
      if (n !== undefined && n === b[i].repeat && ref.repeat === undefined) {
        ref.repeat = n;
        repeated.push(`${tag} ${ref.id} x${n}`);
      }
    });
  }
  // A composite the XML lists with fewer components than both neighbours agree on (D.00B C819 has
  // only 3055 of 3229, 1131, 3055, 3228) lost the others in conversion: take the neighbours' list.
  const completed: string[] = [];
  for (const [id, comp] of dir.composites) {
    const a = before.composites.get(id);
    const b = after.composites.get(id);
    if (!a || !b || shape(a.components) !== shape(b.components) || comp.components.length >= a.components.length) continue;
    const ids = a.components.map((c) => c.id);
    let at = 0;
    const subsequence = comp.components.every((c) => (at = ids.indexOf(c.id, at) + 1) > 0);
    if (!subsequence) continue;
    comp.components = a.components.map((c) => ({ ...c }));
    comp.name = a.name;
    for (const c of a.components) {
      const el = before.elements.get(c.id);
      if (!dir.elements.has(c.id) && el) dir.elements.set(c.id, { ...el });
    }
    completed.push(id);
  }
  const notes: string[] = [];
  if (completed.length > 0) notes.push(`Components taken from ${before.id} and ${after.id}, which agree, where the XML lists fewer: ${completed.sort().join(', ')}.`);
  if (fixed.length > 0) notes.push(`Fixed lengths taken from ${before.id} and ${after.id}, which agree: ${fixed.sort().join(', ')}.`);
  if (repeated.length > 0) notes.push(`Repetitions taken from ${before.id} and ${after.id}, which agree: ${repeated.sort().join(', ')}.`);
  return notes;
}
