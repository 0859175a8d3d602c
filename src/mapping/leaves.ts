/**
 * What every kind of binding shares: the reading and writing contexts, the compiled binding, and
 * setting, getting and marking a document path.
 */
import type { Dialect, LeafAccessor, NodeRef } from './dialect.js';
import { ensureStep, getSteps, isObj, type LeafPath, type Obj } from './paths.js';
import type { Consumed, IssueSink } from './state.js';
import type { CodeTable } from './tables.js';

/** Key under which a `.` binding leaves its value in the rule's scratch object. */
export const SELF = '.';

export interface ReadCtx<N, B = unknown> {
  readonly tz: string;
  readonly sink: IssueSink;
  readonly dialect: Dialect<N, B>;
}

export interface WriteCtx {
  /** The whole document (for absolute paths in `if`). */
  readonly root: Obj;
  readonly tz: string;
  readonly sink: IssueSink;
  readonly used: Consumed;
  /** 718/719 periods with a hyphen (D.95B wording) or without (later directories). */
  readonly hyphenatedPeriod: boolean;
}

export interface CBinding<N, B> {
  readonly ids: readonly number[];
  readonly leaf: LeafPath | undefined;
  /** First steps of every document path the binding may set when reading. */
  readonly keys: readonly string[];
  read?(node: N, into: Obj, ctx: ReadCtx<N, B>): void;
  /** Writes into `b` from `from` (the rule's object, or the item itself); true when it wrote a value from the document. */
  write?(b: B, from: unknown, ptr: string, ctx: WriteCtx): boolean;
}

export type Scalar = string | number | boolean;

export interface BindingEnv<N, B> {
  readonly dialect: Dialect<N, B>;
  readonly node: NodeRef;
  readonly tables: ReadonlyMap<string, CodeTable>;
  readonly where: string;
}

export function setLeaf(into: Obj, leaf: LeafPath, value: unknown): void {
  if (leaf.self) {
    into[SELF] = value;
    return;
  }
  const steps = leaf.steps;
  const last = steps[steps.length - 1];
  let cur = into;
  for (let i = 0; i < steps.length - 1; i++) cur = ensureStep(cur, steps[i]);
  if (last.index === undefined) {
    cur[last.name] = value;
    return;
  }
  let arr = cur[last.name];
  if (!Array.isArray(arr)) {
    arr = [];
    cur[last.name] = arr;
  }
  (arr as unknown[])[last.index] = value;
}

export function getLeaf(from: unknown, leaf: LeafPath): unknown {
  return leaf.self ? from : getSteps(from, leaf.steps);
}

/** Marks every step of a leaf path as used. */
export function markLeaf(used: Consumed, from: unknown, leaf: LeafPath): void {
  let cur: unknown = from;
  for (const s of leaf.steps) {
    if (!isObj(cur)) return;
    used.mark(cur, s.name);
    cur = cur[s.name];
    if (s.index !== undefined) {
      if (!Array.isArray(cur)) return;
      used.mark(cur, s.index);
      cur = (cur as unknown[])[s.index];
    }
  }
}

export function formatNumber(n: number): string {
  const s = String(n);
  return /e/i.test(s) ? n.toFixed(20).replace(/\.?0+$/, '') : s;
}

/** EDIFACT numbers may use a comma as decimal mark (ISO 9735 allows either). */
export function parseNumber(text: string, integer: boolean): number | undefined {
  const t = text.trim().replace(',', '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(t)) return undefined;
  const n = Number(t);
  if (integer && !Number.isInteger(n)) return undefined;
  return n;
}

/** A sibling-value condition of a binding (`when`), compiled. */
export interface Condition<N, B> {
  readonly acc: LeafAccessor<N, B>;
  test(v: string | undefined): boolean;
}
