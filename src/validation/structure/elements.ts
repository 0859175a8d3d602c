/**
 * Checks a segment's data elements against its definition in the directory: number of elements
 * and components, repetitions, mandatory elements and components, representation (character type
 * and length) and code lists. A segment definition is compiled once per directory into plain
 * arrays; checking a segment reads its split values once and allocates nothing unless it finds
 * something (or a code-list hook is asked).
 */
import type { ElementDef, SegmentDef } from '../../catalogue/edifact/index.js';
import type { ErrorCode } from '../../errors/codes.js';
import type { Segment } from '../../syntax/edifact/index.js';
import type { CodeCheck } from '../types.js';
import { isOpenCodeList } from './open-lists.js';

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
  /** The directory's code list; undefined when it publishes none for this element. */
  readonly codes: ReadonlyMap<string, string> | undefined;
  /** The list names some codes, users and associations define others (open-lists.ts). */
  readonly open: boolean;
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

export type CodeLists = (elementId: string) => ReadonlyMap<string, string> | undefined;

function valueRule(def: ElementDef, codes: CodeLists, directory: string): ValueRule {
  return {
    id: def.id,
    name: def.name,
    repr: def.repr,
    type: def.type === 'n' ? N : def.type === 'a' ? A : AN,
    min: def.min,
    max: def.max,
    codes: def.codeList ? codes(def.id) : undefined,
    open: isOpenCodeList(directory, def.id),
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
  report(code: ErrorCode, text: string, seg: Segment, element?: number, component?: number, repetition?: number): void;
}

function hasData(rep: readonly string[] | undefined): boolean {
  if (rep === undefined) return false;
  for (let i = 0; i < rep.length; i++) if (rep[i] !== '') return true;
  return false;
}

/** A value quoted in a finding, shortened: findings carry the offending value, not the payload. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}…` : value);
}

export function checkSegmentElements(seg: Segment, rule: SegmentRule, ctx: ElementContext): void {
  const elements = seg.elements;
  const defs = rule.elements;
  const n = elements.length;
  for (let e = 0; e < defs.length; e++) {
    const def = defs[e];
    const reps = e < n ? elements[e] : undefined;
    const position = e + 1;
    let present = false;
    if (reps !== undefined) for (let r = 0; r < reps.length && !present; r++) present = hasData(reps[r]);
    if (!present) {
      if (def.mandatory) ctx.report('GW_ERR_ELEMENT_MISSING', `${rule.tag} element ${position} (${def.id} ${def.name}) is mandatory and missing`, seg, position);
      continue;
    }
    const repeated = reps!.length > 1;
    if (reps!.length > def.repeat) {
      ctx.report('GW_ERR_ELEMENT_REPEATED_TOO_OFTEN', `${rule.tag} element ${position} (${def.id} ${def.name}) is repeated ${reps!.length} times; its definition allows ${def.repeat === 1 ? 'no repetition' : `${def.repeat}`}`, seg, position, undefined, def.repeat + 1);
    }
    for (let r = 0; r < reps!.length; r++) {
      const rep = reps![r];
      const repetition = repeated ? r + 1 : undefined;
      if (def.value !== undefined) {
        if (rep.length > 1 && hasData(rep.slice(1))) {
          ctx.report('GW_ERR_TOO_MANY_COMPONENTS', `${rule.tag} element ${position} (${def.id} ${def.name}) is a simple data element but has ${rep.length} components`, seg, position, 2, repetition);
        }
        const v = rep[0];
        if (v === '') {
          if (def.mandatory) ctx.report('GW_ERR_ELEMENT_MISSING', `${rule.tag} element ${position} (${def.id} ${def.name}) is mandatory and missing`, seg, position, undefined, repetition);
          continue;
        }
        checkValue(seg, rule, v, def.value, ctx, position, undefined, repetition, false);
        continue;
      }
      const comps = def.components!;
      if (!hasData(rep)) continue;
      // A composite naming another agency (ISO 6346 size-type codes with 5, BIC, SMDG, "ZZZ"
      // mutually defined) takes its codes, and its list qualifier 1131, from that agency's list.
      const a = def.agency;
      const foreign = a >= 0 && a < rep.length && rep[a] !== '' && rep[a] !== UN_ECE;
      if (rep.length > comps.length && hasData(rep.slice(comps.length))) {
        ctx.report('GW_ERR_TOO_MANY_COMPONENTS', `${rule.tag} ${def.id} (${def.name}) has ${rep.length} components; its definition has ${comps.length}`, seg, position, comps.length + 1, repetition);
      }
      for (let c = 0; c < comps.length; c++) {
        const v = c < rep.length ? rep[c] : '';
        const comp = comps[c];
        if (v === '') {
          if (comp.mandatory) ctx.report('GW_ERR_COMPONENT_MISSING', `${rule.tag} ${def.id} component ${c + 1} (${comp.rule.id} ${comp.rule.name}) is mandatory and missing`, seg, position, c + 1, repetition);
          continue;
        }
        checkValue(seg, rule, v, comp.rule, ctx, position, c + 1, repetition, foreign && c !== a);
      }
    }
  }
  if (n > defs.length) {
    for (let e = defs.length; e < n; e++) {
      const reps = elements[e];
      let data = false;
      for (let r = 0; r < reps.length && !data; r++) data = hasData(reps[r]);
      if (!data) continue;
      ctx.report('GW_ERR_TOO_MANY_ELEMENTS', `${rule.tag} has ${n} data elements; its definition has ${defs.length}`, seg, e + 1);
      break;
    }
  }
}

const NUMERIC_TYPE = -1;
const NUMERIC_NOTATION = -2;
const NUMERIC_DIGIT = -3;

/**
 * The number of digits of a numeric value, or a negative problem code. A leading minus sign and
 * one decimal mark (the interchange's) are allowed and, as ISO 9735 says, do not count.
 */
function numeric(v: string, decimal: number): number {
  let i = v.charCodeAt(0) === 45 ? 1 : 0;
  let digits = 0;
  let marks = 0;
  const n = v.length;
  for (; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) { digits++; continue; }
    if (c === 46 || c === 44) {
      if (c !== decimal || marks > 0) return NUMERIC_NOTATION;
      if (digits === 0) return NUMERIC_DIGIT;
      marks++;
      continue;
    }
    return NUMERIC_TYPE;
  }
  if (digits === 0) return NUMERIC_TYPE;
  const last = v.charCodeAt(n - 1);
  return last === 46 || last === 44 ? NUMERIC_NOTATION : digits;
}

