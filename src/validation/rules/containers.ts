/**
 * Container numbers in EQD+CN (element 2, C237 8260): ISO 6346 form and check digit, and the same
 * container listed twice in one message. An EQD+CN without a number is the profile's business
 * (release orders and loading orders may name the size-type only).
 */
import { isIso6346, iso6346Problem } from '../../catalogue/documents/formats.js';
import type { Segment } from '../../syntax/edifact/index.js';
import { field, fieldIs } from '../fields.js';
import { tagCode, type RuleContext } from './context.js';

const EQD = tagCode('EQD');

/** The container number of an EQD+CN, '' for any other segment or an EQD+CN without one. */
function containerNumber(seg: Segment): string {
  return seg.tag === 'EQD' && fieldIs(seg, 1, 1, 'CN') ? field(seg, 2, 1) : '';
}

export function checkContainerNumbers(ctx: RuleContext): void {
  const segments = ctx.message.segments;
  const tags = ctx.tags();
  for (let i = 0; i < segments.length; i++) {
    if (tags[i] !== EQD) continue;
    const seg = segments[i];
    const number = containerNumber(seg);
    // A valid number (nearly all of them) is recognised with one pattern; the words need several.
    if (number === '' || isIso6346(number)) continue;
    const problem = iso6346Problem(number);
    if (problem !== undefined) ctx.report('GW_ERR_CONTAINER_NUMBER_INVALID', `EQD+CN container number "${number}" is not an ISO 6346 container number: ${problem}`, seg, 2, 1);
  }
}

export function checkDuplicateContainers(ctx: RuleContext): void {
  const first = new Map<string, Segment>();
  const segments = ctx.message.segments;
  const tags = ctx.tags();
  for (let i = 0; i < segments.length; i++) {
    if (tags[i] !== EQD) continue;
    const seg = segments[i];
    const number = containerNumber(seg);
    if (number === '') continue;
    const earlier = first.get(number);
    if (earlier) {
      ctx.report('GW_ERR_CONTAINER_DUPLICATE', `container ${number} is listed again; it first appears in the EQD at segment ${earlier.indexInMessage} of the message`, seg, 2, 1);
    } else {
      first.set(number, seg);
    }
  }
}
