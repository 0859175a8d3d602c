/**
 * Checks one service segment (UNB, UNG, UNH, UNT, UNE, UNZ) against its definition in the service
 * directory of the interchange's syntax version: mandatory elements and components, too many
 * constituents, representation (type and length), repetitions, code lists, dates and times.
 */
import type { Location, Severity } from '../../errors/index.js';
import type { ErrorCode } from '../../errors/codes.js';
import type { ElementValues, Segment } from './segment.js';
import { parseRepr, serviceDefinitions, type ServiceComponentDef, type ServiceDefinitions, type Representation, type ServiceElementDef, type ServiceSegmentDef } from './service-defs.js';

export type Report = (code: ErrorCode, text: string, location: Location, severity?: Severity) => void;

/**
 * Coded service elements whose value must come from the service code list, and how severe a value
 * outside it is. Partner identification qualifiers (0007) such as "ZZ" or "01" are everywhere in
 * port traffic although the lists lack them, so they are only noted (not reported in CONTRL); a
 * wrong acknowledgement request or test indicator changes what the gateway does, so it rejects.
 * 0001 and 0002 have their own, more telling findings.
 */
const CODED: Readonly<Record<string, Severity>> = {
  '0007': 'info',
  '0025': 'warning',
  '0029': 'error',
  '0031': 'error',
  '0035': 'error',
  '0051': 'warning',
  '0073': 'error',
};

/** Dates and times are checked for their meaning, not only their length. */
const DATE_ELEMENTS = new Set(['0017', '0019']);

export interface ServiceCheckContext {
  readonly version: number;
  readonly report: Report;
  /** Builds the location of element/component positions inside the segment. */
  readonly locate: (seg: Segment, element?: number, component?: number, repetition?: number) => Location;
  readonly schemasRoot?: string;
}

/** A component (or simple element) definition with its representation parsed once. */
interface CompiledValue {
  readonly def: ServiceComponentDef;
  readonly type: 'a' | 'n' | 'an';
  readonly min: number;
  readonly max: number;
  readonly date: boolean;
  /** Service code list checked, with the severity of a value outside it. */
  readonly codes: Readonly<Record<string, string>> | undefined;
  readonly severity: Severity | undefined;
  /** A representation the definition file gets wrong: thrown when a value is checked against it. */
  readonly invalid: Error | undefined;
}

interface CompiledElement {
  readonly def: ServiceElementDef;
  readonly components: readonly CompiledValue[] | undefined;
  readonly simple: CompiledValue | undefined;
}

interface CompiledSegment {
  readonly def: ServiceSegmentDef;
  readonly elements: readonly CompiledElement[];
}

/**
 * Definitions compiled per service directory (representations parsed, code lists resolved) once
 * for the process: the checks run for every service segment of every interchange.
 */
const compiled = new WeakMap<ServiceDefinitions, Map<string, CompiledSegment | null>>();

function compileValue(def: ServiceComponentDef, defs: ServiceDefinitions): CompiledValue {
  const date = DATE_ELEMENTS.has(def.id);
  let repr: Representation | undefined;
  let invalid: Error | undefined;
  try {
    repr = date ? undefined : parseRepr(def.repr);
  } catch (err) {
    invalid = err as Error;
  }
  const severity = CODED[def.id];
  return {
    def,
    type: repr?.type ?? 'an',
    min: repr?.min ?? 0,
    max: repr?.max ?? 0,
    date,
    codes: severity !== undefined ? defs.codes[def.id] : undefined,
    severity,
    invalid,
  };
}

function compiledSegment(defs: ServiceDefinitions, tag: string): CompiledSegment | undefined {
  let byTag = compiled.get(defs);
  if (!byTag) compiled.set(defs, (byTag = new Map<string, CompiledSegment | null>()));
  let c = byTag.get(tag);
  if (c === undefined) {
    const def = defs.segments[tag];
    c = def
      ? {
          def,
          elements: def.elements.map((e) => ({
            def: e,
            components: e.components?.map((cd) => compileValue(cd, defs)),
            simple: e.components ? undefined : compileValue({ id: e.id, name: e.name, mandatory: e.mandatory, repr: e.repr ?? 'an..35' }, defs),
          })),
        }
      : null;
    byTag.set(tag, c);
  }
  return c ?? undefined;
}

