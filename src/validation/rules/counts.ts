/**
 * Control totals: CNT (C270: 6069 qualifier, 6066 value) against what the message holds. The
 * profile maps each qualifier to the segments it counts (CNT+16 total number of equipment: EQD;
 * CNT+10 consignments: CNI; CNT+2 line items: GID where the guide says so). Sums (CNT+7 gross
 * weight, CNT+11 packages) are not recounted.
 */
import { qualifierOf, segmentMatcher, tagCode, type RuleContext } from './context.js';

const CNT = tagCode('CNT');
import { field } from '../fields.js';

export function checkCounts(ctx: RuleContext): void {
  const counts = ctx.profile.counts;
  const segments = ctx.message.segments;
  const tags = ctx.tags();
  for (let i = 0; i < segments.length; i++) {
    if (tags[i] !== CNT) continue;
    const seg = segments[i];
    const qualifier = qualifierOf(seg);
    // An own property only: a qualifier such as "toString" counts nothing.
    const target = Object.hasOwn(counts, qualifier) ? counts[qualifier] : undefined;
    const stated = field(seg, 1, 2);
    if (target === undefined || !/^[0-9]+$/.test(stated)) continue;
    const matches = segmentMatcher(target);
    let actual = 0;
    for (const s of ctx.message.segments) if (matches(s)) actual++;
    if (Number(stated) !== actual) {
      ctx.report('GW_ERR_CONTROL_COUNT_MISMATCH', `CNT+${qualifier} says ${Number(stated)}, but the message has ${actual} ${target} segment${actual === 1 ? '' : 's'}`, seg, 1, 2);
    }
  }
}
