/**
 * The business rules a profile switches on (`rules` in schemas/profiles/<name>.json), each a small
 * function over one message that reports through the rule context.
 */
import type { RuleId } from '../profiles/types.js';
import { checkCarriers } from './carriers.js';
import { checkContainerNumbers, checkDuplicateContainers } from './containers.js';
import type { RuleContext } from './context.js';
import { checkCounts } from './counts.js';
import { checkDates } from './dates.js';
import { checkLocations } from './locations.js';
import { checkSizeTypes } from './size-type.js';
import { checkWeights } from './weights.js';

export type Rule = (ctx: RuleContext) => void;

export const RULES: Readonly<Record<RuleId, Rule>> = {
  containerNumber: checkContainerNumbers,
  duplicateContainer: checkDuplicateContainers,
  sizeType: checkSizeTypes,
  location: checkLocations,
  carrier: checkCarriers,
  dates: checkDates,
  counts: checkCounts,
  weight: checkWeights,
};

export { equipmentBlocks, loadReferenceData, makeRuleContext, qualifierOf, segmentMatcher } from './context.js';
export type { EquipmentBlock, LengthCode, LinerCode, ReferenceData, RuleContext, RuleMessage, SizeTypeTable } from './context.js';
export { DATE_FORMATS, dateProblem, documentDate } from './dates.js';
export { equipmentLength, sizeTypeVerdict, type SizeTypeVerdict } from './size-type.js';
