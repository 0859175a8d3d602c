/**
 * Checks a segment's data elements against its definition in the directory: number of elements
 * and components, repetitions, mandatory elements and components, representation (character type
 * and length) and code lists.
 *
 * The check reads the segment's bytes where they are (scan.ts), not its split values: splitting
 * makes arrays and strings for every component, and at gateway volumes that allocation, not the
 * checking, was most of the cost. A value becomes a string only when a code list lookup needs it
 * (codes of up to three ASCII characters are looked up as numbers) or a finding quotes it.
 */
import type { ElementDef, SegmentDef } from '../../catalogue/edifact/index.js';
import type { ErrorCode } from '../../errors/codes.js';
import type { Segment } from '../../syntax/edifact/index.js';
import { noteValues } from '../fields.js';
import type { CodeCheck, CodeCheckContext } from '../types.js';
import { isOpenCodeList } from './open-lists.js';
import { codeKeyOf, digitsOf, hasDigitByte, NUMERIC_DIGIT, NUMERIC_TYPE, sourceOf, SegmentValues } from './scan.js';

const AN = 0;
const A = 1;
const N = 2;

/** Code list responsible agency, and its code for UN/ECE (the UN lists). */
const AGENCY = '3055';
const UN_ECE = '6';

export interface ValueRule {
  readonly id: string;
  readonly name: string;
  readonly repr: string;
  readonly type: 0 | 1 | 2;
  readonly min: number;
  readonly max: number;
  /** The directory publishes a code list for this element. */
  readonly coded: boolean;
  /** The list names some codes, users and associations define others (open-lists.ts). */
  readonly open: boolean;
  readonly lists: CodeLists;
  /** The code list once first needed (null: the directory has none after all). */
  list: CodeList | null | undefined;
  /** The code-list hook last asked about this element, and whether it has a say on it. */
  hook: CodeCheck | undefined;
  hookAsked: boolean;
  /**
   * A deterministic hook's verdicts on short codes, for one message type and directory: by the
   * segment qualifier's code key (0 when empty), then the value's code key.
   */
  verdicts: VerdictTable | undefined;
  /** The same for values of four to eight ASCII characters (size-type codes), by qualifier key then text. */
  longVerdicts: Map<number, Map<string, boolean | undefined>> | undefined;
  verdictsType: string;
  verdictsDirectory: string;
}

export interface CodeList {
  readonly codes: ReadonlyMap<string, string>;
  /** Codes of up to three ASCII characters as numbers (scan.ts `codeKey`), for lookups without a string. */
  readonly short: KeySet;
}

/**
 * A set of code keys (positive numbers below 2^26) in one typed array, open addressing: every
 * coded value of every segment is looked up, and a probe in a small array costs less than a Set.
 */
export class KeySet {
  private readonly keys: Int32Array;
  private readonly mask: number;

  constructor(keys: Iterable<number>) {
    const list = [...new Set(keys)];
    let size = 16;
    while (size < list.length * 4) size *= 2;
    this.keys = new Int32Array(size);
    this.mask = size - 1;
    for (const k of list) {
      let i = slotOf(k) & this.mask;
      while (this.keys[i] !== 0) i = (i + 1) & this.mask;
      this.keys[i] = k;
    }
  }

  has(key: number): boolean {
    // 0 marks an empty slot; no code key is 0 (its length is in the high bits).
    if (key <= 0) return false;
    const keys = this.keys;
    const mask = this.mask;
    for (let i = slotOf(key) & mask; ; i = (i + 1) & mask) {
      const k = keys[i];
      if (k === key) return true;
      if (k === 0) return false;
    }
  }
}

function slotOf(key: number): number {
  return Math.imul(key, 0x9e3779b1) >>> 16;
}

/**
 * The code lists of one directory (or of the service definitions), made on first use and shared by
 * every segment whose elements use them: 3055 and 1131 stand in most composites.
 */
export class CodeLists {
  private readonly made = new Map<string, CodeList | null>();
  private readonly load: (elementId: string) => ReadonlyMap<string, string> | undefined;

