/**
 * Which document fields a spec writes into which customs elements, so that "MT1101 requires
 * Consignor/Name" can add "(from consignments[].parties[roles[0]=consignor].name)": read off the
 * spec's rules and fields once per spec, fragments and field sets expanded.
 */
import type { ResolvedSpec } from '../compile.js';
import type { BindingSpec, RuleSpec } from '../spec.js';

const join = (base: string, rel: string): string => (rel.startsWith('/') ? rel.slice(1) : rel === '.' ? base : base === '' ? rel : `${base}.${rel}`);

function ruleTarget(base: string, rule: RuleSpec): string {
  if (rule.to === undefined) return base;
  const cond = Object.entries(rule.if ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
  const target = cond !== '' && rule.to.endsWith('[]') ? `${rule.to.slice(0, -1)}${cond}]` : rule.to;
  return rule.to === '/' ? '' : join(base, target);
}

/** XML element path below Declaration (`Consignment/Consignor/Name`) → document paths written there. */
export function fieldHints(resolved: ResolvedSpec): ReadonlyMap<string, readonly string[]> {
  const out = new Map<string, string[]>();
  const add = (xml: string, doc: string): void => {
    const list = out.get(xml) ?? [];
    if (!list.includes(doc)) list.push(doc);
    out.set(xml, list);
  };
  const fields = (list: readonly BindingSpec[], prefix: string | undefined, depth: number): { at: string; to: string }[] => {
    if (depth > 16) return [];
    return list.flatMap((f) => {
      if (f.use !== undefined) {
        const inner = fields(resolved.fieldSets.get(f.use) ?? [], undefined, depth + 1);
        return f.prefix === undefined ? inner : inner.map((b) => ({ at: b.at, to: b.to === '.' ? f.prefix! : `${f.prefix!}.${b.to}` }));
      }
      if (f.to === undefined || f.at === undefined || f.direction === 'read') return [];
      const ats = typeof f.at === 'string' ? [f.at] : f.at;
      return ats.map((at) => ({ at, to: prefix === undefined ? f.to! : `${prefix}.${f.to!}` }));
    });
  };
  const rules = (list: readonly RuleSpec[], xml: string, doc: string, depth: number): void => {
    if (depth > 16) return;
    for (const rule of list) {
      if (rule.use !== undefined) {
        rules(resolved.fragments.get(rule.use) ?? [], xml, doc, depth + 1);
        continue;
      }
      if (rule.element === undefined || rule.direction === 'read') continue;
      const path = xml === '' ? rule.element : `${xml}/${rule.element}`;
      const target = ruleTarget(doc, rule);
      for (const b of fields(rule.fields ?? [], undefined, 0)) {
        const rel = b.at.replace(/~.*$/, '');
        add(rel === '.' ? path : `${path}/${rel}`, join(target, b.to));
      }
      rules(rule.rules ?? [], path, target, depth + 1);
    }
  };
  rules(resolved.spec.rules, '', '', 0);
  return out;
}

/** The document fields behind an element (or, for a group, behind the elements in it), at most three. */
export function hintFor(hints: ReadonlyMap<string, readonly string[]>, xmlPath: string): string | undefined {
  const exact = hints.get(xmlPath);
  const found = exact ?? [...hints.entries()].filter(([k]) => k.startsWith(`${xmlPath}/`)).flatMap(([, v]) => v);
  if (found.length === 0) return undefined;
  return found.length > 3 ? `${found.slice(0, 3).join(', ')}, …` : found.join(' or ');
}
