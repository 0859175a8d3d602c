/**
 * CONTRL, the syntax and service report message (ISO 9735-6 / UN CONTRL D.3 and 4.1): the answer
 * to an interchange, in the syntax version of that interchange, built from the same Issue list
 * the gateway shows everywhere else.
 *
 * Action codes (0083). Versions 1-3: 7 acknowledged, 2 acknowledged with errors reported,
 * 4 rejected. Version 4 has only 4, 7 and 8, so "accepted with errors" is UCI 7 with the findings
 * reported below it. Reported findings are the errors and warnings that carry a 0085 code; notes
 * (info) stay out of the CONTRL.
 */
import type { Issue } from '../errors/index.js';
import { buildInterchange, type ElementInput, type PartyInput, type SegmentInput } from '../syntax/edifact/build.js';
import { LEVEL_A_DEFAULTS, LEVEL_A_V4_DEFAULTS } from '../syntax/edifact/context.js';
import type { Interchange, Message } from '../syntax/edifact/tree.js';

export const ContrlAction = {
  accepted: 'accepted',
  acceptedWithErrors: 'accepted-with-errors',
  rejected: 'rejected',
} as const;
export type ContrlAction = (typeof ContrlAction)[keyof typeof ContrlAction];

export interface ContrlOptions {
  /** Fresh interchange control reference for the CONTRL (UNB 0020), from a durable counter. */
  readonly controlRef: string;
  /** Message reference of the CONTRL message (UNH 0062). */
  readonly messageRef?: string;
  readonly now?: Date;
  /** Time zone for the UNB preparation date/time (EDIFACT carries no offset). Default UTC. */
  readonly timeZone?: string;
  /** The gateway's own identification, used as sender when the input's UNB cannot be read. */
  readonly gateway?: PartyInput;
  /** The authenticated partner, used as recipient when the input's UNB cannot be read. */
  readonly partner?: PartyInput;
}

export interface ContrlResult {
  readonly interchange: Interchange;
  readonly action: ContrlAction;
}

/** Whether a finding goes into the CONTRL. */
function reported(i: Issue): boolean {
  return i.contrl !== undefined && (i.severity === 'error' || i.severity === 'warning');
}

function localParts(now: Date, timeZone: string): { year: string; month: string; day: string; hour: string; minute: string } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '00';
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

/** UCS/UCD for the findings of one message, grouped by segment position. */
function segmentReports(issues: readonly Issue[]): SegmentInput[] {
  const bySegment = new Map<number, Issue[]>();
  for (const i of issues) {
    const pos = i.location?.segmentInMessage ?? 1;
    const list = bySegment.get(pos) ?? [];
    list.push(i);
    bySegment.set(pos, list);
  }
  const out: SegmentInput[] = [];
  for (const [pos, list] of [...bySegment.entries()].sort((a, b) => a[0] - b[0]).slice(0, 999)) {
    const segmentLevel = list.find((i) => i.location?.element === undefined);
    out.push(['UCS', String(pos), segmentLevel?.contrl]);
    for (const i of list.filter((x) => x.location?.element !== undefined).slice(0, 99)) {
      const loc = i.location!;
      // CONTRL counts the segment tag as position 1, so data element n is n + 1.
      out.push(['UCD', i.contrl, [String(loc.element! + 1), loc.component !== undefined ? String(loc.component) : undefined, loc.repetition !== undefined ? String(loc.repetition) : undefined]]);
    }
  }
  return out;
}

/** A missing service segment is reported under its own tag, not the one found in its place. */
const MISSING_TAG: Readonly<Record<string, string>> = {
  GW_ERR_UNB_MISSING: 'UNB',
  GW_ERR_UNZ_MISSING: 'UNZ',
  GW_ERR_UNT_MISSING: 'UNT',
  GW_ERR_UNE_MISSING: 'UNE',
};

/** 0085, 0013 (service segment tag) and S011 of UCI/UCF/UCM for a finding in a service segment. */
function serviceError(issue: Issue | undefined): ElementInput[] {
  if (!issue) return [];
  const loc = issue.location;
  const missing = MISSING_TAG[issue.code];
  if (missing) return [issue.contrl, missing];
  const tag = loc?.tag !== undefined && /^UN[BZHTGE]$/.test(loc.tag) ? loc.tag : undefined;
  const s011 = loc?.element !== undefined && tag ? [String(loc.element + 1), loc.component !== undefined ? String(loc.component) : undefined] : undefined;
  return [issue.contrl, tag, s011];
}

/**
 * Builds the CONTRL for `ic` (or for an input that could not be read at all, when `ic` has no
 * header). Returns undefined for an interchange of CONTRL messages: acknowledgements are never
 * acknowledged.
 */
