/**
 * Container gross weight and verified gross mass (MEA in the container's equipment block) must be
 * positive, at most the ISO 668 maximum gross mass for the container's length, and not below the
 * declared tare or what an empty container of that length weighs. Which MEA codes mean gross and
 * tare is profile data (MEA+AAE+G / +VGM, or MEA+WT in a bay plan). Units KGM, LBR and TNE are
 * converted; other units are not judged.
 */
import type { Segment } from '../../syntax/edifact/index.js';
import type { WeightKind } from '../profiles/types.js';
import { equipmentRanges, tagCode, type LengthCode, type RuleContext } from './context.js';

const MEA = tagCode('MEA');
const EQD = tagCode('EQD');
import { equipmentLength } from './size-type.js';
import { field, fieldIs } from '../fields.js';

const TO_KG: Readonly<Record<string, number>> = { KGM: 1, LBR: 0.45359237, TNE: 1000 };
/** No container of any ISO 668 size may weigh more (the 2016 rating for series 1). */
const ABSOLUTE_MAX_KG = 36000;

function matches(kind: WeightKind, purpose: string, measured: string): boolean {
  return measured !== '' ? kind.measured?.includes(measured) === true : kind.purpose?.includes(purpose) === true;
}

/**
 * The MEA's weight in kg, NaN when it gives none this rule can judge (a unit other than KGM, LBR
 * and TNE, no value, or not a number). Its text ("12000 KGM") is made only for a finding.
 */
function kgOf(seg: Segment): number {
  const unit = field(seg, 3, 1);
  const factor = Object.hasOwn(TO_KG, unit) ? TO_KG[unit] : undefined;
  const amount = field(seg, 3, 2);
  // The decimal mark may be a comma (UNA); a value that is not a number is the structure check's finding.
  const n = Number(amount.includes(',') ? amount.replace(',', '.') : amount);
  if (factor === undefined || amount === '' || !Number.isFinite(n)) return NaN;
  return n * factor;
}

const weightText = (seg: Segment): string => `${field(seg, 3, 2)} ${field(seg, 3, 1)}`;

/** The weight's place in findings, made only for one. */
const what = (seg: Segment, eqd: Segment): string => `gross weight ${weightText(seg)} of container ${field(eqd, 2, 1) || 'without number'}`;
const size = (length: LengthCode | undefined): string => (length?.feet ? `${length.feet} ft ` : '');

const kg = (n: number): string => `${Math.round(n).toLocaleString('en-US')} kg`;

/** The gross weights of the block under check (reused from block to block). */
const grossSegs: Segment[] = [];
const grossKgs: number[] = [];

/** One block, segments `from` to `to` (exclusive) of the message, whose first EQD is `eqd`. */
function checkBlock(ctx: RuleContext, eqd: Segment, from: number, to: number): void {
  if (!fieldIs(eqd, 1, 1, 'CN')) return;
  const { gross: grossKind, tare: tareKind } = ctx.profile.weights;
  const segments = ctx.message.segments;
  const tags = ctx.tags();
  // The block's first tare weight that can be judged (an MEA that is not a gross weight), then
  // each gross weight against it.
  let tare: Segment | undefined;
  let tareKg = NaN;
  grossSegs.length = 0;
  grossKgs.length = 0;
  for (let i = from; i < to; i++) {
    if (tags[i] !== MEA) continue;
    const seg = segments[i];
    const purpose = field(seg, 1, 1);
    const measured = field(seg, 2, 1);
    const g = matches(grossKind, purpose, measured) ? kgOf(seg) : NaN;
    if (!Number.isNaN(g)) {
      grossSegs.push(seg);
      grossKgs.push(g);
    } else if (tare === undefined && matches(tareKind, purpose, measured)) {
      const t = kgOf(seg);
      if (!Number.isNaN(t)) {
        tare = seg;
        tareKg = t;
      }
    }
  }
  if (grossSegs.length === 0) return;
  const length = equipmentLength(eqd, ctx.data.sizeTypes);
  const max = length?.maxGrossKg ?? ABSOLUTE_MAX_KG;
  for (let i = 0; i < grossSegs.length; i++) {
    const seg = grossSegs[i];
    const w = grossKgs[i];
    if (w <= 0) {
      ctx.report('GW_ERR_WEIGHT_NOT_POSITIVE', `${what(seg, eqd)} is not a weight: it must be more than zero`, seg, 3, 2);
    } else if (w > max) {
      ctx.report('GW_ERR_WEIGHT_ABOVE_MAX_GROSS', `${what(seg, eqd)} exceeds the ISO 668 maximum gross mass of a ${size(length)}container, ${kg(max)}`, seg, 3, 2);
    } else if (tare !== undefined && tareKg > 0 && w < tareKg) {
      ctx.report('GW_ERR_WEIGHT_BELOW_TARE', `${what(seg, eqd)} is less than its declared tare weight ${weightText(tare)}`, seg, 3, 2);
    } else if (length && w < length.minTareKg) {
      ctx.report('GW_ERR_WEIGHT_BELOW_TARE', `${what(seg, eqd)} is less than an empty ${size(length)}container weighs (at least ${kg(length.minTareKg)}); it may be the cargo weight alone`, seg, 3, 2);
    }
  }
  grossSegs.length = 0;
}

export function checkWeights(ctx: RuleContext): void {
  // The blocks as index ranges of the message: no block objects for this rule.
  const segments = ctx.message.segments;
  const tags = ctx.tags();
  const ranges = equipmentRanges(segments, ctx.profile.equipment, tags);
  for (let r = 0; r < ranges.length; r += 2) {
    let eqd = -1;
    for (let i = ranges[r]; i < ranges[r + 1] && eqd < 0; i++) if (tags[i] === EQD) eqd = i;
    if (eqd >= 0) checkBlock(ctx, segments[eqd], ranges[r], ranges[r + 1]);
  }
}
