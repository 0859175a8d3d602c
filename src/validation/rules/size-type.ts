/**
 * ISO 6346 size and type codes in EQD+CN C224 (8155, with code list 102 and agency 5 in SMDG
 * practice): length code, height/width code and a detailed type (G1) or type group (GP) from the
 * 1995 table in schemas/profiles/data/iso6346-size-types.json. The four-digit codes of the 1984
 * edition (2210, 4500) are still sent by old systems: a warning, since their meaning is known.
 * A code another agency assigned (3055 other than 5) is the partners' own and is not checked.
 */
import type { Segment } from '../../syntax/edifact/index.js';
import { qualifierOf, tagCode, type LengthCode, type RuleContext, type SizeTypeTable } from './context.js';
import { field } from '../fields.js';

const OLD_CODE = /^[1-4][0-9]{3}$/;
const ISO_AGENCY = '5';
const EQD = tagCode('EQD');

export type SizeTypeVerdict =
  | { readonly kind: 'valid'; readonly length: LengthCode }
  | { readonly kind: 'old'; readonly length: LengthCode | undefined; readonly meaning: string }
  | { readonly kind: 'invalid'; readonly problem: string };

const verdicts = new WeakMap<SizeTypeTable, Map<string, SizeTypeVerdict>>();
/** Bounded, in case a partner sends random codes; real traffic uses a few dozen. */
const VERDICTS_MAX = 4096;

/** What a size-type code says, or what is wrong with it (kept per table: every EQD asks, twice with weights). */
export function sizeTypeVerdict(code: string, table: SizeTypeTable): SizeTypeVerdict {
  let known = verdicts.get(table);
  if (known === undefined) verdicts.set(table, (known = new Map<string, SizeTypeVerdict>()));
  let v = known.get(code);
  if (v === undefined) {
    v = verdictOf(code, table);
    if (known.size < VERDICTS_MAX) known.set(code, v);
  }
  return v;
}

function verdictOf(code: string, table: SizeTypeTable): SizeTypeVerdict {
  if (OLD_CODE.test(code)) {
    const length = table.length[code[0]];
    const height = table.oldHeight[code[1]];
    const meaning = [length?.feet ? `${length.feet} ft` : undefined, height ? `${height} high` : undefined].filter(Boolean).join(', ');
    return { kind: 'old', length, meaning };
  }
  if (!/^[0-9A-Z]{4}$/.test(code)) {
    return { kind: 'invalid', problem: 'it must be 4 characters: length code, height/width code and type code, such as 22G1, 45G1 or L5G1' };
  }
  const problems: string[] = [];
  const length = table.length[code[0]];
  if (!length) problems.push(`length code ${code[0]} is not assigned`);
  if (table.heightWidth[code[1]] === undefined) problems.push(`height/width code ${code[1]} is not assigned`);
  const type = code.slice(2);
  if (table.types[type] === undefined && table.groups[type] === undefined) problems.push(`type code ${type} is neither a type nor a type group`);
  if (problems.length > 0 || !length) return { kind: 'invalid', problem: problems.join('; ') };
  return { kind: 'valid', length };
}

/** The length code entry of an EQD's size-type (8155, or an old code written in 8154), if it can be read. */
export function equipmentLength(eqd: Segment, table: SizeTypeTable): LengthCode | undefined {
  const code = field(eqd, 3, 1) || field(eqd, 3, 4);
  if (code === '') return undefined;
  const v = sizeTypeVerdict(code, table);
  return v.kind === 'invalid' ? undefined : v.length;
}

export function checkSizeTypes(ctx: RuleContext): void {
  const table = ctx.data.sizeTypes;
  const segments = ctx.message.segments;
  const tags = ctx.tags();
  for (let i = 0; i < segments.length; i++) {
    if (tags[i] !== EQD) continue;
    const seg = segments[i];
    if (qualifierOf(seg) !== 'CN') continue;
    const agency = field(seg, 3, 3);
    if (agency !== '' && agency !== ISO_AGENCY) continue;
    const code = field(seg, 3, 1);
    const description = field(seg, 3, 4);
    if (code === '') {
      // Some senders put the code in the free-text description component instead.
      if (OLD_CODE.test(description)) {
        const v = sizeTypeVerdict(description, table);
        ctx.report('GW_ERR_SIZE_TYPE_OLD_CODE', `size and type "${description}" is given only as text (C224 component 4) and in the ISO 6346:1984 form${v.kind === 'old' && v.meaning ? ` (${v.meaning})` : ''}; ISO 6346:1995 codes such as 22G1 belong in 8155 (component 1)`, seg, 3, 4);
      }
      continue;
    }
    const v = sizeTypeVerdict(code, table);
    if (v.kind === 'old') {
      ctx.report('GW_ERR_SIZE_TYPE_OLD_CODE', `size and type "${code}" is an ISO 6346:1984 code${v.meaning ? ` (${v.meaning})` : ''}; ISO 6346:1995 replaced these with codes such as 22G1 and 45G1`, seg, 3, 1);
    } else if (v.kind === 'invalid') {
      ctx.report('GW_ERR_SIZE_TYPE_INVALID', `size and type "${code}" is not an ISO 6346:1995 code: ${v.problem}`, seg, 3, 1);
    }
  }
}
