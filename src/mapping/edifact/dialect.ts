/**
 * The EDIFACT dialect of the mapping language. Rules name segments (`"segment": "DTM"`) and groups
 * (`"group": "SG5"`) of the message table; addresses name data elements by their directory ids:
 *
 *   C507.2380      component 2380 of composite C507
 *   2380           an element or component id that occurs once in the segment (portable across
 *                  directories: BGM 1004 is element 2 in D.95B and C106 component 1 in D.00B)
 *   C080.3036*     every 3036 of C080 (a text spread over components)
 *   C080.3036#2    the second 3036 of C080;  C213#2.7224: 7224 of the second C213
 *   NAD.3035       (group rules) an element of the group's first segment
 *   ^GIS.C529.7365 (reading only) an element of the first GIS at the message level
 *   @7.1           element 7, component 1, by position
 *
 * Everything is resolved against the catalogue when a spec compiles; nothing is looked up while
 * a message is converted.
 */
import type { EdifactCatalogue, ElementDef, ElementUse, SegmentDef } from '../../catalogue/edifact/index.js';
import type { Location } from '../../errors/index.js';
import { locationOf, type ElementInput, type SegmentInput } from '../../syntax/edifact/index.js';
import { Segment } from '../../syntax/edifact/index.js';
import type { Dialect, LeafAccessor, NodeRef } from '../dialect.js';
import type { RuleSpec } from '../spec.js';
import type { GroupNode, LevelDef } from './structure.js';

export type EdiNode = Segment | GroupNode;

export interface EdiRef extends NodeRef {
  readonly level?: LevelDef;
  readonly segment?: SegmentDef;
  readonly trigger?: SegmentDef;
}

/** A segment being written: element → component values, and where each value came from. */
export class SegmentBuilder {
  readonly tag: string;
  readonly def: SegmentDef;
  readonly values: (string | undefined)[][] = [];
  readonly origins: string[][] = [];

  constructor(def: SegmentDef) {
    this.tag = def.tag;
    this.def = def;
  }

  set(e: number, c: number, value: string, origin: string): void {
    (this.values[e - 1] ??= [])[c - 1] = value;
    (this.origins[e - 1] ??= [])[c - 1] = origin;
  }

  has(e: number, c: number): boolean {
    return this.values[e - 1]?.[c - 1] !== undefined;
  }

  /** The segment as the syntax engine's builder takes it: composites as arrays, empty ones left out. */
  input(): SegmentInput {
    const out: ElementInput[] = [];
    const n = this.def.elements.length;
    for (let e = 1; e <= Math.max(n, this.values.length); e++) {
      const comps = this.values[e - 1];
      const use = this.def.elements[e - 1] as ElementUse | undefined;
      if (!comps) out.push(undefined);
      else if (use?.components) out.push(Array.from({ length: Math.max(comps.length, 1) }, (_, k) => comps[k]));
      else out.push(comps[0]);
    }
    return [this.tag, ...out];
  }
}

/** A group (or the message) being written: its segments in order, and its qualifiers waiting for the first segment. */
export class GroupBuilder {
  readonly trigger: string;
  readonly id: string;
  readonly segments: SegmentBuilder[] = [];
  readonly pending: [number, number, string][] = [];

  constructor(id: string, trigger: string) {
    this.id = id;
    this.trigger = trigger;
  }
}

export type EdiBuilder = SegmentBuilder | GroupBuilder;

interface Position {
  readonly e: number;
  readonly cs: readonly number[];
  readonly label: string;
  readonly max: number | undefined;
  /** Digits of a fixed-length numeric element (n3): shorter whole numbers are written with leading zeros. */
  readonly digits?: number;
}

/** The position's length limits from its element definition. */
function limits(def: ElementDef | undefined): { max: number | undefined; digits?: number } {
  if (!def) return { max: undefined };
  return def.type === 'n' && def.min === def.max && def.max > 1 ? { max: def.max, digits: def.max } : { max: def.max };
}

