/**
 * Compiles a mapping spec against a dialect into a plan: rules resolved to message structure,
 * addresses to accessors, bindings to closures, sibling rules indexed by node key for reading and
 * ordered (with alternatives fused) for writing. A spec mistake (an unknown segment, element,
 * table or a rule out of message order) fails here, once, with the rule's place in the spec.
 */
import { compileBinding, type CBinding } from './bindings.js';
import type { Dialect, LeafAccessor, NodeRef } from './dialect.js';
import { docTest, valueTest, writeValueOf } from './conditions.js';
import { parseTarget, type Obj, type TargetPath } from './paths.js';
import type { BindingSpec, MappingSpec, RuleSpec, TableSpec } from './spec.js';
import { compileTable, type CodeTable } from './tables.js';

export interface CCondition<N, B> {
  readonly acc: LeafAccessor<N, B>;
  test(v: string | undefined): boolean;
  /** Value written for the condition (the first listed), unless it is only a negation. */
  readonly writeValue: string | undefined;
}

export interface CRule<N, B> {
  readonly ref: NodeRef;
  readonly label: string;
  readonly reads: boolean;
  readonly writes: boolean;
  readonly where: readonly CCondition<N, B>[];
  /** Document-side condition for writing (`if`). */
  readonly ifTest: ((item: unknown, root: Obj) => boolean) | undefined;
  readonly target: TargetPath | undefined;
  /** The rule's items are plain values (a `.` binding), not objects. */
  readonly scalar: boolean;
  readonly bindings: readonly CBinding<N, B>[];
  readonly children: CLevel<N, B> | undefined;
  readonly covered: ReadonlySet<number>;
  /** Top-level keys the bindings set (reading may write straight into the parent when all are free). */
  readonly topKeys: readonly string[];
}

export type WriteStep<N, B> =
  | { readonly kind: 'rule'; readonly rule: CRule<N, B> }
  /** Rules for one node kind that fill one array: written in array order, each item by the first rule that takes it. */
  | { readonly kind: 'fused'; readonly rules: readonly CRule<N, B>[] };

export interface CLevel<N, B> {
  readonly byKey: ReadonlyMap<string, readonly CRule<N, B>[]>;
  readonly writeSteps: readonly WriteStep<N, B>[];
}

/** A spec with its includes merged: every table, fragment and field set it may use. */
export interface ResolvedSpec {
  readonly spec: MappingSpec;
  readonly tables: ReadonlyMap<string, TableSpec>;
  readonly fragments: ReadonlyMap<string, readonly RuleSpec[]>;
  readonly fieldSets: ReadonlyMap<string, readonly BindingSpec[]>;
  /** Defaults of the included files and the spec, the spec's winning. */
  readonly defaults: Readonly<Record<string, unknown>>;
}

export interface CompiledPlan<N, B> {
  readonly root: CLevel<N, B>;
  readonly rootRef: NodeRef;
}

function expandRules(rules: readonly RuleSpec[], r: ResolvedSpec, where: string, seen: readonly string[] = []): RuleSpec[] {
  const out: RuleSpec[] = [];
  rules.forEach((rule, i) => {
    if (rule.use === undefined) {
      out.push(rule);
      return;
    }
    if (rule.segment !== undefined || rule.group !== undefined || rule.element !== undefined) {
      throw new Error(`${where}/${i}: "use" inserts a fragment and stands alone`);
    }
    const frag = r.fragments.get(rule.use);
    if (!frag) throw new Error(`${where}/${i}: no fragment "${rule.use}"`);
    if (seen.includes(rule.use)) throw new Error(`${where}/${i}: fragment "${rule.use}" includes itself`);
    out.push(...expandRules(frag, r, `fragment ${rule.use}`, [...seen, rule.use]));
  });
  return out;
}

const under = (prefix: string, path: string): string => (path === '.' ? prefix : path.startsWith('/') ? path : `${prefix}.${path}`);

/** A field set's binding moved below a document path. */
function prefixed(b: BindingSpec, prefix: string): BindingSpec {
  return {
    ...b,
    ...(b.to !== undefined ? { to: under(prefix, b.to) } : {}),
    ...(b.raw !== undefined ? { raw: under(prefix, b.raw) } : {}),
    ...(b.date?.end !== undefined ? { date: { ...b.date, end: under(prefix, b.date.end) } } : {}),
    ...(b.if !== undefined ? { if: Object.fromEntries(Object.entries(b.if).map(([k, v]) => [under(prefix, k), v])) } : {}),
  };
}

function expandFields(fields: readonly BindingSpec[], r: ResolvedSpec, where: string, seen: readonly string[] = []): BindingSpec[] {
  const out: BindingSpec[] = [];
  fields.forEach((f, i) => {
    if (f.use === undefined) {
      out.push(f);
      return;
    }
    const set = r.fieldSets.get(f.use);
    if (!set) throw new Error(`${where}/${i}: no field set "${f.use}"`);
    if (seen.includes(f.use)) throw new Error(`${where}/${i}: field set "${f.use}" includes itself`);
    const inner = expandFields(set, r, `field set ${f.use}`, [...seen, f.use]);
    out.push(...(f.prefix !== undefined ? inner.map((b) => prefixed(b, f.prefix!)) : inner));
  });
  return out;
}

