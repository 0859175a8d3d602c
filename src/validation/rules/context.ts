/**
 * What a business rule sees: the message's segments, the profile that applies, the reference
 * data (ISO 6346 size-type table, country codes, SMDG liner codes) and a way to report findings
 * at an exact position with the profile's severity.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorCode } from '../../errors/codes.js';
import { makeIssue, type Issue, type Location, type Severity } from '../../errors/index.js';
import { locationOf, type Segment } from '../../syntax/edifact/index.js';
import { qualifierOf } from '../fields.js';
import { defaultProfilesDir } from '../profiles/load.js';
import { tagCode } from '../structure/table.js';
import type { Profile } from '../profiles/types.js';
import type { MessageInput } from '../types.js';

/** The part of a message the rules read; a tree `Message` and a streamed `MessageInput` both fit. */
export type RuleMessage = Pick<MessageInput, 'index' | 'ref' | 'type' | 'directory' | 'segments' | 'tags'>;

export interface LengthCode {
  readonly mm: number;
  readonly feet?: string;
  readonly maxGrossKg: number;
  readonly minTareKg: number;
}

export interface SizeTypeTable {
  readonly length: Readonly<Record<string, LengthCode>>;
  readonly heightWidth: Readonly<Record<string, string>>;
  readonly oldHeight: Readonly<Record<string, string>>;
  readonly types: Readonly<Record<string, string>>;
  readonly groups: Readonly<Record<string, string>>;
}

export interface LinerCode {
  readonly name: string;
  readonly status: 'active' | 'expired' | 'markedForDeletion';
  readonly validFrom?: string;
  readonly validTo?: string;
  readonly revised?: true;
}

export interface ReferenceData {
  readonly sizeTypes: SizeTypeTable;
  readonly countries: ReadonlySet<string>;
  readonly carriers: ReadonlyMap<string, LinerCode>;
  /** Where the carrier list came from, for findings. */
  readonly carrierSource: string;
}

/** Reads schemas/profiles/data (or `dir`/data). */
export function loadReferenceData(dir: string = defaultProfilesDir()): ReferenceData {
  // The files are the project's own data, checked by test/validation/rules; the casts trust them.
  const read = (file: string): unknown => JSON.parse(readFileSync(join(dir, 'data', file), 'utf8'));
  const sizeTypes = read('iso6346-size-types.json') as SizeTypeTable;
  const countries = read('iso3166-countries.json') as { codes: string[] };
  const liners = read('smdg-liner-codes.json') as { list: string; codes: Record<string, LinerCode> };
  return {
    sizeTypes,
    countries: new Set(countries.codes),
    carriers: new Map(Object.entries(liners.codes)),
    carrierSource: liners.list,
  };
}

export type ProfileErrorCode = Extract<ErrorCode, `GW_ERR_${string}`>;

export interface RuleContext {
  readonly message: RuleMessage;
  readonly profile: Profile;
  readonly data: ReferenceData;
  /**
   * Records a finding at a segment (element, component) of the message, or at the message when
   * `seg` is undefined. `severity` is a rule's own choice (a segment rule marked warning); the
   * profile's `severity` map applies otherwise.
   */
  report(code: ProfileErrorCode, text: string, seg?: Segment, element?: number, component?: number, severity?: Severity): void;
  /** The message's equipment blocks as the profile delimits them (computed once). */
  blocks(): readonly EquipmentBlock[];
  /**
   * The tag of each segment (same index as `message.segments`) as a number (`tagCode`), computed
   * once: every rule looks for its tags in every segment, and comparing numbers costs a tenth of
   * comparing the strings the parser cut.
   */
  tags(): Int32Array;
}

export { tagCode };

const UNH = tagCode('UNH');
const UNT = tagCode('UNT');
const EQD = tagCode('EQD');

/** `tagCode` of every segment. */
export function tagCodes(segments: readonly Segment[]): Int32Array {
  const out = new Int32Array(segments.length);
  for (let i = 0; i < segments.length; i++) out[i] = segments[i].code;
  return out;
}

/** One piece of equipment's segments: from the profile's start segment (EQD, LOC+147) to the next. */
export interface EquipmentBlock {
  readonly start: Segment;
  /** The block's first EQD: the start itself, or inside a bay plan slot. */
  readonly eqd: Segment | undefined;
  readonly segments: readonly Segment[];
}

/** Cuts the message body into equipment blocks; segments before the first block or after an end tag belong to none. */
export function equipmentBlocks(segments: readonly Segment[], spec: Profile['equipment'], tags: Int32Array = tagCodes(segments)): EquipmentBlock[] {
  const ranges = equipmentRanges(segments, spec, tags);
  const out: EquipmentBlock[] = [];
  for (let r = 0; r < ranges.length; r += 2) {
    const blockSegments: Segment[] = [];
    let eqd: Segment | undefined;
    for (let i = ranges[r]; i < ranges[r + 1]; i++) {
      if (tags[i] === UNH || tags[i] === UNT) continue;
      blockSegments.push(segments[i]);
      if (tags[i] === EQD) eqd ??= segments[i];
    }
    out.push({ start: segments[ranges[r]], eqd, segments: blockSegments });
  }
  return out;
}

/**
 * The equipment blocks as ranges of segment indexes, start and stop (exclusive) one after the other:
 * a block runs from a start segment to the next start or end segment. UNH and UNT start and end
 * nothing and, inside a range, belong to no block.
 */
export function equipmentRanges(segments: readonly Segment[], spec: Profile['equipment'], tags: Int32Array): number[] {
  const [startTag, startQualifier] = spec.start.split('+');
  const start = tagCode(startTag);
  const ends = (spec.end ?? []).map(tagCode);
  const out: number[] = [];
  let open = -1;
  for (let i = 0; i < segments.length; i++) {
    const tag = tags[i];
    if (tag === UNH || tag === UNT) continue;
    const seg = segments[i];
    // A tag that is no three characters (tagCode -1) is compared as a string.
    const isStart = tag >= 0 ? tag === start : seg.tag === startTag;
    if (isStart && (startQualifier === undefined || qualifierOf(seg) === startQualifier)) {
      if (open >= 0) out.push(open, i);
      open = i;
    } else if (tag >= 0 ? ends.includes(tag) : spec.end?.includes(seg.tag) === true) {
      if (open >= 0) out.push(open, i);
      open = -1;
    }
  }
  if (open >= 0) out.push(open, segments.length);
  return out;
}

export function makeRuleContext(message: RuleMessage, profile: Profile, data: ReferenceData, issues: Issue[]): RuleContext {
  let blocks: EquipmentBlock[] | undefined;
  let tags: Int32Array | undefined = message.tags?.length === message.segments.length ? message.tags : undefined;
  return {
    message,
    profile,
    data,
    blocks: () => (blocks ??= equipmentBlocks(message.segments, profile.equipment, (tags ??= tagCodes(message.segments)))),
    tags: () => (tags ??= tagCodes(message.segments)),
    report(code, text, seg, element, component, severity) {
      const location: Location = seg ? locationOf(seg, message, element, component) : { messageRef: message.ref, messageIndex: message.index };
      const chosen = severity ?? profile.severity[code];
      issues.push(makeIssue(code, text, location, chosen ? { severity: chosen } : {}));
    },
  };
}

export { qualifierOf };

/** "EQD" or "LOC+147" as a predicate. */
export function segmentMatcher(ref: string): (seg: Segment) => boolean {
  const [tag, qualifier] = ref.split('+');
  return qualifier === undefined ? (seg) => seg.tag === tag : (seg) => seg.tag === tag && qualifierOf(seg) === qualifier;
}