function laterDefinition(tag: string, version: number, schemasRoot: string | undefined): ServiceSegmentDef | undefined {
  if (version >= 4) return undefined;
  return (schemasRoot === undefined ? serviceDefinitions(4) : serviceDefinitions(4, schemasRoot)).segments[tag];
}

function allEmpty(reps: ElementValues): boolean {
  for (const r of reps) for (const c of r) if (c !== '') return false;
  return true;
}

function someFilledFrom(rep: readonly string[], from: number): boolean {
  for (let i = from; i < rep.length; i++) if (rep[i] !== '') return true;
  return false;
}

export function checkServiceSegment(seg: Segment, ctx: ServiceCheckContext): void {
  const defs: ServiceDefinitions = ctx.schemasRoot === undefined ? serviceDefinitions(ctx.version) : serviceDefinitions(ctx.version, ctx.schemasRoot);
  const compiledDef = compiledSegment(defs, seg.tag);
  if (!compiledDef) return;
  const def = compiledDef.def;
  // Only needed when a segment holds more than its definition: looked up then.
  let later: ServiceSegmentDef | undefined | null = null;
  const laterDef = (): ServiceSegmentDef | undefined => (later === null ? (later = laterDefinition(seg.tag, ctx.version, ctx.schemasRoot)) : later);
  const elements = seg.elements;
  const count = Math.max(def.elements.length, elements.length);
  for (let e = 0; e < count; e++) {
    const compiledElem = compiledDef.elements[e];
    const reps = elements[e];
    const pos = e + 1;
    if (!compiledElem) {
      if (!reps || allEmpty(reps)) continue;
      const laterElem = laterDef()?.elements[e];
      if (laterElem) {
        ctx.report('GW_ERR_SERVICE_LATER_VERSION', `${seg.tag} element ${pos} (${laterElem.id} ${laterElem.name}) only exists from syntax version 4; the interchange declares version ${ctx.version}`, ctx.locate(seg, pos));
      } else {
        ctx.report('GW_ERR_SERVICE_TOO_MANY_ELEMENTS', `${seg.tag} has ${elements.length} data elements; its definition has ${def.elements.length}`, ctx.locate(seg, pos));
      }
      continue;
    }
    const elemDef = compiledElem.def;
    const present = reps !== undefined && !allEmpty(reps);
    if (!present) {
      if (elemDef.mandatory) ctx.report('GW_ERR_SERVICE_ELEMENT_MISSING', `${seg.tag} element ${pos} (${elemDef.id} ${elemDef.name}) is mandatory and missing`, ctx.locate(seg, pos));
      continue;
    }
    const allowed = elemDef.repeat ?? 1;
    if (reps.length > allowed) {
      ctx.report('GW_ERR_REPETITION_NOT_ALLOWED', `${seg.tag} element ${pos} (${elemDef.id}) is repeated ${reps.length} times; at most ${allowed} allowed`, ctx.locate(seg, pos, undefined, allowed + 1));
    }
    for (let r = 0; r < reps.length; r++) {
      const rep = reps[r];
      const repetition = reps.length > 1 ? r + 1 : undefined;
      const comps = compiledElem.components;
      if (comps) {
        if (rep.length > comps.length && someFilledFrom(rep, comps.length)) {
          const laterComps = laterDef()?.elements[e]?.components;
          if (laterComps && laterComps.length >= rep.length) {
            const extra = laterComps.slice(comps.length, rep.length).map((c) => c.id).join(', ');
            ctx.report('GW_ERR_SERVICE_LATER_VERSION', `${seg.tag} ${elemDef.id} has ${rep.length} components; ${extra} only exist from syntax version 4 (the interchange declares version ${ctx.version})`, ctx.locate(seg, pos, comps.length + 1, repetition));
          } else {
            ctx.report('GW_ERR_SERVICE_TOO_MANY_ELEMENTS', `${seg.tag} ${elemDef.id} (${elemDef.name}) has ${rep.length} components; its definition has ${comps.length}`, ctx.locate(seg, pos, comps.length + 1, repetition));
          }
        }
        for (let c = 0; c < comps.length; c++) {
          const compDef = comps[c];
          const value = rep[c] ?? '';
          if (value === '') {
            if (compDef.def.mandatory) ctx.report('GW_ERR_SERVICE_ELEMENT_MISSING', `${seg.tag} ${elemDef.id} component ${c + 1} (${compDef.def.id} ${compDef.def.name}) is mandatory and missing`, ctx.locate(seg, pos, c + 1, repetition));
            continue;
          }
          checkValue(seg, value, compDef, ctx, pos, c + 1, repetition);
        }
      } else {
        if (rep.length > 1 && someFilledFrom(rep, 1)) {
          ctx.report('GW_ERR_SERVICE_TOO_MANY_ELEMENTS', `${seg.tag} element ${pos} (${elemDef.id}) is a simple data element but has ${rep.length} components`, ctx.locate(seg, pos, 2, repetition));
        }
        const value = rep[0] ?? '';
        if (value === '') {
          if (elemDef.mandatory) ctx.report('GW_ERR_SERVICE_ELEMENT_MISSING', `${seg.tag} element ${pos} (${elemDef.id} ${elemDef.name}) is mandatory and missing`, ctx.locate(seg, pos, undefined, repetition));
          continue;
        }
        checkValue(seg, value, compiledElem.simple!, ctx, pos, undefined, repetition);
      }
    }
  }
}

