/**
 * APERAK, the application error and acknowledgement message: the answer to implementation guide
 * (profile) and business-rule findings, next to CONTRL for the syntax and structure level. One
 * APERAK per answered message, in that message's directory (UNH S009 version and release, as the
 * sender speaks it), all in one interchange back to the sender:
 *
 *   BGM  313 (application error message, where the directory's list has it) + document number
 *        + 9 (original) + 4343 AP accepted / CA accepted with warnings / RE rejected
 *   DTM+137 when it was written
 *   RFF+ACW the answered message's reference (UNH 0062), RFF+AGO its document number (BGM 1004)
 *   ERC + FTX+AAO per finding: the gateway's application error code, and the finding in words
 *        with its position (segment, element, component) and GW_ERR code
 *
 * The segment order is the same in every directory from D.95B on (D.00B adds an SG1 DOC group
 * before RFF that is not used here). D.93A has no APERAK: its messages are answered in the
 * nearest later directory the catalogue holds it in.
 */
import { loadEdifactCatalogue, type EdifactCatalogue } from '../catalogue/edifact/index.js';
import { profileErrors } from '../errors/codes/profile.js';
import type { Issue } from '../errors/index.js';
import { firstUnencodable } from '../syntax/edifact/charsets.js';
import { LEVEL_A_DEFAULTS, LEVEL_A_V4_DEFAULTS } from '../syntax/edifact/context.js';
import { buildInterchange, type MessageInput, type PartyInput, type SegmentInput } from '../syntax/edifact/build.js';
import type { Interchange, Message } from '../syntax/edifact/tree.js';

/**
 * The gateway's application error codes (ERC 9321, an..8; the UN publishes no list for it), one
 * per finding code. Stable like the GW_ERR codes: never renumbered, never reused.
 */
export const APERAK_ERROR_CODES: Readonly<Record<string, string>> = {
  GW_ERR_PROFILE_SEGMENT_MISSING: '101',
  GW_ERR_PROFILE_SEGMENT_REPEATED: '102',
  GW_ERR_PROFILE_ELEMENT_MISSING: '103',
  GW_ERR_CONTAINER_NUMBER_INVALID: '201',
  GW_ERR_CONTAINER_DUPLICATE: '202',
  GW_ERR_SIZE_TYPE_INVALID: '211',
  GW_ERR_SIZE_TYPE_OLD_CODE: '212',
  GW_ERR_WEIGHT_NOT_POSITIVE: '221',
  GW_ERR_WEIGHT_ABOVE_MAX_GROSS: '222',
  GW_ERR_WEIGHT_BELOW_TARE: '223',
  GW_ERR_LOCATION_NOT_UNLOCODE: '301',
  GW_ERR_CARRIER_CODE_INVALID: '401',
  GW_ERR_CARRIER_UNKNOWN: '402',
  GW_ERR_CARRIER_CODE_INACTIVE: '403',
  GW_ERR_DTM_VALUE_MISSING: '502',
  GW_ERR_CONTROL_COUNT_MISMATCH: '601',
};
/** ERC for an application finding without its own code. */
export const APERAK_OTHER_ERROR = '999';

export const AperakStatus = {
  accepted: 'accepted',
  acceptedWithWarnings: 'accepted-with-warnings',
  rejected: 'rejected',
} as const;
export type AperakStatus = (typeof AperakStatus)[keyof typeof AperakStatus];

export interface AperakOptions {
  /** Fresh interchange control reference for the APERAK interchange (UNB 0020), from a durable counter. */
  readonly controlRef: string;
  readonly now?: Date;
  /** Time zone for UNB and DTM+137 (EDIFACT carries no offset). Default UTC. */
  readonly timeZone?: string;
  /** Also answer messages without application findings (BGM 4343 AP). Default: only messages with findings. */
  readonly positive?: boolean;
  /** The gateway's identification, used as sender when the input has no readable UNB. */
  readonly gateway?: PartyInput;
  /** The partner, used as recipient when the input has no readable UNB. */
  readonly partner?: PartyInput;
  /** Defaults to the installation's catalogue (for the APERAK's directory and BGM code). */
  readonly catalogue?: EdifactCatalogue;
}