  constructor(load: (elementId: string) => ReadonlyMap<string, string> | undefined) {
    this.load = load;
  }

  get(elementId: string): CodeList | null {
    let list = this.made.get(elementId);
    if (list === undefined) {
      const codes = this.load(elementId);
      if (codes) {
        const keys: number[] = [];
        for (const code of codes.keys()) {
          const key = codeKeyOf(code);
          if (key >= 0) keys.push(key);
        }
        list = { codes, short: new KeySet(keys) };
      } else {
        list = null;
      }
      this.made.set(elementId, list);
    }
    return list;
  }
}

export interface ElementRule {
  readonly id: string;
  readonly name: string;
  readonly mandatory: boolean;
  readonly repeat: number;
  /** Set for a simple data element. */
  readonly value: ValueRule | undefined;
  /** Set for a composite. */
  readonly components: readonly { readonly rule: ValueRule; readonly mandatory: boolean }[] | undefined;
  /** Position (index) of the composite's code list responsible agency (3055), -1 when it has none. */
  readonly agency: number;
}

export interface SegmentRule {
  readonly tag: string;
  readonly name: string;
  readonly elements: readonly ElementRule[];
}

function valueRule(def: ElementDef, lists: CodeLists, directory: string): ValueRule {
  return {
    id: def.id,
    name: def.name,
    repr: def.repr,
    type: def.type === 'n' ? N : def.type === 'a' ? A : AN,
    min: def.min,
    max: def.max,
    coded: def.codeList,
    open: isOpenCodeList(directory, def.id),
    lists,
    list: undefined,
    hook: undefined,
    hookAsked: false,
    verdicts: undefined,
    longVerdicts: undefined,
    verdictsType: '',
    verdictsDirectory: '',
  };
}

/** `directory` is the directory id ('D95B'), or 'service' for service segments. */
export function compileSegment(def: SegmentDef, codes: CodeLists, directory: string): SegmentRule {
  return {
    tag: def.tag,
    name: def.name,
    elements: def.elements.map((e): ElementRule => ({
      id: e.id,
      name: e.name,
      mandatory: e.mandatory,
      repeat: e.repeat,
      value: e.element ? valueRule(e.element, codes, directory) : undefined,
      components: e.components?.map((c) => ({ rule: valueRule(c.element, codes, directory), mandatory: c.mandatory })),
      agency: e.components?.findIndex((c) => c.element.id === AGENCY) ?? -1,
    })),
  };
}

export interface ElementContext {
  /** The decimal mark in force (UNA, or full stop), as a character code. */
  readonly decimal: number;
  readonly directory: string;
  readonly messageType: string;
  readonly codeCheck: CodeCheck | undefined;
  /** The directory publishes no code lists: the hook is asked about every value. */
  readonly askAll: boolean;
  /** Passes (profile and business rules) will read the message's segments: note their values for them (fields.ts). */
  readonly notePositions: boolean;
  report(code: ErrorCode, text: string, seg: Segment, element?: number, component?: number, repetition?: number): void;
}

/** A value quoted in a finding, shortened: findings carry the offending value, not the payload. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}…` : value);
}

/**
 * Scanners are reused from segment to segment; one per nesting level, because a code-list hook
 * runs in the middle of a segment's check and could itself validate something.
 */
const scanners: SegmentValues[] = [];
let depth = 0;

export function checkSegmentElements(seg: Segment, rule: SegmentRule, ctx: ElementContext): void {
  const v = (scanners[depth] ??= new SegmentValues());
  depth++;
  try {
    // The outermost check keeps the message's positions for the rules that read it next.
    const note = ctx.notePositions && depth === 1;
    checkElements(seg, rule, ctx, v, note);
    if (note) noteValues(seg, v);
  } finally {
    depth--;
  }
}

/** A new message: the positions kept for the last one are no longer needed. */
export function restartNotes(): void {
  scanners[0]?.restart();
}