const NUMERIC = /^-?\d*[.,]?\d+$/;
const DIGIT = /\d/;
const ALL_DIGITS = /^\d+$/;

/** Length of a numeric value without its sign and decimal mark. */
function numericLength(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c !== 0x2d && c !== 0x2e && c !== 0x2c) n++;
  }
  return n;
}

/** Whether a value passes every check of checkValue: the common case, with nothing allocated. */
function valueOk(value: string, v: CompiledValue, version: number): boolean {
  if (v.date) return dateTimeOk(v.def.id, value, version);
  if (v.type === 'n' && !NUMERIC.test(value)) return false;
  if (v.type === 'a' && DIGIT.test(value)) return false;
  const length = v.type === 'n' ? numericLength(value) : value.length;
  if (length > v.max || length < v.min) return false;
  return v.codes === undefined || Object.hasOwn(v.codes, value);
}

/** Checks one value; the wording and location of a finding are only built when there is one. */
function checkValue(seg: Segment, value: string, v: CompiledValue, ctx: ServiceCheckContext, element: number, component: number | undefined, repetition: number | undefined): void {
  if (v.invalid) throw v.invalid;
  if (valueOk(value, v, ctx.version)) return;
  const def = v.def;
  const where = `${seg.tag} ${def.id} (${def.name})`;
  const loc = ctx.locate(seg, element, component, repetition);
  if (v.date) {
    checkDateTime(def.id, value, where, ctx, loc);
    return;
  }
  if (v.type === 'n' && !NUMERIC.test(value)) {
    ctx.report('GW_ERR_SERVICE_CHAR_TYPE', `${where} is numeric (${def.repr}) but holds "${value}"`, loc);
    return;
  }
  if (v.type === 'a' && DIGIT.test(value)) {
    ctx.report('GW_ERR_SERVICE_CHAR_TYPE', `${where} is alphabetic (${def.repr}) but holds digits: "${value}"`, loc);
    return;
  }
  const length = v.type === 'n' ? numericLength(value) : value.length;
  if (length > v.max) {
    ctx.report('GW_ERR_SERVICE_TOO_LONG', `${where} is ${length} characters long; ${def.repr} allows at most ${v.max}`, loc);
  } else if (length < v.min) {
    ctx.report('GW_ERR_SERVICE_TOO_SHORT', `${where} is ${length} characters long; ${def.repr} needs ${v.min}`, loc);
  }
  const codes = v.codes;
  if (codes !== undefined && !Object.hasOwn(codes, value)) {
    ctx.report('GW_ERR_SERVICE_CODE_INVALID', `${where} "${value}" is not in service code list ${def.id} of syntax version ${ctx.version}`, loc, v.severity);
  }
}

