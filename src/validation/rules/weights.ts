/**
 * Container gross weight and verified gross mass (MEA in the container's equipment block) must be
 * positive, at most the ISO 668 maximum gross mass for the container's length, and not below the
 * declared tare or what an empty container of that length weighs. Which MEA codes mean gross and
 * tare is profile data (MEA+AAE+G / +VGM, or MEA+WT in a bay plan). Units KGM, LBR and TNE are
 * converted; other units are not judged.
 */
import type { Segment } from '../../syntax/edifact/index.js';
import type { WeightKind } from '../profiles/types.js';
import type { EquipmentBlock, RuleContext } from './context.js';
import { equipmentLength } from './size-type.js';
import { field } from '../fields.js';

const TO_KG: Readonly<Record<string, number>> = { KGM: 1, LBR: 0.45359237, TNE: 1000 };
/** No container of any ISO 668 size may weigh more (the 2016 rating for series 1). */
const ABSOLUTE_MAX_KG = 36000;

interface Weight {
  readonly seg: Segment;
  readonly kg: number;
  readonly text: string;
}

function matches(kind: WeightKind, purpose: string, measured: string): boolean {
  return measured !== '' ? kind.measured?.includes(measured) === true : kind.purpose?.includes(purpose) === true;
}

function weightOf(seg: Segment): Weight | undefined {
  const unit = field(seg, 3, 1);
  const amount = field(seg, 3, 2);
  const factor = TO_KG[unit];
  // The decimal mark may be a comma (UNA); a value that is not a number is the structure check's finding.
  const n = Number(amount.replace(',', '.'));
  if (factor === undefined || amount === '' || !Number.isFinite(n)) return undefined;
  return { seg, kg: n * factor, text: `${amount} ${unit}` };
}

const kg = (n: number): string => `${Math.round(n).toLocaleString('en-US')} kg`;

function checkBlock(ctx: RuleContext, block: EquipmentBlock): void {
  const eqd = block.eqd;
  if (!eqd || field(eqd, 1, 1) !== 'CN') return;
  const { gross: grossKind, tare: tareKind } = ctx.profile.weights;
  const gross: Weight[] = [];
  let tare: Weight | undefined;
  for (const seg of block.segments) {
    if (seg.tag !== 'MEA') continue;
    const purpose = field(seg, 1, 1);
    const measured = field(seg, 2, 1);
    const w = matches(grossKind, purpose, measured) ? weightOf(seg) : undefined;
    if (w) gross.push(w);
    else if (matches(tareKind, purpose, measured)) tare ??= weightOf(seg);
  }
  const container = field(eqd, 2, 1) || 'without number';
  const length = equipmentLength(eqd, ctx.data.sizeTypes);
  const size = length?.feet ? `${length.feet} ft ` : '';
  for (const w of gross) {
    const what = `gross weight ${w.text} of container ${container}`;
    if (w.kg <= 0) {
      ctx.report('GW_ERR_WEIGHT_NOT_POSITIVE', `${what} is not a weight: it must be more than zero`, w.seg, 3, 2);
    } else if (w.kg > (length?.maxGrossKg ?? ABSOLUTE_MAX_KG)) {
      ctx.report('GW_ERR_WEIGHT_ABOVE_MAX_GROSS', `${what} exceeds the ISO 668 maximum gross mass of a ${size}container, ${kg(length?.maxGrossKg ?? ABSOLUTE_MAX_KG)}`, w.seg, 3, 2);
    } else if (tare && tare.kg > 0 && w.kg < tare.kg) {
      ctx.report('GW_ERR_WEIGHT_BELOW_TARE', `${what} is less than its declared tare weight ${tare.text}`, w.seg, 3, 2);
    } else if (length && w.kg < length.minTareKg) {
      ctx.report('GW_ERR_WEIGHT_BELOW_TARE', `${what} is less than an empty ${size}container weighs (at least ${kg(length.minTareKg)}); it may be the cargo weight alone`, w.seg, 3, 2);
    }
  }
}

export function checkWeights(ctx: RuleContext): void {
  for (const block of ctx.blocks()) checkBlock(ctx, block);
}
