/**
 * Document paths in mapping specs, compiled once into step lists:
 *
 *   vesselCall.eta               an object field
 *   identifiers[0].id            an array entry by index
 *   equipment[]                  (rule targets) a new entry per message node / every entry
 *   references[type=booking]     (rule targets) entries whose field equals a value
 *   equipment[containerNumber]   (rule targets) entries that have the field
 *   /gateLocation                from the document root instead of the rule's object
 *   .                            (bindings) the rule's target itself, for lists of plain values
 */

export type Obj = Record<string, unknown>;

export interface Step {
  readonly name: string;
  /** Array index for `name[N]`. */
  readonly index?: number;
}

export type TargetMode =
  | { readonly kind: 'object' }
  | { readonly kind: 'append' }
  | { readonly kind: 'select'; readonly key: string; readonly value: string }
  | { readonly kind: 'has'; readonly key: string };

export interface TargetPath {
  readonly text: string;
  readonly absolute: boolean;
  /** Steps before the last (objects or indexed entries). */
  readonly prefix: readonly Step[];
  readonly last: string;
  /** prefix and last together, for reading the target's current value. */
  readonly steps: readonly Step[];
  readonly mode: TargetMode;
}

export interface LeafPath {
  readonly text: string;
  /** `.`: the value is the rule's target itself. */
  readonly self: boolean;
  /** `#`: the 1-based position of the rule's item in its list (written only; CNI 1490, GID 1496). */
  readonly position?: boolean;
  readonly steps: readonly Step[];
}

const STEP = /^([A-Za-z_$][A-Za-z0-9_$]*)(?:\[([^\]]*)\])?$/;

function parseStep(text: string, where: string): { name: string; bracket: string | undefined } {
  const m = STEP.exec(text);
  if (!m) throw new Error(`${where}: "${text}" is not a path step (name, name[N], name[], name[key=value] or name[key])`);
  return { name: m[1], bracket: m[2] };
}

function indexStep(name: string, bracket: string | undefined, where: string): Step {
  if (bracket === undefined) return { name };
  if (!/^[0-9]+$/.test(bracket)) throw new Error(`${where}: only [N] may stand before the last step (found "${name}[${bracket}]")`);
  return { name, index: Number(bracket) };
}

export function parseTarget(text: string, where: string): TargetPath {
  // `/` alone: the document itself (a rule deep in the message that sets top-level fields).
  if (text === '/') return { text, absolute: true, prefix: [], last: '', steps: [], mode: { kind: 'object' } };
  const absolute = text.startsWith('/');
  const parts = (absolute ? text.slice(1) : text).split('.');
  if (parts.some((p) => p === '')) throw new Error(`${where}: "${text}" has an empty step`);
  const prefix = parts.slice(0, -1).map((p) => {
    const s = parseStep(p, where);
    return indexStep(s.name, s.bracket, where);
  });
  const lastStep = parseStep(parts[parts.length - 1], where);
  let mode: TargetMode;
  const b = lastStep.bracket;
  if (b === undefined) mode = { kind: 'object' };
  else if (b === '') mode = { kind: 'append' };
  else if (b.includes('=')) {
    const [key, value] = [b.slice(0, b.indexOf('=')), b.slice(b.indexOf('=') + 1)];
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) || value === '') throw new Error(`${where}: "[${b}]" must be [field=value]`);
    mode = { kind: 'select', key, value };
  } else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(b)) mode = { kind: 'has', key: b };
  else throw new Error(`${where}: a rule target ends in name, name[], name[field=value] or name[field], not "${parts[parts.length - 1]}"`);
  return { text, absolute, prefix, last: lastStep.name, steps: [...prefix, { name: lastStep.name }], mode };
}

export function parseLeaf(text: string, where: string): LeafPath {
  if (text === '.') return { text, self: true, steps: [] };
  if (text === '#') return { text, self: false, position: true, steps: [] };
  const parts = text.split('.');
  if (parts.some((p) => p === '')) throw new Error(`${where}: "${text}" has an empty step`);
  const steps = parts.map((p) => {
    const s = parseStep(p, where);
    return indexStep(s.name, s.bracket, where);
  });
  return { text, self: false, steps };
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Walks steps without creating anything. */
export function getSteps(base: unknown, steps: readonly Step[]): unknown {
  let cur: unknown = base;
  for (const s of steps) {
    if (!isObj(cur)) return undefined;
    cur = cur[s.name];
    if (s.index !== undefined) cur = Array.isArray(cur) ? (cur as unknown[])[s.index] : undefined;
  }
  return cur;
}

/** Walks steps creating objects (and arrays for indexed steps) on the way; returns the parent and key of the last. */
export function ensureParent(base: Obj, steps: readonly Step[]): { parent: Obj | unknown[]; key: string | number } {
  let cur: Obj = base;
  for (let i = 0; i < steps.length - 1; i++) cur = ensureStep(cur, steps[i]);
  const last = steps[steps.length - 1];
  if (last.index === undefined) return { parent: cur, key: last.name };
  let arr = cur[last.name];
  if (!Array.isArray(arr)) {
    arr = [];
    cur[last.name] = arr;
  }
  return { parent: arr as unknown[], key: last.index };
}

export function ensureStep(cur: Obj, s: Step): Obj {
  let next = cur[s.name];
  if (s.index === undefined) {
    if (!isObj(next)) {
      next = {};
      cur[s.name] = next;
    }
    return next as Obj;
  }
  if (!Array.isArray(next)) {
    next = [];
    cur[s.name] = next;
  }
  const arr = next as unknown[];
  let item = arr[s.index];
  if (!isObj(item)) {
    item = {};
    arr[s.index] = item;
  }
  return item as Obj;
}

export function ensureSteps(base: Obj, steps: readonly Step[]): Obj {
  let cur = base;
  for (const s of steps) cur = ensureStep(cur, s);
  return cur;
}

/** JSON Pointer of a path below a base pointer. */
export function pointerOf(base: string, steps: readonly Step[]): string {
  let p = base;
  for (const s of steps) {
    p += `/${escapePointer(s.name)}`;
    if (s.index !== undefined) p += `/${s.index}`;
  }
  return p;
}

export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

export { isObj };