/** The same verdict as checkDateTime, without building anything. */
function dateTimeOk(id: string, value: string, version: number): boolean {
  if (!ALL_DIGITS.test(value)) return false;
  if (id === '0019') return value.length === 4 && Number(value.slice(0, 2)) <= 23 && Number(value.slice(2, 4)) <= 59;
  if (value.length !== 6 && value.length !== 8) return false;
  if (value.length !== (version >= 4 ? 8 : 6)) return false;
  const yyyy = value.length === 8 ? Number(value.slice(0, 4)) : 2000 + Number(value.slice(0, 2));
  const rest = value.slice(value.length - 4);
  return validDate(yyyy, Number(rest.slice(0, 2)), Number(rest.slice(2, 4)));
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(yyyy: number, mm: number, dd: number): boolean {
  if (mm < 1 || mm > 12 || dd < 1) return false;
  // Date.UTC reads years 0-99 as 1900-1999: let it decide those (and anything unusual) as before.
  if (!Number.isInteger(yyyy) || yyyy < 100) return dd <= new Date(Date.UTC(yyyy, mm, 0)).getUTCDate();
  const leap = (yyyy % 4 === 0 && yyyy % 100 !== 0) || yyyy % 400 === 0;
  return dd <= (mm === 2 && leap ? 29 : MONTH_DAYS[mm - 1]);
}

/** UNB/UNG S004: YYMMDD and HHMM in versions 1-3, CCYYMMDD and HHMM in version 4. */
function checkDateTime(id: string, value: string, where: string, ctx: ServiceCheckContext, loc: Location): void {
  if (!ALL_DIGITS.test(value)) {
    ctx.report('GW_ERR_DATE_INVALID', `${where} "${value}" is not numeric`, loc);
    return;
  }
  if (id === '0019') {
    const ok = value.length === 4 && Number(value.slice(0, 2)) <= 23 && Number(value.slice(2, 4)) <= 59;
    if (!ok) ctx.report('GW_ERR_DATE_INVALID', `${where} "${value}" is not a time HHMM`, loc);
    return;
  }
  const expected = ctx.version >= 4 ? 8 : 6;
  if (value.length !== 6 && value.length !== 8) {
    ctx.report('GW_ERR_DATE_INVALID', `${where} "${value}" is not a date (${expected === 8 ? 'CCYYMMDD' : 'YYMMDD'})`, loc);
    return;
  }
  const yyyy = value.length === 8 ? Number(value.slice(0, 4)) : 2000 + Number(value.slice(0, 2));
  const rest = value.slice(value.length - 4);
  if (!validDate(yyyy, Number(rest.slice(0, 2)), Number(rest.slice(2, 4)))) {
    ctx.report('GW_ERR_DATE_INVALID', `${where} "${value}" is not a valid date (${value.length === 8 ? 'CCYYMMDD' : 'YYMMDD'})`, loc);
    return;
  }
  if (value.length !== expected) {
    ctx.report('GW_ERR_DATE_FORMAT_VERSION', `${where} "${value}" has ${value.length} digits (${value.length === 8 ? 'CCYYMMDD' : 'YYMMDD'}); syntax version ${ctx.version} uses ${expected === 8 ? 'CCYYMMDD' : 'YYMMDD'}`, loc);
  }
}

