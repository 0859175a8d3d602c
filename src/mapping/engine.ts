/**
 * Runs a compiled plan. Reading walks the message's nodes once: each node goes to the first rule
 * for its key whose qualifiers match and whose target is still free; a node no rule takes, and any
 * value a taken node carries that no binding reads, becomes a warning. Writing walks the rules in
 * message order and emits one node per document object (or array item) that has something to say;
 * afterwards every document field nothing used becomes a warning.
 */
import { SELF, type ReadCtx, type WriteCtx } from './bindings.js';
import type { CLevel, CompiledPlan, CRule } from './compile.js';
import type { Dialect } from './dialect.js';
import { ensureSteps, escapePointer, getSteps, isObj, pointerOf, type Obj, type TargetPath } from './paths.js';

function isEmpty(o: Obj): boolean {
  for (const k in o) if (o[k] !== undefined) return false;
  return true;
}

/** Structural equality of document values; undefined fields count as absent. No allocation (it runs per container). */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  const x = a as Obj;
  const y = b as Obj;
  let n = 0;
  for (const k in x) {
    if (x[k] === undefined) continue;
    if (!deepEqual(x[k], y[k])) return false;
    n++;
  }
  for (const k in y) if (y[k] !== undefined) n--;
  return n === 0;
}

/** Whether `src` can be merged into `dst` without overwriting a different value. */
function canMerge(dst: Obj, src: Obj): boolean {
  for (const k in src) {
    const s = src[k];
    const d = dst[k];
    if (s === undefined || d === undefined || s === d) continue;
    if (isObj(s) && isObj(d)) {
      if (!canMerge(d, s)) return false;
    } else return false;
  }
  return true;
}

function merge(dst: Obj, src: Obj): void {
  for (const k in src) {
    const s = src[k];
    if (s === undefined) continue;
    const d = dst[k];
    if (isObj(s) && isObj(d)) merge(d, s);
    else dst[k] = s;
  }
}

export interface ReadRun<N, B> extends ReadCtx<N, B> {
  readonly root: Obj;
}

/** Places a rule's scratch object into the document; false when its target is taken. */
function place<N, B>(rule: CRule<N, B>, tmp: Obj, into: Obj, run: ReadRun<N, B>): boolean {
  const t = rule.target;
  if (!t) {
    if (!canMerge(into, tmp)) return false;
    merge(into, tmp);
    return true;
  }
  const base = t.absolute ? run.root : into;
  if (t.last === '') {
    if (!canMerge(run.root, tmp)) return false;
    merge(run.root, tmp);
    return true;
  }
  if (t.mode.kind === 'object') {
    if (isEmpty(tmp)) return true;
    const existing = getSteps(base, t.steps);
    if (existing !== undefined) return t.absolute ? deepEqual(existing, tmp) : false;
    ensureSteps(base, t.prefix)[t.last] = tmp;
    return true;
  }
  const value = rule.scalar ? tmp[SELF] : tmp;
  if (value === undefined || (!rule.scalar && isEmpty(tmp))) return true;
  const owner = ensureSteps(base, t.prefix);
  let arr = owner[t.last];
  if (!Array.isArray(arr)) {
    arr = [];
    owner[t.last] = arr;
  }
  (arr as unknown[]).push(value);
  return true;
}

function available<N, B>(rule: CRule<N, B>, into: Obj): boolean {
  const t = rule.target;
  if (!t || t.absolute || t.mode.kind !== 'object' || t.last === '') return true;
  return getSteps(into, t.steps) === undefined;
}

/** A rule with no target whose fields are all still free writes straight into its parent: no scratch object. */
function direct<N, B>(rule: CRule<N, B>, into: Obj): boolean {
  if (rule.target || rule.children) return false;
  const keys = rule.topKeys;
  for (let i = 0; i < keys.length; i++) if (into[keys[i]] !== undefined) return false;
  return true;
}

