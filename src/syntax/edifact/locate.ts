import type { Location } from '../../errors/index.js';
import type { Segment } from './segment.js';

/**
 * The location of a segment, or of an element/component/repetition inside it, for an Issue.
 * `message` is the tree Message or a streamed MessageRecord (both have `ref` and `index`).
 * Element positions are 1-based after the tag, as everywhere in the gateway.
 */
export function locationOf(seg: Segment, message?: { readonly ref: string; readonly index: number }, element?: number, component?: number, repetition?: number): Location {
  const loc: Location = { segment: seg.index, tag: seg.tag };
  if (message) {
    loc.messageRef = message.ref;
    loc.messageIndex = message.index;
    if (seg.indexInMessage > 0) loc.segmentInMessage = seg.indexInMessage;
  }
  if (element !== undefined) {
    loc.element = element;
    if (component !== undefined) loc.component = component;
    if (repetition !== undefined) loc.repetition = repetition;
  }
  const p = element !== undefined ? seg.position(element, component ?? 1, repetition ?? 1) : undefined;
  if (p) {
    loc.offset = p.offset;
    loc.line = p.line;
  } else if (seg.offset >= 0) {
    loc.offset = seg.offset;
    loc.line = seg.line;
  }
  return loc;
}
