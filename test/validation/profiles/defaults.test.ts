/**
 * The port profiles agree with the UN directories they apply to: every segment a rule names can
 * occur in the message, every qualifier and narrowed code is in the directory's list or the
 * profile's additions, and every addition is one the directory lacks or means otherwise.
 */
import { describe, expect, it } from 'vitest';
import { loadEdifactCatalogue, type SegmentDef, type StructureNode } from '../../../src/catalogue/edifact/index.js';
import { loadProfiles, type Profile } from '../../../src/validation/profiles/index.js';

const catalogue = loadEdifactCatalogue();
const registry = loadProfiles();

function tags(nodes: readonly StructureNode[], out = new Set<string>()): Set<string> {
  for (const n of nodes) {
    if (n.kind === 'segment') out.add(n.tag);
    else tags(n.children, out);
  }
  return out;
}

/** Element ids of a segment, composites' components included. */
function elementIds(def: SegmentDef): Set<string> {
  const out = new Set<string>();
  for (const e of def.elements) {
    out.add(e.id);
    for (const c of e.components ?? []) out.add(c.element.id);
  }
  return out;
}

/** The element holding a segment's qualifier: first element, or its first component. */
function qualifierElement(def: SegmentDef): string {
  const first = def.elements[0];
  return first.components ? first.components[0].element.id : first.id;
}

function added(p: Profile, element: string): Set<string> {
  return new Set(p.codes.filter((c) => c.element === element).flatMap((c) => Object.keys(c.add ?? {})));
}

/** Every (profile, directory) pair where the port suite gives a message that profile. */
const uses: { profile: Profile; directory: string }[] = [];
for (const p of registry.profiles.values()) {
  if (p.message === '*' || p.message === 'CONTRL') continue;
  for (const d of catalogue.directories()) {
    if (catalogue.message(d, p.message) && registry.resolve({ messageType: p.message, directory: d }) === p) uses.push({ profile: p, directory: d });
  }
}

describe('port profiles against the UN directories', () => {
  it('every message profile applies to some directory of the catalogue', () => {
    const covered = new Set(uses.map((u) => u.profile.name));
    expect([...registry.profiles.values()].filter((p) => p.message !== '*' && p.message !== 'CONTRL' && !covered.has(p.name)).map((p) => p.name)).toEqual([]);
  });

  it.each(uses.map((u) => [u.profile.name, u.directory, u.profile] as const))('%s in %s: segments, qualifiers and codes exist', (_name, directory, p) => {
    const table = tags(catalogue.message(directory, p.message)!.structure);
    const hasCodes = catalogue.directory(directory)!.codeLists;
    const problems: string[] = [];
    for (const rule of p.segments) {
      if (!table.has(rule.tag)) problems.push(`segment rule ${rule.tag}: not in ${p.message} ${directory}`);
      const def = catalogue.segment(directory, rule.tag);
      if (!def || rule.qualifier === undefined || !hasCodes) continue;
      const element = qualifierElement(def);
      const list = catalogue.codes(directory, element);
      for (const q of [rule.qualifier].flat()) {
        if (list && !list.has(q) && !added(p, element).has(q)) problems.push(`${rule.tag}+${q}: ${q} is not in list ${element}`);
      }
    }
    for (const rule of p.codes) {
      if (rule.segment !== undefined) {
        const def = catalogue.segment(directory, rule.segment);
        if (!table.has(rule.segment) && !['MEA', 'EQD'].includes(rule.segment)) problems.push(`code rule ${rule.element} in ${rule.segment}: no ${rule.segment} in ${p.message}`);
        if (def && !elementIds(def).has(rule.element)) problems.push(`code rule: ${rule.segment} has no element ${rule.element}`);
      }
      const list = hasCodes ? catalogue.codes(directory, rule.element) : undefined;
      if (!list) continue;
      for (const code of rule.only ?? []) {
        if (!list.has(code) && !added(p, rule.element).has(code)) problems.push(`only ${rule.element} ${code}: neither in the ${directory} list nor added`);
      }
    }
    const start = p.equipment.start.split('+')[0];
    const usesBlocks = p.rules.weight || p.segments.some((r) => r.scope === 'equipment');
    if (usesBlocks && !table.has(start)) problems.push(`equipment blocks start at ${start}, not in ${p.message}`);
    for (const target of Object.values(p.counts)) if (p.rules.counts && table.has('CNT') && !table.has(target.split('+')[0])) problems.push(`CNT counts ${target}, not in ${p.message}`);
    expect(problems).toEqual([]);
  });

  it('the additions are codes D.95B lacks or means otherwise (the reason they exist)', () => {
    const d95b = catalogue.codes('D95B', '1001')!;
    expect([...['36', '44', '46', '129', '45', '11'].filter((c) => d95b.has(c))]).toEqual([]);
    expect(d95b.get('34')).toBe('Cargo status');
    expect(catalogue.codes('D03A', '1001')!.get('36')).toBe('Identity card');
  });
});