function applyRead<N, B>(rule: CRule<N, B>, node: N, into: Obj, run: ReadRun<N, B>): boolean {
  if (!available(rule, into)) return false;
  if (direct(rule, into)) {
    const bindings = rule.bindings;
    for (let i = 0; i < bindings.length; i++) bindings[i].read?.(node, into, run);
    reportUncovered(rule, node, run);
    return true;
  }
  const tmp: Obj = {};
  if (rule.target?.mode.kind === 'select') tmp[rule.target.mode.key] = rule.target.mode.value;
  // Indexed loops on the hot path: no iterator objects per segment.
  const bindings = rule.bindings;
  for (let i = 0; i < bindings.length; i++) bindings[i].read?.(node, tmp, run);
  if (rule.children) readLevel(rule.children, node, tmp, run);
  if (!place(rule, tmp, into, run)) return false;
  reportUncovered(rule, node, run);
  return true;
}

function reportUncovered<N, B>(rule: CRule<N, B>, node: N, run: ReadRun<N, B>): void {
  if (!rule.ref.leaves) return;
  const missed = run.dialect.uncovered(node, rule.covered);
  for (let i = 0; i < missed.length; i++) {
    const u = missed[i];
    run.sink.add('GW_ERR_MAPPING_UNMAPPED_ELEMENT', `${run.dialect.describe(node)} ${u.label}: "${u.value}" is not covered by the mapping and is not in the document`, u.location);
  }
}

/** `release`: hand each node to the dialect's `release` once read (the message level, from readPlan). */
export function readLevel<N, B>(level: CLevel<N, B>, container: N, into: Obj, run: ReadRun<N, B>, release = false): void {
  const { dialect } = run;
  const nodes = dialect.children(container);
  for (let n = 0; n < nodes.length; n++) {
    const node = nodes[n];
    const rules = level.byKey.get(dialect.keyOf(node));
    let taken = false;
    let qualified = false;
    if (rules) {
      for (let i = 0; i < rules.length; i++) {
        const r = rules[i];
        let ok = true;
        for (let w = 0; w < r.where.length; w++) {
          const cond = r.where[w];
          if (!cond.test(cond.acc.get(node))) { ok = false; break; }
        }
        if (!ok) continue;
        qualified = true;
        if (applyRead(r, node, into, run)) { taken = true; break; }
      }
    }
    if (!taken) {
      const why = !rules ? 'is not covered by the mapping' : qualified ? 'repeats a value the mapping already took from an earlier segment' : 'has a qualifier the mapping does not cover';
      run.sink.add('GW_ERR_MAPPING_UNMAPPED_SEGMENT', `${dialect.describe(node)} ${why}; its data is not in the document`, dialect.locate(node));
    }
    if (release) dialect.release?.(node);
  }
}

export interface WriteRun<N, B> extends WriteCtx {
  readonly dialect: Dialect<N, B>;
  /** Dialect check that a built container is complete (EDIFACT: a group starts with its trigger segment). */
  readonly complete?: (b: B) => string | undefined;
}

/** Builds one node for `item`; attaches it to `parent` and returns true when it carries document data. */
function writeRule<N, B>(rule: CRule<N, B>, item: unknown, ptr: string, parent: B, run: WriteRun<N, B>): boolean {
  if (rule.ifTest && !rule.ifTest(item, run.root)) return false;
  const b = run.dialect.create(rule.ref);
  for (const w of rule.where) if (w.writeValue !== undefined) w.acc.set(b, w.writeValue, ptr);
  let content = false;
  for (const binding of rule.bindings) if (binding.write?.(b, item, ptr, run)) content = true;
  if (rule.children && isObj(item)) content = writeLevel(rule.children, item, ptr, b, run) || content;
  if (!content) return false;
  const problem = run.complete?.(b);
  if (problem !== undefined) {
    run.sink.add('GW_ERR_MAPPING_UNMAPPED_FIELD', `${ptr || '/'}: ${problem}; not written`, { path: ptr });
    return false;
  }
  run.dialect.attach(parent, b);
  return true;
}