/** A whole number written to a fixed-length numeric element gets the leading zeros the length asks for (-18 in n3: -018). */
export function padDigits(value: string, digits: number | undefined): string {
  if (digits === undefined) return value;
  const m = /^(-?)(\d+)$/.exec(value);
  return m && m[2].length < digits ? `${m[1]}${m[2].padStart(digits, '0')}` : value;
}

const ADDRESS = /^(?:([A-Z0-9]{4})(?:#(\d+))?\.)?([A-Z0-9]{4})(?:#(\d+))?(\*)?$/;

/** Resolves an address against a segment definition to element and component positions. */
export function resolveAddress(def: SegmentDef, address: string): Position {
  const pos = /^@(\d+)(?:\.(\d+))?$/.exec(address);
  if (pos) {
    // Positions (element, component) for where a directory's definition cannot be trusted or named.
    const [e, c] = [Number(pos[1]), Number(pos[2] ?? '1')];
    const use = def.elements[e - 1] as ElementUse | undefined;
    if (!use) throw new Error(`${def.tag} has no element ${e}`);
    return { e, cs: [c], label: `${def.tag} ${address}`, ...limits(use.components?.[c - 1]?.element ?? use.element) };
  }
  const m = ADDRESS.exec(address);
  if (!m) throw new Error(`"${address}" is not an element address (C507.2380, 2380, C080.3036*, C080.3036#2)`);
  const [, comp, compNth, elem, elemNth, star] = m;
  const els = def.elements;
  const label = `${def.tag} ${address}`;
  if (comp !== undefined) {
    const hits = els.map((u, i) => [u, i + 1] as const).filter(([u]) => u.id === comp);
    const hit = hits[(compNth ? Number(compNth) : 1) - 1];
    if (!hit) throw new Error(`${def.tag} has no ${compNth ? `${compNth}. ` : ''}composite ${comp} (it has ${els.map((u) => u.id).join(', ')})`);
    const [use, e] = hit;
    const cs = (use.components ?? []).map((c, i) => [c.element.id, i + 1, c.element] as const).filter(([id]) => id === elem);
    if (cs.length === 0) throw new Error(`${def.tag} ${comp} has no component ${elem} (it has ${(use.components ?? []).map((c) => c.element.id).join(', ')})`);
    if (star) return { e, cs: cs.map(([, c]) => c), label, ...limits(cs[0][2]) };
    const pick = cs[(elemNth ? Number(elemNth) : 1) - 1];
    if (!pick) throw new Error(`${def.tag} ${comp} has no ${elemNth}. component ${elem}`);
    if (cs.length > 1 && !elemNth) throw new Error(`${def.tag} ${comp} has ${cs.length} components ${elem}: write ${comp}.${elem}#N or ${comp}.${elem}*`);
    return { e, cs: [pick[1]], label, ...limits(pick[2]) };
  }
  const simple = els.map((u, i) => [u, i + 1] as const).filter(([u]) => u.id === elem && u.element);
  const inner: [number, number, ElementDef][] = [];
  els.forEach((u, i) => {
    (u.components ?? []).forEach((c, k) => {
      if (c.element.id === elem) inner.push([i + 1, k + 1, c.element]);
    });
  });
  const total = simple.length + inner.length;
  if (total === 0) throw new Error(`${def.tag} has no element ${elem}`);
  if (star) {
    if (inner.length === 0 || new Set(inner.map(([e]) => e)).size > 1) throw new Error(`${def.tag} ${elem}*: "*" needs the repeated component inside one composite`);
    return { e: inner[0][0], cs: inner.map(([, c]) => c), label, ...limits(inner[0][2]) };
  }
  const nth = elemNth ? Number(elemNth) : 1;
  if (total > 1 && !elemNth) throw new Error(`${def.tag} has ${total} elements ${elem}: name the composite (for example ${els.find((u) => u.components?.some((c) => c.element.id === elem))?.id ?? 'Cxxx'}.${elem})`);
  const all: [number, number, ElementDef | undefined][] = [...simple.map(([u, e]) => [e, 1, u.element] as [number, number, ElementDef | undefined]), ...inner].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const pick = all[nth - 1];
  if (!pick) throw new Error(`${def.tag} has no ${nth}. element ${elem}`);
  return { e: pick[0], cs: [pick[1]], label, ...limits(pick[2]) };
}

export class EdifactDialect implements Dialect<EdiNode, EdiBuilder, EdiRef> {
  readonly format = 'edifact' as const;
  private readonly catalogue: EdifactCatalogue;
  readonly directory: string;
  private readonly level: LevelDef;
  private readonly type: string;
  /** The message being read, for findings' locations (reading is synchronous, one message at a time). */
  current: { readonly ref: string; readonly index: number } | undefined;
  /** Its group tree, for `^TAG` addresses. */
  tree: GroupNode | undefined;
  /** Segments the message table has no place for. */
  readonly stray = new Set<Segment>();

  constructor(catalogue: EdifactCatalogue, directory: string, type: string, level: LevelDef) {
    this.catalogue = catalogue;
    this.directory = directory;
    this.type = type;
    this.level = level;
  }

  private segmentDef(tag: string): SegmentDef {
    const def = this.catalogue.segment(this.directory, tag);
    if (!def) throw new Error(`segment ${tag} is not in directory ${this.directory}`);
    return def;
  }

  root(): EdiRef {
    return { key: '', order: 0, container: true, leaves: false, label: `${this.type} ${this.directory} message level`, level: this.level };
  }

  child(parent: EdiRef, rule: RuleSpec): EdiRef {
    if (rule.element !== undefined) throw new Error('EDIFACT rules name a "segment" or a "group", not an "element"');
    const level = parent.level;
    if (!level) throw new Error(`${parent.label} has no segments or groups inside`);
    const where = level.id === '' ? `the message level of ${this.type} ${this.directory}` : `group ${level.id} of ${this.type} ${this.directory}`;
    const list = level.children.map((c) => (c.kind === 'segment' ? c.tag : `${c.id} (${c.trigger})`)).join(', ');
    if (rule.segment !== undefined) {
      const i = level.children.findIndex((c) => c.kind === 'segment' && c.tag === rule.segment);
      if (i === -1) throw new Error(`segment ${rule.segment} is not at ${where} (there: ${list})`);
      return { key: rule.segment, order: i, container: false, leaves: true, label: `segment ${rule.segment}`, segment: this.segmentDef(rule.segment) };
    }
    if (rule.group !== undefined) {
      const i = level.children.findIndex((c) => c.kind === 'group' && c.id === rule.group);
      const c = level.children[i];
      if (i === -1 || c.kind !== 'group') throw new Error(`group ${rule.group} is not in ${where} (there: ${list})`);
      // Group fields address the group's first segment (NAD.3035) or the message level (^GIS.C529.7365).
      return { key: c.id, order: i, container: true, leaves: true, label: `group ${c.id} (${c.trigger})`, level: c.level, trigger: this.segmentDef(c.trigger), qualifiersOn: c.trigger };
    }
    throw new Error('a rule names a "segment", a "group" or "use"');
  }

  address(node: EdiRef, address: string): LeafAccessor<EdiNode, EdiBuilder> {
    if (address.startsWith('^')) return this.messageLevel(address);
    if (node.trigger) {
      const dot = address.indexOf('.');
      const tag = address.slice(0, dot);
      if (dot !== 3 || tag !== node.trigger.tag) throw new Error(`group qualifiers address the group's first segment: ${node.trigger.tag}.<element>, not "${address}"`);
      const pos = resolveAddress(node.trigger, address.slice(4));
      const seg = (n: EdiNode): Segment | undefined => (n instanceof Segment ? n : (n.items[0] as Segment | undefined));
      return this.accessor(pos, seg, true);
    }
    const def = node.segment;
    if (!def) throw new Error(`${node.label} has no elements`);
    const local = address.startsWith(`${def.tag}.`) ? address.slice(4) : address;
    return this.accessor(resolveAddress(def, local), undefined, false);
  }

  /** `seg` finds the segment a value is read from; without it, the node itself when it is a segment. */
  private accessor(pos: Position, seg: ((n: EdiNode) => Segment | undefined) | undefined, group: boolean): LeafAccessor<EdiNode, EdiBuilder> {
    const { e, cs, digits } = pos;
    return {
      ids: cs.map((c) => e * 64 + c),
      label: pos.label,
      maxLength: pos.max,
      count: cs.length,
      // Runs for every value of every segment read: no closure call to find the segment when it is the node.
      get: seg === undefined
        ? (n, k = 0) => {
          if (!(n instanceof Segment)) return undefined;
          const v = valueOf(n, e, cs[k]);
          return v === '' ? undefined : v;
        }
        : (n, k = 0) => {
          const s = seg(n);
          const v = s === undefined ? undefined : valueOf(s, e, cs[k]);
          return v === '' ? undefined : v;
        },
      set(b, text, origin, k = 0) {
        const value = padDigits(text, digits);
        if (b instanceof SegmentBuilder) b.set(e, cs[k], value, origin);
        else if (group) b.pending.push([e, cs[k], value]);
      },
      has(b, k = 0) {
        return b instanceof SegmentBuilder ? b.has(e, cs[k]) : b.pending.some(([pe, pc]) => pe === e && pc === cs[k]);
      },
      peek(b, k = 0) {
        return b instanceof SegmentBuilder ? b.values[e - 1]?.[cs[k] - 1] : b.pending.find(([pe, pc]) => pe === e && pc === cs[k])?.[2];
      },
    };
  }

  /** `^TAG.address`: a value of the first TAG segment at the message level, for reading only. */
  private messageLevel(address: string): LeafAccessor<EdiNode, EdiBuilder> {
    const tag = address.slice(1, 4);
    if (address[4] !== '.' || !this.level.children.some((c) => c.kind === 'segment' && c.tag === tag)) {
      throw new Error(`"${address}": ^TAG.<element> names a segment of the message level (${this.level.children.filter((c) => c.kind === 'segment').map((c) => c.tag).join(', ')})`);
    }
    const pos = resolveAddress(this.segmentDef(tag), address.slice(5));
    const acc = this.accessor(pos, () => (this.tree?.items.find((i) => i instanceof Segment && i.tag === tag) as Segment | undefined), false);
    return { ...acc, label: address, readOnly: true, set() { /* read only */ }, has: () => true, peek: () => undefined };
  }

  keyOf(node: EdiNode): string {
    return node instanceof Segment ? node.tag : node.id;
  }

  children(node: EdiNode): readonly EdiNode[] {
    return node instanceof Segment ? [] : node.items;
  }

  locate(node: EdiNode, accessor?: LeafAccessor<EdiNode, EdiBuilder>, k = 0): Location {
    const seg = node instanceof Segment ? node : (node.items[0] as Segment);
    if (!accessor) return locationOf(seg, this.current);
    const id = accessor.ids[k] ?? accessor.ids[0];
    return locationOf(seg, this.current, Math.floor(id / 64), id % 64);
  }

  describe(node: EdiNode): string {
    if (node instanceof Segment) return `${segmentHead(node)}${this.stray.has(node) ? ' (not where the message table allows it)' : ''}`;
    const n = countSegments(node);
    return `group ${node.id} (${segmentHead(node.items[0] as Segment)}, ${n} segment${n === 1 ? '' : 's'})`;
  }

  uncovered(node: EdiNode, covered: ReadonlySet<number>): readonly { label: string; value: string; location: Location }[] {
    if (!(node instanceof Segment)) return NONE;
    let out: { label: string; value: string; location: Location }[] | undefined;
    let def: SegmentDef | undefined;
    if (cutOf(node)) {
      // The same values in the same order as the split below gives them, read from where they lie.
      for (let i = 0; i < cut.count; i++) {
        const from = cut.from[i];
        const to = cut.to[i];
        const e = cut.element[i];
        const r = cut.repetition[i];
        const c = cut.component[i];
        if (from === to || (r === 1 && covered.has(e * 64 + c))) continue;
        def ??= this.catalogue.segment(this.directory, node.tag);
        const use = def?.elements[e - 1];
        const id = use ? (use.components ? `${use.id}.${use.components[c - 1]?.element.id ?? `component ${c}`}` : use.id) : `element ${e}`;
        (out ??= []).push({ label: `${id}${r > 1 ? ` repetition ${r}` : ''}`, value: cut.text.slice(from, to), location: locationOf(node, this.current, e, c, r > 1 ? r : undefined) });
      }
      return out ?? NONE;
    }
    const els = node.elements;
    for (let e = 1; e <= els.length; e++) {
      const reps = els[e - 1];
      for (let r = 1; r <= reps.length; r++) {
        const comps = reps[r - 1];
        for (let c = 1; c <= comps.length; c++) {
          const v = comps[c - 1];
          if (v === '' || (r === 1 && covered.has(e * 64 + c))) continue;
          def ??= this.catalogue.segment(this.directory, node.tag);
          const use = def?.elements[e - 1];
          const id = use ? (use.components ? `${use.id}.${use.components[c - 1]?.element.id ?? `component ${c}`}` : use.id) : `element ${e}`;
          (out ??= []).push({ label: `${id}${r > 1 ? ` repetition ${r}` : ''}`, value: v, location: locationOf(node, this.current, e, c, r > 1 ? r : undefined) });
        }
      }
    }
    return out ?? NONE;
  }

  release(node: EdiNode): void {
    if (node instanceof Segment) node.release();
    else for (const item of node.items) this.release(item);
  }

  create(ref: EdiRef): EdiBuilder {
    if (ref.segment) return new SegmentBuilder(ref.segment);
    return new GroupBuilder(ref.key, ref.trigger?.tag ?? '');
  }

  attach(parent: EdiBuilder, child: EdiBuilder): void {
    if (!(parent instanceof GroupBuilder)) throw new Error('a segment has no children');
    if (child instanceof SegmentBuilder) {
      if (parent.segments.length === 0 && child.tag === parent.trigger) {
        for (const [e, c, v] of parent.pending) if (!child.has(e, c)) child.set(e, c, v, '');
      }
      parent.segments.push(child);
    } else {
      // a loop, not push(...): a message-level group may hold tens of thousands of segments
      for (const s of child.segments) parent.segments.push(s);
    }
  }

  /** A group written without its first segment would change the message's structure. */
  complete(b: EdiBuilder): string | undefined {
    if (!(b instanceof GroupBuilder) || b.trigger === '') return undefined;
    return b.segments[0]?.tag === b.trigger ? undefined : `group ${b.id} needs its ${b.trigger} segment first, and no field gave it a value`;
  }
}

/** A segment's tag and first two values (its qualifiers, as a reader recognises it): MEA+AAE+VGM. */
function segmentHead(seg: Segment): string {
  let out = seg.tag;
  for (let e = 1; e <= Math.min(2, seg.elementCount); e++) {
    const v = seg.get(e);
    if (v === undefined || v === '') break;
    out += `+${v.length > 20 ? `${v.slice(0, 20)}…` : v}`;
  }
  return out;
}

const NONE: readonly never[] = [];

/**
 * Where the values of the segment read last lie in its source text: element, repetition and
 * component of each value, in text order, and the first value and component count of each
 * element's first repetition. Reading a segment asks a dozen bindings and the uncovered-value check
 * for its values one after another; cutting it once here, into arrays kept from segment to segment,
 * spares the split into nested arrays of strings (most of what mapping a message allocated) and
 * makes a string only for a value someone reads. Only for text decoded one byte to one character
 * (the Latin-1 family) without release characters: anything else goes to the segment's split,
 * whose values these are exactly (a release character changes what a value's text is).
 */
function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

class Cut {
  segment: Segment | undefined = undefined;
  /** Whether the segment could be cut here (else it is read through its split). */
  ok = false;
  text = '';
  count = 0;
  elements = 0;
  element: Int32Array = new Int32Array(64);
  repetition: Int32Array = new Int32Array(64);
  component: Int32Array = new Int32Array(64);
  from: Int32Array = new Int32Array(64);
  to: Int32Array = new Int32Array(64);
  /** By element (1-based): its first value, and how many components its first repetition has. */
  first: Int32Array = new Int32Array(16);
  components: Int32Array = new Int32Array(16);

  private add(e: number, r: number, c: number, from: number, to: number): void {
    const i = this.count++;
    if (i === this.from.length) {
      this.element = grow(this.element);
      this.repetition = grow(this.repetition);
      this.component = grow(this.component);
      this.from = grow(this.from);
      this.to = grow(this.to);
    }
    this.element[i] = e;
    this.repetition[i] = r;
    this.component[i] = c;
    this.from[i] = from;
    this.to[i] = to;
    if (r === 1) {
      if (c === 1) {
        if (e >= this.first.length) {
          this.first = grow(this.first);
          this.components = grow(this.components);
        }
        this.first[e] = i;
      }
      this.components[e] = c;
    }
  }

  /** Cuts `seg` (as splitSegment splits it); false when it must be read through its split. */
  read(seg: Segment): boolean {
    this.segment = seg;
    this.ok = false;
    this.count = 0;
    this.elements = 0;
    const src = seg.source;
    if (src === undefined || src.text === undefined) return false;
    const text = src.text;
    const { element: elemSep, component: compSep, repetition: repSep, release } = src.chars;
    const end = src.end;
    let i = src.start;
    // The tag and any nesting indicators: everything before the first element separator.
    for (; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (ch === release) return false;
      if (ch === elemSep) break;
    }
    if (i >= end) {
      this.text = text;
      this.ok = true;
      return true;
    }
    let e = 1;
    let r = 1;
    let c = 1;
    let from = i + 1;
    for (let j = from; j <= end; j++) {
      const ch = j < end ? text.charCodeAt(j) : -2;
      if (ch === release && j < end) return false;
      if (ch !== elemSep && ch !== compSep && ch !== repSep && ch !== -2) continue;
      this.add(e, r, c, from, j);
      from = j + 1;
      if (ch === compSep) c++;
      else if (ch === repSep) { r++; c = 1; } else { e++; r = 1; c = 1; }
    }
    this.elements = e - 1;
    this.text = text;
    this.ok = true;
    return true;
  }
}

const cut = new Cut();

/** Cuts the segment unless it is the one cut last; false when it must be read through its split. */
function cutOf(seg: Segment): boolean {
  return cut.segment === seg ? cut.ok : cut.read(seg);
}

/** What `seg.get(e, c)` gives (first repetition), without splitting the segment when it can. */
function valueOf(seg: Segment, e: number, c: number): string | undefined {
  if (!cutOf(seg)) return seg.get(e, c);
  if (e < 1 || e > cut.elements || c < 1 || c > cut.components[e]) return undefined;
  const i = cut.first[e] + c - 1;
  return cut.text.slice(cut.from[i], cut.to[i]);
}

/** Lets go of the segment cut last (and through it, of its message's text). */
export function forgetCut(): void {
  cut.segment = undefined;
  cut.text = '';
}

function countSegments(g: GroupNode): number {
  let n = 0;
  for (const i of g.items) n += i instanceof Segment ? 1 : countSegments(i);
  return n;
}