function checkElements(seg: Segment, rule: SegmentRule, ctx: ElementContext, v: SegmentValues, keep: boolean): void {
  v.read(sourceOf(seg), keep);
  const defs = rule.elements;
  const n = v.elementCount;
  for (let e = 0; e < defs.length; e++) {
    const def = defs[e];
    const position = e + 1;
    if (e >= n || !v.elementHasData(e)) {
      if (def.mandatory) ctx.report('GW_ERR_ELEMENT_MISSING', `${rule.tag} element ${position} (${def.id} ${def.name}) is mandatory and missing`, seg, position);
      continue;
    }
    const reps = v.repetitions(e);
    if (reps > def.repeat) {
      ctx.report('GW_ERR_ELEMENT_REPEATED_TOO_OFTEN', `${rule.tag} element ${position} (${def.id} ${def.name}) is repeated ${reps} times; its definition allows ${def.repeat === 1 ? 'no repetition' : `${def.repeat}`}`, seg, position, undefined, def.repeat + 1);
    }
    for (let r = 0; r < reps; r++) {
      const first = v.first(e, r);
      const count = v.components(e, r);
      const repetition = reps > 1 ? r + 1 : undefined;
      if (def.value !== undefined) {
        const extra = v.firstDataFrom(first, count, 1);
        if (extra >= 0) ctx.report('GW_ERR_TOO_MANY_COMPONENTS', `${rule.tag} element ${position} (${def.id} ${def.name}) is a simple data element but has ${count} components`, seg, position, extra + 1, repetition);
        if (v.isEmpty(first)) {
          if (def.mandatory) ctx.report('GW_ERR_ELEMENT_MISSING', `${rule.tag} element ${position} (${def.id} ${def.name}) is mandatory and missing`, seg, position, undefined, repetition);
          continue;
        }
        checkValue(v, seg, rule, first, def.value, ctx, position, undefined, repetition, false);
        continue;
      }
      const comps = def.components!;
      // One repetition holds data when its element does (checked above).
      if (reps > 1 && v.firstDataFrom(first, count, 0) < 0) continue;
      const extra = v.firstDataFrom(first, count, comps.length);
      if (extra >= 0) ctx.report('GW_ERR_TOO_MANY_COMPONENTS', `${rule.tag} ${def.id} (${def.name}) has ${count} components; its definition has ${comps.length}`, seg, position, extra + 1, repetition);
      // A composite naming another agency (ISO 6346 size-type codes with 5, BIC, SMDG, "ZZZ"
      // mutually defined) takes its codes, and its list qualifier 1131, from that agency's list.
      const a = def.agency;
      const foreign = a >= 0 && a < count && !v.isEmpty(first + a) && !v.equals(first + a, UN_ECE);
      for (let c = 0; c < comps.length; c++) {
        const comp = comps[c];
        if (c >= count || v.isEmpty(first + c)) {
          if (comp.mandatory) ctx.report('GW_ERR_COMPONENT_MISSING', `${rule.tag} ${def.id} component ${c + 1} (${comp.rule.id} ${comp.rule.name}) is mandatory and missing`, seg, position, c + 1, repetition);
          continue;
        }
        checkValue(v, seg, rule, first + c, comp.rule, ctx, position, c + 1, repetition, foreign && c !== a);
      }
    }
  }
  if (n > defs.length) {
    for (let e = defs.length; e < n; e++) {
      if (!v.elementHasData(e)) continue;
      ctx.report('GW_ERR_TOO_MANY_ELEMENTS', `${rule.tag} has ${n} data elements; its definition has ${defs.length}`, seg, e + 1);
      break;
    }
  }
}