function accepts<N, B>(rule: CRule<N, B>, item: unknown): boolean {
  const m = rule.target!.mode;
  if (m.kind === 'select') {
    // Scalars only, as document-side conditions take them: String() of a document's object throws
    // when the object has a field named "toString" (JSON gives it one as an own property).
    const v = isObj(item) ? item[m.key] : undefined;
    return (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && String(v) === m.value;
  }
  if (m.kind === 'has') return isObj(item) && item[m.key] !== undefined;
  return true;
}

function ownerOf(t: TargetPath, ctx: Obj, ptr: string, run: WriteRun<unknown, unknown>): { owner: unknown; ptr: string } {
  const base = t.absolute ? run.root : ctx;
  return { owner: getSteps(base, t.prefix), ptr: pointerOf(t.absolute ? '' : ptr, t.prefix) };
}

function markPrefix(t: TargetPath, ctx: Obj, run: WriteRun<unknown, unknown>): void {
  let cur: unknown = t.absolute ? run.root : ctx;
  for (const s of t.prefix) {
    if (!isObj(cur)) return;
    run.used.mark(cur, s.name);
    cur = cur[s.name];
    if (s.index !== undefined && Array.isArray(cur)) {
      run.used.mark(cur, s.index);
      cur = (cur as unknown[])[s.index];
    }
  }
}

function writeArray<N, B>(rules: readonly CRule<N, B>[], ctx: Obj, ptr: string, parent: B, run: WriteRun<N, B>): boolean {
  const t = rules[0].target!;
  const { owner, ptr: ownerPtr } = ownerOf(t, ctx, ptr, run as WriteRun<unknown, unknown>);
  if (!isObj(owner)) return false;
  const arr = owner[t.last];
  if (!Array.isArray(arr)) return false;
  const list = arr as unknown[];
  const base = `${ownerPtr}/${escapePointer(t.last)}`;
  let any = false;
  list.forEach((item, i) => {
    if (item === undefined || run.used.has(list, i)) return;
    for (const r of rules) {
      if (!accepts(r, item)) continue;
      if (writeRule(r, item, `${base}/${i}`, parent, run)) {
        run.used.mark(list, i);
        if (r.target!.mode.kind === 'select' && isObj(item)) run.used.mark(item, r.target!.mode.key);
        any = true;
        break;
      }
    }
  });
  if (any) {
    run.used.mark(owner, t.last);
    markPrefix(t, ctx, run as WriteRun<unknown, unknown>);
  }
  return any;
}

export function writeLevel<N, B>(level: CLevel<N, B>, ctx: Obj, ptr: string, parent: B, run: WriteRun<N, B>): boolean {
  let any = false;
  for (const step of level.writeSteps) {
    if (step.kind === 'fused') {
      if (writeArray(step.rules, ctx, ptr, parent, run)) any = true;
      continue;
    }
    const rule = step.rule;
    const t = rule.target;
    if (!t) {
      if (writeRule(rule, ctx, ptr, parent, run)) any = true;
    } else if (t.last === '') {
      if (writeRule(rule, run.root, '', parent, run)) any = true;
    } else if (t.mode.kind === 'object') {
      const { owner, ptr: ownerPtr } = ownerOf(t, ctx, ptr, run as WriteRun<unknown, unknown>);
      const value = isObj(owner) ? owner[t.last] : undefined;
      if (!isObj(value)) continue;
      if (writeRule(rule, value, `${ownerPtr}/${escapePointer(t.last)}`, parent, run)) {
        run.used.mark(owner as Obj, t.last);
        markPrefix(t, ctx, run as WriteRun<unknown, unknown>);
        any = true;
      }
    } else if (writeArray([rule], ctx, ptr, parent, run)) any = true;
  }
  return any;
}

/** Reads a message (the root node) into a new document object. */
export function readPlan<N, B>(plan: CompiledPlan<N, B>, message: N, ctx: ReadCtx<N, B>, doc: Obj = {}): Obj {
  // Each node of the message level is released once read: a message of thousands of groups then
  // keeps only its segments alive, not every value split from them.
  readLevel(plan.root, message, doc, { ...ctx, root: doc }, true);
  return doc;
}

export function writePlan<N, B>(plan: CompiledPlan<N, B>, doc: Obj, out: B, run: WriteRun<N, B>): boolean {
  return writeLevel(plan.root, doc, '', out, run);
}
