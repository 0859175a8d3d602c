/**
 * Container numbers in EQD+CN (element 2, C237 8260): ISO 6346 form and check digit, and the same
 * container listed twice in one message. An EQD+CN without a number is the profile's business
 * (release orders and loading orders may name the size-type only).
 */
import { iso6346Problem } from '../../catalogue/documents/formats.js';
import type { Segment } from '../../syntax/edifact/index.js';
import { qualifierOf, type RuleContext, type RuleMessage } from './context.js';
import { field } from '../fields.js';

function* containers(message: RuleMessage): IterableIterator<{ seg: Segment; number: string }> {
  for (const seg of message.segments) {
    if (seg.tag !== 'EQD' || qualifierOf(seg) !== 'CN') continue;
    const number = field(seg, 2, 1);
    if (number !== '') yield { seg, number };
  }
}

export function checkContainerNumbers(ctx: RuleContext): void {
  for (const { seg, number } of containers(ctx.message)) {
    const problem = iso6346Problem(number);
    if (problem !== undefined) ctx.report('GW_ERR_CONTAINER_NUMBER_INVALID', `EQD+CN container number "${number}" is not an ISO 6346 container number: ${problem}`, seg, 2, 1);
  }
}

export function checkDuplicateContainers(ctx: RuleContext): void {
  const first = new Map<string, Segment>();
  for (const { seg, number } of containers(ctx.message)) {
    const earlier = first.get(number);
    if (earlier) {
      ctx.report('GW_ERR_CONTAINER_DUPLICATE', `container ${number} is listed again; it first appears in the EQD at segment ${earlier.indexInMessage} of the message`, seg, 2, 1);
    } else {
      first.set(number, seg);
    }
  }
}