/** Checks the non-empty value at `index` of the scanned segment. */
function checkValue(v: SegmentValues, seg: Segment, rule: SegmentRule, index: number, def: ValueRule, ctx: ElementContext, element: number, component: number | undefined, repetition: number | undefined, foreignList: boolean): void {
  let length: number;
  if (def.type === N) {
    const r = digitsOf(v, index, ctx.decimal);
    if (r < 0) {
      const text = v.text(index);
      const where = `${rule.tag} ${def.id} (${def.name})`;
      if (r === NUMERIC_TYPE) ctx.report('GW_ERR_CHARACTER_TYPE', `${where} is numeric (${def.repr}) but holds ${quote(text)}`, seg, element, component, repetition);
      else if (r === NUMERIC_DIGIT) ctx.report('GW_ERR_DECIMAL_DIGIT_MISSING', `${where} ${quote(text)} has no digit in front of its decimal mark`, seg, element, component, repetition);
      else ctx.report('GW_ERR_DECIMAL_NOTATION', `${where} ${quote(text)} does not use the decimal mark "${String.fromCharCode(ctx.decimal)}" of this interchange as a number allows`, seg, element, component, repetition);
      return;
    }
    length = r;
  } else {
    if (def.type === A && hasDigitByte(v, index)) {
      ctx.report('GW_ERR_CHARACTER_TYPE', `${rule.tag} ${def.id} (${def.name}) is alphabetic (${def.repr}) but holds digits: ${quote(v.text(index))}`, seg, element, component, repetition);
      return;
    }
    length = v.characters(index);
  }
  if (length > def.max || length < def.min) {
    const long = length > def.max;
    const unit = def.type === N ? 'digits' : 'characters';
    const text = `${rule.tag} ${def.id} (${def.name}) ${quote(v.text(index))} has ${length} ${unit}; ${def.repr} ${long ? `allows at most ${def.max}` : `needs ${def.min}`}`;
    ctx.report(long ? 'GW_ERR_ELEMENT_TOO_LONG' : 'GW_ERR_ELEMENT_TOO_SHORT', text, seg, element, component, repetition);
    return;
  }
  const hook = hookFor(def, ctx.codeCheck);
  if (!def.coded && !(ctx.askAll && hook !== undefined)) return;
  let list = def.list;
  if (list === undefined && def.coded) list = def.list = def.lists.get(def.id);
  const codes = foreignList || !list ? undefined : list.codes;
  const verdict = hook !== undefined ? ask(hook, v, rule, index, def, ctx) : undefined;
  if (verdict === true) return;
  if (verdict === false) {
    const value = v.text(index);
    ctx.report('GW_ERR_CODE_VALUE_INVALID', `${rule.tag} ${def.id} (${def.name}) ${quote(value)} is not a code the partner profile accepts here${codes?.has(value) ? ' (the UN list has it, the profile excludes it)' : ''}`, seg, element, component, repetition);
    return;
  }
  if (codes === undefined || def.open) return;
  const key = v.codeKey(index);
  const known = key >= 0 ? list!.short.has(key) : codes.has(v.text(index));
  if (!known) {
    ctx.report('GW_ERR_CODE_VALUE_INVALID', `${rule.tag} ${def.id} (${def.name}) ${quote(v.text(index))} is not in code list ${def.id} of ${ctx.directory}`, seg, element, component, repetition);
  }
}

/** The hook when it has a say on the element (decided once per element and hook). */
function hookFor(def: ValueRule, hook: CodeCheck | undefined): CodeCheck | undefined {
  if (hook === undefined) return undefined;
  if (def.hook !== hook) {
    def.hook = hook;
    def.hookAsked = hook.elements === undefined || hook.elements.has(def.id);
    def.verdicts = undefined;
    def.longVerdicts = undefined;
  }
  return def.hookAsked ? hook : undefined;
}

/** Verdicts kept per element, in case a partner sends random short codes. */
const VERDICTS_MAX = 4096;