export interface AperakMessageResult {
  /** The answered message: its ordinal and UNH 0062. */
  readonly messageIndex: number;
  readonly messageRef: string;
  /** UNH 0062 of the APERAK answering it. */
  readonly aperakRef: string;
  readonly status: AperakStatus;
  readonly reported: number;
}

export interface AperakResult {
  readonly interchange: Interchange;
  readonly messages: readonly AperakMessageResult[];
}

const APPLICATION_CODES: ReadonlySet<string> = new Set(Object.keys(profileErrors).filter((c) => c !== 'GW_ERR_PROFILE_INVALID' && c !== 'GW_ERR_PROFILE_UNKNOWN'));
const MAX_ERRORS = 999;
const FTX_COMPONENT = 70;

/**
 * The findings an APERAK answers: profile and business-rule errors and warnings located in a
 * message, except those a CONTRL already carries (they have a 0085 code, such as a DTM value that
 * breaks its own format).
 */
export function aperakIssues(issues: readonly Issue[]): Issue[] {
  return issues.filter((i) => APPLICATION_CODES.has(i.code) && i.contrl === undefined && (i.severity === 'error' || i.severity === 'warning') && i.location?.messageIndex !== undefined);
}

function localParts(now: Date, timeZone: string): { year: string; month: string; day: string; hour: string; minute: string } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '00';
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

/** Text in the repertoire of the interchange: upper case under level A, other characters replaced. */
function representable(text: string, charsetId: string): string {
  let out = '';
  for (const ch of charsetId === 'UNOA' ? text.toUpperCase() : text) {
    if (firstUnencodable(ch, charsetId) === -1) out += ch;
    else if (ch === '_') out += firstUnencodable('-', charsetId) === -1 ? '-' : ' ';
    else {
      const plain = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += plain !== ch && firstUnencodable(plain, charsetId) === -1 ? plain : ' ';
    }
  }
  return out.replace(/ {2,}/g, ' ').trim();
}

/** Up to five 70-character components of FTX C108, cut at spaces where possible. */
function textComponents(text: string): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > 0 && out.length < 5) {
    if (rest.length <= FTX_COMPONENT) {
      out.push(rest);
      break;
    }
    let cut = rest.lastIndexOf(' ', FTX_COMPONENT);
    if (cut < FTX_COMPONENT / 2) cut = FTX_COMPONENT;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  return out;
}

/** The APERAK's directory: the message's own, or the nearest later one with APERAK where the catalogue knows it has none. */
function aperakDirectory(m: Message, catalogue: EdifactCatalogue): { version: string; release: string; directory: string | undefined } {
  const dir = `${m.id.version}${m.id.release}`.toUpperCase();
  const info = catalogue.directory(dir);
  if (!info || info.messages.includes('APERAK')) return { version: m.id.version, release: m.id.release, directory: info ? dir : undefined };
  const ids = catalogue.directories();
  const later = ids.slice(ids.indexOf(dir) + 1).find((d) => catalogue.directory(d)?.messages.includes('APERAK'));
  if (!later) return { version: m.id.version, release: m.id.release, directory: undefined };
  return { version: later.slice(0, 1), release: later.slice(1), directory: later };
}

/** The finding's position as the partner counts it: within the message, UNH being segment 1. */
function where(issue: Issue): string {
  const loc = issue.location;
  if (loc?.segmentInMessage === undefined) return 'message';
  const parts = [`segment ${loc.segmentInMessage}${loc.tag ? ` (${loc.tag})` : ''}`];
  if (loc.element !== undefined) parts.push(`element ${loc.element}`);
  if (loc.component !== undefined) parts.push(`component ${loc.component}`);
  return parts.join(', ');
}

function status(reported: readonly Issue[]): AperakStatus {
  if (reported.some((i) => i.severity === 'error')) return 'rejected';
  return reported.length > 0 ? 'accepted-with-warnings' : 'accepted';
}

const RESPONSE: Readonly<Record<AperakStatus, string>> = { accepted: 'AP', 'accepted-with-warnings': 'CA', rejected: 'RE' };

/**
 * Builds the APERAK interchange answering the application findings in `issues` (all of an
 * interchange's findings may be passed; `aperakIssues` picks its own). Returns undefined when no
 * message needs an answer, and never answers CONTRL or APERAK messages.
 */