export function compilePlan<N, B, R extends NodeRef>(resolved: ResolvedSpec, dialect: Dialect<N, B, R>): CompiledPlan<N, B> {
  const tables = new Map<string, CodeTable>();
  for (const [name, t] of resolved.tables) tables.set(name, compileTable(name, t));
  const specDir = resolved.spec.direction ?? 'both';

  /** `inheritedCover`: positions the parent group's qualifiers and fields read in its first segment. */
  const compileLevel = (parent: R, rules: readonly RuleSpec[], where: string, inherited: 'both' | 'read' | 'write', inheritedCover: readonly number[] = []): CLevel<N, B> => {
    const expanded = expandRules(rules, resolved, where);
    const compiled: CRule<N, B>[] = [];
    let lastOrder = -1;
    expanded.forEach((rule, i) => {
      const at = `${where}/${i}`;
      let ref: R;
      try {
        ref = dialect.child(parent, rule);
      } catch (err) {
        throw new Error(`${at}: ${(err as Error).message}`);
      }
      const dir = rule.direction ?? inherited;
      if (dir !== 'read' && ref.order < lastOrder) {
        throw new Error(`${at}: ${ref.label} comes before an earlier rule's segment in the message; list rules in message order so that writing keeps the order`);
      }
      if (dir !== 'read') lastOrder = ref.order;
      if (rule.fields && !ref.leaves) throw new Error(`${at}: ${ref.label} has no values of its own; put fields on its segments`);
      if (rule.rules && !ref.container) throw new Error(`${at}: ${ref.label} has no children; "rules" belongs to groups`);
      const label = `${ref.label}${rule.where ? ` with ${Object.entries(rule.where).map(([k, v]) => `${k}=${typeof v === 'string' ? v : v.join('|')}`).join(', ')}` : ''}`;
      const env = { dialect, node: ref, tables, where: `${at} (${label})` };
      const wrap = <T>(f: () => T): T => {
        try {
          return f();
        } catch (err) {
          const msg = (err as Error).message;
          throw new Error(msg.startsWith(at) ? msg : `${at} (${label}): ${msg}`);
        }
      };
      const where2 = wrap(() => Object.entries(rule.where ?? {}).map(([address, values]) => ({
        acc: dialect.address(ref, address),
        test: valueTest(values),
        writeValue: writeValueOf(values),
      })));
      const ifTest = wrap(() => docTest(rule.if, at));
      const target = rule.to !== undefined ? wrap(() => parseTarget(rule.to!, at)) : undefined;
      const fields = wrap(() => expandFields(rule.fields ?? [], resolved, `${at}/fields`));
      const bindings = wrap(() => fields.map((f) => compileBinding({ ...f, direction: f.direction ?? (dir === 'both' ? undefined : dir) }, env)));
      const scalar = bindings.some((b) => b.leaf?.self === true);
      if (scalar && (!target || target.mode.kind === 'object')) throw new Error(`${at}: a "." field needs a list target (to: "name[]")`);
      const own = [...where2.flatMap((w) => w.acc.readOnly ? [] : w.acc.ids), ...bindings.flatMap((b) => b.ids)];
      const children = rule.rules ? compileLevel(ref, rule.rules, `${at}/rules`, dir, ref.qualifiersOn !== undefined ? own : []) : undefined;
      const covered = new Set<number>(own);
      if (ref.key === parent.qualifiersOn) for (const id of inheritedCover) covered.add(id);
      const topKeys = [...new Set(bindings.flatMap((b) => b.keys))];
      compiled.push({ ref, label, reads: dir !== 'write', writes: dir !== 'read', where: where2, ifTest, target, scalar, bindings, children, covered, topKeys });
    });

    const byKey = new Map<string, CRule<N, B>[]>();
    for (const r of compiled) {
      if (!r.reads) continue;
      const list = byKey.get(r.ref.key) ?? [];
      list.push(r);
      byKey.set(r.ref.key, list);
    }
    const writeSteps: WriteStep<N, B>[] = [];
    const arrayOf = (r: CRule<N, B>): string | undefined => (r.target && r.target.mode.kind !== 'object' ? `${r.target.absolute ? '/' : ''}${r.target.prefix.map((s) => s.name + (s.index !== undefined ? `[${s.index}]` : '')).join('.')}.${r.target.last}` : undefined);
    for (const r of compiled) {
      if (!r.writes) continue;
      const prev = writeSteps[writeSteps.length - 1];
      const prevRule = prev?.kind === 'rule' ? prev.rule : prev?.rules[0];
      if (prevRule && prevRule.ref.key === r.ref.key && arrayOf(r) !== undefined && arrayOf(prevRule) === arrayOf(r)) {
        writeSteps[writeSteps.length - 1] = { kind: 'fused', rules: prev.kind === 'rule' ? [prev.rule, r] : [...prev.rules, r] };
      } else writeSteps.push({ kind: 'rule', rule: r });
    }
    return { byKey, writeSteps };
  };

  const rootRef = dialect.root();
  const root = compileLevel(rootRef, resolved.spec.rules, `${resolved.spec.id}: rules`, specDir === 'both' ? 'both' : specDir);
  return { root, rootRef };
}