/** Length in characters (ISO 9735 counts characters, JavaScript counts UTF-16 units). */
function codePoints(v: string): number {
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

function hasDigit(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

function checkValue(seg: Segment, rule: SegmentRule, v: string, def: ValueRule, ctx: ElementContext, element: number, component: number | undefined, repetition: number | undefined, foreignList: boolean): void {
  const where = `${rule.tag} ${def.id} (${def.name})`;
  let length = v.length;
  if (def.type === N) {
    const r = numeric(v, ctx.decimal);
    if (r < 0) {
      if (r === NUMERIC_TYPE) ctx.report('GW_ERR_CHARACTER_TYPE', `${where} is numeric (${def.repr}) but holds ${quote(v)}`, seg, element, component, repetition);
      else if (r === NUMERIC_DIGIT) ctx.report('GW_ERR_DECIMAL_DIGIT_MISSING', `${where} ${quote(v)} has no digit in front of its decimal mark`, seg, element, component, repetition);
      else ctx.report('GW_ERR_DECIMAL_NOTATION', `${where} ${quote(v)} does not use the decimal mark "${String.fromCharCode(ctx.decimal)}" of this interchange as a number allows`, seg, element, component, repetition);
      return;
    }
    length = r;
  } else if (def.type === A && hasDigit(v)) {
    ctx.report('GW_ERR_CHARACTER_TYPE', `${where} is alphabetic (${def.repr}) but holds digits: ${quote(v)}`, seg, element, component, repetition);
    return;
  }
  // Lengths count characters: a character outside the BMP is two UTF-16 units.
  if (length > def.max && def.type !== N) length = codePoints(v);
  if (length > def.max) {
    ctx.report('GW_ERR_ELEMENT_TOO_LONG', `${where} ${quote(v)} has ${length} ${def.type === N ? 'digits' : 'characters'}; ${def.repr} allows at most ${def.max}`, seg, element, component, repetition);
    return;
  }
  if (length < def.min) {
    ctx.report('GW_ERR_ELEMENT_TOO_SHORT', `${where} ${quote(v)} has ${length} ${def.type === N ? 'digits' : 'characters'}; ${def.repr} needs ${def.min}`, seg, element, component, repetition);
    return;
  }
  const codes = foreignList ? undefined : def.codes;
  const hook = ctx.codeCheck;
  if (def.codes === undefined && !(ctx.askAll && hook !== undefined)) return;
  let verdict: boolean | undefined;
  if (hook !== undefined) {
    const qualifier = seg.get(1, 1);
    verdict = hook({
      directory: ctx.directory,
      messageType: ctx.messageType,
      tag: rule.tag,
      elementId: def.id,
      ...(qualifier !== undefined && qualifier !== '' ? { segmentQualifier: qualifier } : {}),
      value: v,
    });
  }
  if (verdict === true) return;
  if (verdict === false) {
    ctx.report('GW_ERR_CODE_VALUE_INVALID', `${where} ${quote(v)} is not a code the partner profile accepts here${codes?.has(v) ? ' (the UN list has it, the profile excludes it)' : ''}`, seg, element, component, repetition);
    return;
  }
  if (codes !== undefined && !def.open && !codes.has(v)) {
    ctx.report('GW_ERR_CODE_VALUE_INVALID', `${where} ${quote(v)} is not in code list ${def.id} of ${ctx.directory}`, seg, element, component, repetition);
  }
}
