/**
 * Checks one service segment (UNB, UNG, UNH, UNT, UNE, UNZ) against its definition in the service
 * directory of the interchange's syntax version: mandatory elements and components, too many
 * constituents, representation (type and length), repetitions, code lists, dates and times.
 */
import type { Location, Severity } from '../../errors/index.js';
import type { ErrorCode } from '../../errors/codes.js';
import type { Segment } from './segment.js';
import { parseRepr, serviceDefinitions, type ServiceComponentDef, type ServiceDefinitions, type ServiceSegmentDef } from './service-defs.js';

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

function laterDefinition(tag: string, version: number, schemasRoot: string | undefined): ServiceSegmentDef | undefined {
  if (version >= 4) return undefined;
  return (schemasRoot === undefined ? serviceDefinitions(4) : serviceDefinitions(4, schemasRoot)).segments[tag];
}

export function checkServiceSegment(seg: Segment, ctx: ServiceCheckContext): void {
  const defs: ServiceDefinitions = ctx.schemasRoot === undefined ? serviceDefinitions(ctx.version) : serviceDefinitions(ctx.version, ctx.schemasRoot);
  const def = defs.segments[seg.tag];
  if (!def) return;
  const later = laterDefinition(seg.tag, ctx.version, ctx.schemasRoot);
  const elements = seg.elements;
  const count = Math.max(def.elements.length, elements.length);
  for (let e = 0; e < count; e++) {
    const elemDef = def.elements[e];
    const reps = elements[e];
    const pos = e + 1;
    if (!elemDef) {
      if (!reps || reps.every((r) => r.every((c) => c === ''))) continue;
      const laterDef = later?.elements[e];
      if (laterDef) {
        ctx.report('GW_ERR_SERVICE_LATER_VERSION', `${seg.tag} element ${pos} (${laterDef.id} ${laterDef.name}) only exists from syntax version 4; the interchange declares version ${ctx.version}`, ctx.locate(seg, pos));
      } else {
        ctx.report('GW_ERR_SERVICE_TOO_MANY_ELEMENTS', `${seg.tag} has ${elements.length} data elements; its definition has ${def.elements.length}`, ctx.locate(seg, pos));
      }
      continue;
    }
    const present = reps !== undefined && reps.some((r) => r.some((c) => c !== ''));
    if (!present) {
      if (elemDef.mandatory) ctx.report('GW_ERR_SERVICE_ELEMENT_MISSING', `${seg.tag} element ${pos} (${elemDef.id} ${elemDef.name}) is mandatory and missing`, ctx.locate(seg, pos));
      continue;
    }
    const allowed = elemDef.repeat ?? 1;
    if (reps.length > allowed) {
      ctx.report('GW_ERR_REPETITION_NOT_ALLOWED', `${seg.tag} element ${pos} (${elemDef.id}) is repeated ${reps.length} times; at most ${allowed} allowed`, ctx.locate(seg, pos, undefined, allowed + 1));
    }
    reps.forEach((rep, r) => {
      const repetition = reps.length > 1 ? r + 1 : undefined;
      if (elemDef.components) {
        const comps = elemDef.components;
        if (rep.length > comps.length && rep.slice(comps.length).some((c) => c !== '')) {
          const laterComps = later?.elements[e]?.components;
          if (laterComps && laterComps.length >= rep.length) {
            const extra = laterComps.slice(comps.length, rep.length).map((c) => c.id).join(', ');
            ctx.report('GW_ERR_SERVICE_LATER_VERSION', `${seg.tag} ${elemDef.id} has ${rep.length} components; ${extra} only exist from syntax version 4 (the interchange declares version ${ctx.version})`, ctx.locate(seg, pos, comps.length + 1, repetition));
          } else {
            ctx.report('GW_ERR_SERVICE_TOO_MANY_ELEMENTS', `${seg.tag} ${elemDef.id} (${elemDef.name}) has ${rep.length} components; its definition has ${comps.length}`, ctx.locate(seg, pos, comps.length + 1, repetition));
          }
        }
        comps.forEach((compDef, c) => {
          const value = rep[c] ?? '';
          if (value === '') {
            if (compDef.mandatory) ctx.report('GW_ERR_SERVICE_ELEMENT_MISSING', `${seg.tag} ${elemDef.id} component ${c + 1} (${compDef.id} ${compDef.name}) is mandatory and missing`, ctx.locate(seg, pos, c + 1, repetition));
            return;
          }
          checkValue(seg, value, compDef, ctx, defs, pos, c + 1, repetition);
        });
      } else {
        if (rep.length > 1 && rep.slice(1).some((c) => c !== '')) {
          ctx.report('GW_ERR_SERVICE_TOO_MANY_ELEMENTS', `${seg.tag} element ${pos} (${elemDef.id}) is a simple data element but has ${rep.length} components`, ctx.locate(seg, pos, 2, repetition));
        }
        const value = rep[0] ?? '';
        if (value === '') {
          if (elemDef.mandatory) ctx.report('GW_ERR_SERVICE_ELEMENT_MISSING', `${seg.tag} element ${pos} (${elemDef.id} ${elemDef.name}) is mandatory and missing`, ctx.locate(seg, pos, undefined, repetition));
          return;
        }
        checkValue(seg, value, { id: elemDef.id, name: elemDef.name, mandatory: elemDef.mandatory, repr: elemDef.repr ?? 'an..35' }, ctx, defs, pos, undefined, repetition);
      }
    });
  }
}