export function buildAperak(ic: Interchange, issues: readonly Issue[], options: AperakOptions): AperakResult | undefined {
  const catalogue = options.catalogue ?? loadEdifactCatalogue();
  const header = ic.header;
  const version = header?.syntaxVersion ?? ic.context.syntaxVersion;
  const v4 = version >= 4;
  const syntaxId = header && /^UNO[A-Z]$/.test(header.syntaxId) ? header.syntaxId : 'UNOA';
  const charsetId = ic.context.charset.id === 'GB18030' ? 'GB18030' : syntaxId;
  const t = localParts(options.now ?? new Date(), options.timeZone ?? 'UTC');
  const reportedBy = new Map<number, Issue[]>();
  for (const i of aperakIssues(issues)) {
    const list = reportedBy.get(i.location!.messageIndex!) ?? [];
    list.push(i);
    reportedBy.set(i.location!.messageIndex!, list);
  }

  const messages: MessageInput[] = [];
  const results: AperakMessageResult[] = [];
  for (const m of ic.messages) {
    if (m.type === 'CONTRL' || m.type === 'APERAK') continue;
    const reported = reportedBy.get(m.index) ?? [];
    if (reported.length === 0 && options.positive !== true) continue;
    const target = aperakDirectory(m, catalogue);
    const codes = target.directory ? catalogue.codes(target.directory, '1001') : undefined;
    // 313 exists from D.99B on; earlier directories get no document code rather than a foreign one.
    const documentCode = codes === undefined || codes.has('313') ? '313' : undefined;
    const bgm = m.segments.find((s) => s.tag === 'BGM');
    const ref = String(messages.length + 1);
    const st = status(reported);
    const segments: SegmentInput[] = [
      ['BGM', [documentCode], `${options.controlRef}-${ref}`.slice(0, 35), '9', RESPONSE[st]],
      ['DTM', ['137', `${t.year}${t.month}${t.day}${t.hour}${t.minute}`, '203']],
      ['RFF', ['ACW', m.ref]],
    ];
    const documentNumber = bgm?.value(2) ?? '';
    if (documentNumber !== '') segments.push(['RFF', ['AGO', representable(documentNumber, charsetId).slice(0, 35)]]);
    for (const issue of reported.slice(0, MAX_ERRORS)) {
      const text = representable(`${where(issue)}: ${issue.text} (${issue.code})`, charsetId);
      segments.push(['ERC', [APERAK_ERROR_CODES[issue.code] ?? APERAK_OTHER_ERROR, undefined, 'ZZZ']]);
      segments.push(['FTX', 'AAO', undefined, undefined, textComponents(text)]);
    }
    messages.push({ ref, id: { type: 'APERAK', version: target.version, release: target.release, agency: m.id.agency || 'UN' }, segments });
    results.push({ messageIndex: m.index, messageRef: m.ref, aperakRef: ref, status: st, reported: Math.min(reported.length, MAX_ERRORS) });
  }
  if (messages.length === 0) return undefined;

  const chars = ic.context.chars.segment === 0x0a ? (v4 ? LEVEL_A_V4_DEFAULTS : LEVEL_A_DEFAULTS) : ic.context.chars;
  const sender: PartyInput = header ? { id: header.recipient.id, qualifier: header.recipient.qualifier } : options.gateway ?? { id: 'EDIGW' };
  const recipient: PartyInput = header ? { id: header.sender.id, qualifier: header.sender.qualifier, routing: header.sender.routing } : options.partner ?? { id: 'UNKNOWN' };
  const interchange = buildInterchange({
    syntaxId,
    syntaxVersion: version,
    chars: { ...chars, repetition: v4 ? chars.repetition : -1 },
    ...(ic.context.una !== undefined ? { una: true } : {}),
    ...(charsetId !== syntaxId ? { charset: charsetId } : {}),
    sender,
    recipient,
    preparedAt: { date: v4 ? `${t.year}${t.month}${t.day}` : `${t.year.slice(2)}${t.month}${t.day}`, time: `${t.hour}${t.minute}` },
    controlRef: options.controlRef,
    messages,
  });
  return { interchange, messages: results };
}