/** What the hook says about the value at `index`; a deterministic hook's verdicts on short codes are kept. */
function ask(hook: CodeCheck, v: SegmentValues, rule: SegmentRule, index: number, def: ValueRule, ctx: ElementContext): boolean | undefined {
  let table: VerdictTable | undefined;
  let short = -1;
  let longByQualifier: Map<string, boolean | undefined> | undefined;
  let key = -1;
  let value: string | undefined;
  if (hook.deterministic === true) {
    const qualifierKey = v.qualifierKey();
    if (qualifierKey >= 0) {
      if (def.verdictsType !== ctx.messageType || def.verdictsDirectory !== ctx.directory) {
        def.verdicts = undefined;
        def.longVerdicts = undefined;
        def.verdictsType = ctx.messageType;
        def.verdictsDirectory = ctx.directory;
      }
      key = v.codeKey(index);
      if (key >= 0) {
        table = def.verdicts ??= new VerdictTable();
        const known = table.get(qualifierKey, key);
        if (known !== UNKNOWN) return known === 1 ? true : known === 2 ? false : undefined;
        short = qualifierKey;
      } else if (v.isShortAscii(index)) {
        value = v.text(index);
        const verdicts = (def.longVerdicts ??= new Map<number, Map<string, boolean | undefined>>());
        longByQualifier = verdicts.get(qualifierKey);
        if (longByQualifier === undefined && verdicts.size < VERDICTS_MAX) verdicts.set(qualifierKey, (longByQualifier = new Map<string, boolean | undefined>()));
        if (longByQualifier !== undefined && longByQualifier.has(value)) return longByQualifier.get(value);
      }
    }
  }
  const qualifier = v.firstValueText();
  value ??= v.text(index);
  const question: CodeCheckContext = qualifier !== ''
    ? { directory: ctx.directory, messageType: ctx.messageType, tag: rule.tag, elementId: def.id, segmentQualifier: qualifier, value }
    : { directory: ctx.directory, messageType: ctx.messageType, tag: rule.tag, elementId: def.id, value };
  const verdict = hook(question);
  if (table !== undefined) table.set(short, key, verdict === true ? 1 : verdict === false ? 2 : 3);
  if (longByQualifier !== undefined && longByQualifier.size < VERDICTS_MAX) longByQualifier.set(value, verdict);
  return verdict;
}

const UNKNOWN = 0;

/**
 * A deterministic hook's verdicts by (qualifier key, value key), both code keys (below 2^26, the
 * qualifier's 0 when empty), in typed arrays with open addressing: 1 true, 2 false, 3 undefined.
 * Holds at most VERDICTS_MAX verdicts; more are asked again.
 */
class VerdictTable {
  private qualifiers = new Int32Array(64).fill(-1);
  private values = new Int32Array(64);
  private verdicts = new Uint8Array(64);
  private size = 0;

  get(qualifier: number, value: number): number {
    const mask = this.qualifiers.length - 1;
    for (let i = hashPair(qualifier, value) & mask; ; i = (i + 1) & mask) {
      const q = this.qualifiers[i];
      if (q === -1) return UNKNOWN;
      if (q === qualifier && this.values[i] === value) return this.verdicts[i];
    }
  }

  set(qualifier: number, value: number, verdict: number): void {
    if (this.size >= VERDICTS_MAX) return;
    if ((this.size + 1) * 2 > this.qualifiers.length) this.grow();
    const mask = this.qualifiers.length - 1;
    let i = hashPair(qualifier, value) & mask;
    while (this.qualifiers[i] !== -1) {
      if (this.qualifiers[i] === qualifier && this.values[i] === value) return;
      i = (i + 1) & mask;
    }
    this.qualifiers[i] = qualifier;
    this.values[i] = value;
    this.verdicts[i] = verdict;
    this.size++;
  }

  private grow(): void {
    const { qualifiers, values, verdicts } = this;
    this.qualifiers = new Int32Array(qualifiers.length * 2).fill(-1);
    this.values = new Int32Array(qualifiers.length * 2);
    this.verdicts = new Uint8Array(qualifiers.length * 2);
    this.size = 0;
    for (let i = 0; i < qualifiers.length; i++) if (qualifiers[i] !== -1) this.set(qualifiers[i], values[i], verdicts[i]);
  }
}

function hashPair(a: number, b: number): number {
  return Math.imul(a ^ Math.imul(b, 0x85ebca6b), 0x9e3779b1) >>> 12;
}