function checkValue(seg: Segment, value: string, def: ServiceComponentDef, ctx: ServiceCheckContext, defs: ServiceDefinitions, element: number, component: number | undefined, repetition: number | undefined): void {
  const where = `${seg.tag} ${def.id} (${def.name})`;
  const loc = ctx.locate(seg, element, component, repetition);
  if (DATE_ELEMENTS.has(def.id)) {
    checkDateTime(def.id, value, where, ctx, loc);
    return;
  }
  const repr = parseRepr(def.repr);
  if (repr.type === 'n' && !/^-?\d*[.,]?\d+$/.test(value)) {
    ctx.report('GW_ERR_SERVICE_CHAR_TYPE', `${where} is numeric (${def.repr}) but holds "${value}"`, loc);
    return;
  }
  if (repr.type === 'a' && /\d/.test(value)) {
    ctx.report('GW_ERR_SERVICE_CHAR_TYPE', `${where} is alphabetic (${def.repr}) but holds digits: "${value}"`, loc);
    return;
  }
  const length = repr.type === 'n' ? value.replace(/[-.,]/g, '').length : value.length;
  if (length > repr.max) {
    ctx.report('GW_ERR_SERVICE_TOO_LONG', `${where} is ${length} characters long; ${def.repr} allows at most ${repr.max}`, loc);
  } else if (length < repr.min) {
    ctx.report('GW_ERR_SERVICE_TOO_SHORT', `${where} is ${length} characters long; ${def.repr} needs ${repr.min}`, loc);
  }
  const severity = CODED[def.id];
  const codes = defs.codes[def.id];
  if (severity !== undefined && codes !== undefined && !(value in codes)) {
    ctx.report('GW_ERR_SERVICE_CODE_INVALID', `${where} "${value}" is not in service code list ${def.id} of syntax version ${ctx.version}`, loc, severity);
  }
}

function validDate(yyyy: number, mm: number, dd: number): boolean {
  if (mm < 1 || mm > 12 || dd < 1) return false;
  const days = new Date(Date.UTC(yyyy, mm, 0)).getUTCDate();
  return dd <= days;
}

/** UNB/UNG S004: YYMMDD and HHMM in versions 1-3, CCYYMMDD and HHMM in version 4. */
function checkDateTime(id: string, value: string, where: string, ctx: ServiceCheckContext, loc: Location): void {
  if (!/^\d+$/.test(value)) {
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