export function buildContrl(ic: Interchange, issues: readonly Issue[], options: ContrlOptions): ContrlResult | undefined {
  if (ic.messages.length > 0 && ic.messages.every((m) => m.type === 'CONTRL')) return undefined;
  const header = ic.header;
  const version = header?.syntaxVersion ?? 3;
  const v4 = version >= 4;
  const list = issues.filter(reported);
  const interchangeLevel = list.filter((i) => i.location?.messageIndex === undefined && i.location?.groupRef === undefined);
  const interchangeRejected = !header || interchangeLevel.some((i) => i.severity === 'error') || ic.messages.length === 0;

  const ucm = (m: Message): { segments: SegmentInput[]; rejected: boolean; reportedAny: boolean } => {
    const own = list.filter((i) => i.location?.messageIndex === m.index);
    const rejected = interchangeRejected || own.some((i) => i.severity === 'error');
    const envelope = own.filter((i) => i.location?.tag === 'UNH' || i.location?.tag === 'UNT');
    const first = envelope.find((i) => i.severity === 'error') ?? envelope[0];
    const rest = own.filter((i) => i !== first);
    const action = rejected ? '4' : own.length > 0 && !v4 ? '2' : '7';
    return {
      segments: [['UCM', m.ref, [m.id.type, m.id.version, m.id.release, m.id.agency, m.id.association], action, ...serviceError(first)], ...segmentReports(rest)],
      rejected,
      reportedAny: own.length > 0,
    };
  };

  const body: SegmentInput[] = [];
  const messageParts = ic.messages.map((m) => ({ m, ...ucm(m) }));
  const allRejected = messageParts.length > 0 && messageParts.every((p) => p.rejected);
  const rejected = interchangeRejected || allRejected;
  const withErrors = !rejected && (list.length > 0 || messageParts.some((p) => p.rejected));
  const uciAction = rejected ? '4' : withErrors && !v4 ? '2' : '7';
  const firstInterchange = interchangeLevel.find((i) => i.severity === 'error') ?? interchangeLevel[0];
  body.push(['UCI', header?.controlRef || '0',
    header ? [header.sender.id, header.sender.qualifier, header.sender.routing] : [options.partner?.id ?? 'UNKNOWN', options.partner?.qualifier],
    header ? [header.recipient.id, header.recipient.qualifier, header.recipient.routing] : [options.gateway?.id ?? 'EDIGW', options.gateway?.qualifier],
    uciAction, ...serviceError(firstInterchange)]);
  if (ic.groups.length === 0) {
    for (const p of messageParts) body.push(...p.segments);
  } else {
    for (const g of ic.groups) {
      const own = list.filter((i) => i.location?.groupRef === g.ref && i.location.messageIndex === undefined);
      const parts = messageParts.filter((p) => p.m.group === g);
      const groupRejected = rejected || own.some((i) => i.severity === 'error') || (parts.length > 0 && parts.every((p) => p.rejected));
      const firstGroupIssue = own.find((i) => i.severity === 'error') ?? own[0];
      body.push(['UCF', g.ref, [g.ung.value(2, 1), g.ung.value(2, 2)], [g.ung.value(3, 1), g.ung.value(3, 2)], groupRejected ? '4' : (own.length > 0 || parts.some((p) => p.reportedAny)) && !v4 ? '2' : '7', ...serviceError(firstGroupIssue)]);
      for (const p of parts) body.push(...p.segments);
    }
    // Messages outside any group cannot be answered in the group part; they follow as SG1.
    for (const p of messageParts.filter((x) => x.m.group === undefined)) body.splice(1, 0, ...p.segments);
  }

  const now = options.now ?? new Date();
  const t = localParts(now, options.timeZone ?? 'UTC');
  const date = v4 ? `${t.year}${t.month}${t.day}` : `${t.year.slice(2)}${t.month}${t.day}`;
  const chars = ic.context.chars.segment === 0x0a ? (v4 ? LEVEL_A_V4_DEFAULTS : LEVEL_A_DEFAULTS) : ic.context.chars;
  const sender: PartyInput = header ? { id: header.recipient.id, qualifier: header.recipient.qualifier } : options.gateway ?? { id: 'EDIGW' };
  const recipient: PartyInput = header ? { id: header.sender.id, qualifier: header.sender.qualifier, routing: header.sender.routing } : options.partner ?? { id: 'UNKNOWN' };
  const syntaxId = header && /^UNO[A-Z]$/.test(header.syntaxId) ? header.syntaxId : 'UNOA';
  const interchange = buildInterchange({
    syntaxId,
    syntaxVersion: version,
    chars: { ...chars, repetition: v4 ? chars.repetition : -1 },
    ...(ic.context.una !== undefined ? { una: true } : {}),
    sender,
    recipient,
    preparedAt: { date, time: `${t.hour}${t.minute}` },
    controlRef: options.controlRef,
    messages: [{ ref: options.messageRef ?? '1', id: v4 ? { type: 'CONTRL', version: '4', release: '1', agency: 'UN' } : { type: 'CONTRL', version: 'D', release: '3', agency: 'UN' }, segments: body }],
  });
  return { interchange, action: rejected ? 'rejected' : withErrors ? 'accepted-with-errors' : 'accepted' };
}
