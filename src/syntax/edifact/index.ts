/** The UN/EDIFACT syntax engine: tokenize, parse, check envelopes, serialize. No message types. */
export { parseInterchange, toBytes, type ParseOptions } from './parse.js';
export { readEdifactStream, EdifactStreamReader, type StreamedMessage, type StreamOptions, type StreamResult } from './stream.js';
export { serializeInterchange, segmentText, formatSegment, type SerializeOptions } from './serialize.js';
export { buildInterchange, segmentFrom, type InterchangeInput, type MessageInput, type SegmentInput, type ElementInput, type PartyInput, type GroupInput } from './build.js';
export { Interchange, Message, Group } from './tree.js';
export { Segment, splitSegment, type SegmentValues, type ElementValues } from './segment.js';
export { locationOf } from './locate.js';
export type { InterchangeHeader, MessageIdentifier, MessageRecord, GroupRecord, PartyId, EnvelopeOptions } from './envelope.js';
export { charsets, type CharsetInfo, type Encoding } from './charsets.js';
export { makeContext, type EdifactContext, type ServiceChars } from './context.js';
