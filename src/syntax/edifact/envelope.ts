/**
 * The envelope tracker: an incremental state machine fed one segment at a time, shared by the tree
 * parser and the streaming validator, so both find exactly the same things. It follows UNB/UNG/UNH
 * /UNT/UNE/UNZ, counts, matches references, checks service segments against the service directory
 * of the syntax version, and turns the scanner's character flags into precise findings.
 *
 * Memory stays bounded on any input: it keeps one record per open message and group, the set of
 * message references (needed for duplicates), and at most `maxIssuesPerCode` findings per code.
 */
import { makeIssue, type Issue, type Location, type Severity } from '../../errors/index.js';
import type { ErrorCode } from '../../errors/codes.js';
import { analyseCharacters, type CharFinding } from './charcheck.js';
import { charsetInfo, type CharsetInfo } from './charsets.js';
import { charsetFor, describeByte, withSyntaxVersion, type ServiceChars } from './context.js';
import { SegFlag, type ScanPreamble } from './scanner.js';
import type { Segment } from './segment.js';
import { checkServiceSegment } from './service-check.js';
import { serviceDefinitions } from './service-defs.js';
import type { EnvelopeListener, EnvelopeOptions, GroupRecord, InterchangeHeader, MessageRecord } from './envelope-types.js';

export type { EnvelopeListener, EnvelopeOptions, GroupRecord, InterchangeHeader, MessageIdentifier, MessageRecord, PartyId } from './envelope-types.js';

const CHAR_FLAGS = SegFlag.invalid | SegFlag.lowercase | SegFlag.high;

/**
 * Warnings that tend to repeat on every segment of a message (a whole file in lower case, a
 * system that lost every umlaut): reported once per message with a count, not once per segment.
 */
const ONCE_PER_MESSAGE = new Set<string>(['GW_ERR_LOWERCASE_UNDER_UNOA', 'GW_ERR_REPLACEMENT_CHARACTER']);

export class EnvelopeTracker {
  readonly issues: Issue[] = [];
  header: InterchangeHeader | undefined;
  unb: Segment | undefined;
  unz: Segment | undefined;
  message: MessageRecord | undefined;
  group: GroupRecord | undefined;
  messageCount = 0;
  groupCount = 0;
  segmentCount = 0;
  chars: ServiceChars;
  charset: CharsetInfo | undefined;
  syntaxVersion = 3;
  private readonly options: EnvelopeOptions;
  private readonly listener: EnvelopeListener;
  private readonly refs = new Set<string>();
  private readonly groupRefs = new Set<string>();
  private readonly perCode = new Map<string, number>();
  private standalone = false;
  private afterUnz = false;
  private reportedAfterUnz = false;
  private outsideRun = false;
  private sawAnything = false;
  /** For ONCE_PER_MESSAGE codes: the issue reported for the open message and how many more there were. */
  private repeated = new Map<string, { at: number; more: number }>();

  constructor(preamble: ScanPreamble, listener: EnvelopeListener = {}, options: EnvelopeOptions = {}) {
    this.options = options;
    this.listener = listener;
    this.chars = preamble.chars;
    if (preamble.unaProblem !== undefined) {
      this.report('GW_ERR_UNA_INVALID', preamble.unaProblem, { tag: 'UNA', offset: preamble.bom ? 3 : 0, line: 1 });
    }
    if (preamble.newlineTerminator) {
      this.report('GW_ERR_NEWLINE_TERMINATOR', 'segments end with line feeds instead of the segment terminator "\'" (there is no UNA to declare another one)', { segment: 1, line: 1 });
    }
  }

  /** Reports a finding, applying the partner's severity overrides and the per-code cap. */
  report(code: ErrorCode, text: string, location: Location, severity?: Severity): void {
    if (ONCE_PER_MESSAGE.has(code) && location.messageIndex !== undefined) {
      const seen = this.repeated.get(code);
      if (seen) { seen.more++; return; }
      this.repeated.set(code, { at: this.issues.length, more: 0 });
    }
    const n = (this.perCode.get(code) ?? 0) + 1;
    this.perCode.set(code, n);
    if (n > (this.options.maxIssuesPerCode ?? 100)) return;
    const sev = this.options.severity?.[code] ?? severity;
    const issue = makeIssue(code, text, location, { syntaxVersion: this.syntaxVersion, ...(sev ? { severity: sev } : {}) });
    this.issues.push(issue);
    const m = this.message;
    if (m && location.messageIndex === m.index) {
      if (issue.severity === 'error') m.errors++;
      else if (issue.severity === 'warning') m.warnings++;
    }
  }

  /** Location of a segment (and optionally a position inside it). */
  locate(seg: Segment, element?: number, component?: number, repetition?: number): Location {
    const loc: Location = { segment: seg.index, tag: seg.tag };
    const m = this.message;
    if (m && seg.index >= m.firstSegment && seg.indexInMessage > 0) {
      Object.assign(loc, { segmentInMessage: seg.indexInMessage, messageRef: m.ref, messageIndex: m.index });
    }
    if (element !== undefined) {
      loc.element = element;
      if (component !== undefined) loc.component = component;
      if (repetition !== undefined) loc.repetition = repetition;
      const p = seg.position(element, component ?? 1, repetition ?? 1);
      if (p) Object.assign(loc, { offset: p.offset, line: p.line });
    } else if (seg.offset >= 0) {
      Object.assign(loc, { offset: seg.offset, line: seg.line });
    }
    return loc;
  }

  /**
   * Feeds a service segment (tag starting "UN"). Returns the charset UNB declared, so the caller
   * can switch the scanner's repertoire check.
   */
  service(seg: Segment): CharsetInfo | undefined {
    this.segmentCount = seg.index;
    this.sawAnything = true;
    this.checkAfterUnz(seg);
    switch (seg.tag) {
      case 'UNB': return this.onUnb(seg);
      case 'UNG': this.onUng(seg); return undefined;
      case 'UNE': this.onUne(seg); return undefined;
      case 'UNH': this.onUnh(seg); return undefined;
      case 'UNT': this.onUnt(seg); return undefined;
      case 'UNZ': this.onUnz(seg); return undefined;
      case 'UNA':
        this.report('GW_ERR_UNA_NOT_ALLOWED_HERE', 'a UNA service string advice can only open an interchange', this.locate(seg));
        return undefined;
      default:
        this.data(seg);
        return undefined;
    }
  }

  /** Feeds a non-service segment. Only the segment count is kept unless it needs a closer look. */
  data(seg: Segment): void {
    this.segmentCount = seg.index;
    this.sawAnything = true;
    this.checkAfterUnz(seg);
    const m = this.message;
    if (m) {
      m.segmentCount++;
      seg.indexInMessage = m.segmentCount;
      this.outsideRun = false;
    } else {
      if (this.unb === undefined && seg.index === 1) {
        this.report('GW_ERR_NOT_EDIFACT', `the input starts with "${seg.tag}", not UNA, UNB or UNH`, this.locate(seg));
      } else if (!this.outsideRun && !this.afterUnz) {
        this.report('GW_ERR_SEGMENT_OUTSIDE_MESSAGE', `segment ${seg.tag} is outside any message (no UNH before it)`, this.locate(seg));
      }
      this.outsideRun = true;
    }
  }

  /** Anything after UNZ is reported once, at its first segment; it is still read. */
  private checkAfterUnz(seg: Segment): void {
    if (!this.afterUnz || this.reportedAfterUnz) return;
    this.reportedAfterUnz = true;
    this.report('GW_ERR_DATA_AFTER_UNZ', `segment ${seg.tag} and what follows come after the interchange trailer UNZ`, this.locate(seg));
  }

  /** Cheap path for data segments the tree parser does not materialise. */
  countData(): number {
    this.segmentCount++;
    this.sawAnything = true;
    return this.message ? ++this.message.segmentCount : 0;
  }

  /** Whether a data segment at this point would need `data()` (outside a message, after UNZ). */
  get needsDataCheck(): boolean {
    return this.message === undefined || this.afterUnz;
  }

  /** Turns scanner flags into precise findings (charset, line breaks, unterminated, bad tag). */
  inspect(seg: Segment, force = false): void {
    if (seg.flags & SegFlag.unterminated) {
      const dangling = seg.source !== undefined && seg.source.end > seg.source.start && seg.source.buf[seg.source.end - 1] === this.chars.release;
      this.report(dangling ? 'GW_ERR_DANGLING_RELEASE' : 'GW_ERR_SEGMENT_UNTERMINATED',
        dangling ? `the input ends with a release character that releases nothing (segment ${seg.tag})` : `the input ends inside segment ${seg.tag}: it has no terminator ${describeByte(this.chars.segment)} (truncated?)`,
        this.locate(seg));
    }
    const charset = this.charset;
    if (!charset || (!force && (seg.flags & CHAR_FLAGS) === 0)) return;
    const findings = analyseCharacters(seg, charset, this.chars, force);
    for (const f of findings) this.reportCharacter(seg, f);
  }

  private reportCharacter(seg: Segment, f: CharFinding): void {
    const loc = this.locate(seg, f.element > 0 ? f.element : undefined, f.element > 0 ? f.component : undefined, f.element > 0 && f.repetition > 1 ? f.repetition : undefined);
    loc.offset = seg.offset + f.at;
    const more = f.count > 1 ? ` (${f.count} in this segment)` : '';
    switch (f.kind) {
      case 'lowercase':
        this.report('GW_ERR_LOWERCASE_UNDER_UNOA', `${f.detail}${more}`, loc);
        return;
      case 'invalid':
      case 'linebreak':
        this.report('GW_ERR_INVALID_CHARACTER', `${f.detail}${more}`, loc);
        return;
      case 'wrong-encoding':
        this.report('GW_ERR_WRONG_ENCODING', `${f.detail}${more}`, loc);
        return;
      case 'mojibake':
        // The bytes are legal in the declared set, so this only warns.
        this.report('GW_ERR_WRONG_ENCODING', f.detail, loc, 'warning');
        return;
      case 'invalid-encoding':
        this.report('GW_ERR_INVALID_ENCODING', f.detail, loc);
        return;
      case 'replacement':
        this.report('GW_ERR_REPLACEMENT_CHARACTER', `${f.detail}${more}: characters were lost before this interchange was written`, loc);
        return;
    }
  }

  /** Reports a segment whose tag is not three letters/digits followed by a separator. */
  badTag(seg: Segment): void {
    this.report('GW_ERR_SEGMENT_TAG_INVALID', `segment tag "${seg.raw()?.toString('latin1', 0, 8) ?? seg.tag}" is not three upper-case letters or digits followed by a separator`, this.locate(seg));
  }

  emptySegment(offset: number, line: number): void {
    this.report('GW_ERR_EMPTY_SEGMENT', 'an empty segment: two segment terminators in a row', { offset, line, segment: this.segmentCount });
  }

  private onUnb(seg: Segment): CharsetInfo | undefined {
    if (seg.index !== 1 || this.unb !== undefined) {
      if (!this.afterUnz) this.report('GW_ERR_NESTED_ENVELOPE', 'a second interchange header UNB inside the interchange', this.locate(seg));
      return undefined;
    }
    this.unb = seg;
    const syntaxId = seg.value(1, 1);
    const versionText = seg.value(1, 2);
    const version = /^[1-4]$/.test(versionText) ? Number(versionText) : 0;
    this.syntaxVersion = version === 0 ? 3 : version;
    this.chars = withSyntaxVersion(this.chars, this.syntaxVersion, false);
    if (version === 0) {
      this.report('GW_ERR_SYNTAX_VERSION_UNSUPPORTED', `syntax version "${versionText}" is not 1, 2, 3 or 4`, this.locate(seg, 1, 2));
    }
    const known = charsetInfo(syntaxId);
    const listed = serviceDefinitions(this.syntaxVersion, ...schemasArg(this.options)).codes['0001'];
    if (!known || known.id === 'GB18030') {
      this.report('GW_ERR_SYNTAX_ID_UNKNOWN', `syntax identifier "${syntaxId}" is not a UN/ECE syntax level; the data are read as Latin-1 without a repertoire check`, this.locate(seg, 1, 1));
    } else if (this.syntaxVersion < known.sinceVersion || (listed !== undefined && !Object.hasOwn(listed, syntaxId) && known.sinceVersion > this.syntaxVersion)) {
      this.report('GW_ERR_SYNTAX_ID_LATER_VERSION', `${syntaxId} is defined from syntax version ${known.sinceVersion}; the interchange declares version ${this.syntaxVersion}`, this.locate(seg, 1, 1));
    }
    this.charset = known && known.id !== 'GB18030' ? charsetFor(syntaxId, this.options.charset) : this.options.charset ? charsetFor(this.options.charset) : undefined;
    this.header = {
      syntaxId,
      syntaxVersion: this.syntaxVersion,
      sender: { id: seg.value(2, 1), qualifier: seg.value(2, 2), routing: seg.value(2, 3) },
      recipient: { id: seg.value(3, 1), qualifier: seg.value(3, 2), routing: seg.value(3, 3) },
      date: seg.value(4, 1),
      time: seg.value(4, 2),
      controlRef: seg.value(5),
      applicationRef: seg.value(7),
      ackRequested: seg.value(9) === '1',
      test: seg.value(11) === '1',
    };
    checkServiceSegment(seg, this.serviceContext());
    this.inspect(seg, true);
    return this.charset;
  }

  /** Made once per syntax version (UNB may change it), not once per service segment. */
  private serviceCtx: Parameters<typeof checkServiceSegment>[1] | undefined;

  private serviceContext(): Parameters<typeof checkServiceSegment>[1] {
    const cached = this.serviceCtx;
    if (cached !== undefined && cached.version === this.syntaxVersion) return cached;
    const ctx: Parameters<typeof checkServiceSegment>[1] = {
      version: this.syntaxVersion,
      report: (code, text, location, severity) => { this.report(code, text, location, severity); },
      locate: (s, e, c, r) => this.locate(s, e, c, r),
      ...(this.options.schemasRoot !== undefined ? { schemasRoot: this.options.schemasRoot } : {}),
    };
    this.serviceCtx = ctx;
    return ctx;
  }

  private onUng(seg: Segment): void {
    if (this.message) this.closeMessage(undefined, seg.tag);
    if (this.group) this.closeGroup(undefined, seg);
    if (this.standalone) this.report('GW_ERR_GROUPS_AND_MESSAGES_MIXED', 'a functional group follows messages outside groups', this.locate(seg));
    const ref = seg.value(5);
    this.groupCount++;
    const g: GroupRecord = { index: this.groupCount, ref, ung: seg, une: undefined, messageCount: 0, types: new Set() };
    if (this.groupRefs.has(ref)) this.report('GW_ERR_DUPLICATE_GROUP_REFERENCE', `group reference "${ref}" is used twice in this interchange`, this.locate(seg, 5));
    this.groupRefs.add(ref);
    this.group = g;
    checkServiceSegment(seg, this.serviceContext());
    this.listener.groupStart?.(g);
  }

  private onUne(seg: Segment): void {
    if (this.message) this.closeMessage(undefined, seg.tag);
    const g = this.group;
    if (!g) {
      this.report('GW_ERR_UNE_UNEXPECTED', 'UNE without an open functional group', this.locate(seg));
      return;
    }
    checkServiceSegment(seg, this.serviceContext());
    this.closeGroup(seg, seg);
  }

  private closeGroup(une: Segment | undefined, at: Segment): void {
    const g = this.group!;
    g.une = une;
    if (une) {
      const count = une.value(1);
      if (count !== String(g.messageCount) && Number(count) !== g.messageCount) {
        this.report('GW_ERR_UNG_UNE_COUNT', `UNE says ${count} messages; group ${g.ref} has ${g.messageCount}`, { ...this.locate(une, 1), groupRef: g.ref });
      }
      if (une.value(2) !== '' && une.value(2) !== g.ref) {
        this.report('GW_ERR_UNG_UNE_REFERENCE', `UNE reference "${une.value(2)}" does not match UNG reference "${g.ref}"`, { ...this.locate(une, 2), groupRef: g.ref });
      }
    } else {
      this.report('GW_ERR_UNE_MISSING', `functional group ${g.ref} is not closed by UNE before ${at.tag}`, { ...this.locate(at), groupRef: g.ref });
    }
    if (g.messageCount === 0) this.report('GW_ERR_EMPTY_INTERCHANGE', `functional group ${g.ref} holds no message`, { ...this.locate(g.ung), groupRef: g.ref });
    if (g.types.size > 1) this.report('GW_ERR_GROUP_MIXED_TYPES', `functional group ${g.ref} holds ${[...g.types].join(', ')}`, { ...this.locate(g.ung), groupRef: g.ref });
    this.group = undefined;
    this.listener.groupEnd?.(g);
  }

  private onUnh(seg: Segment): void {
    if (this.message) this.closeMessage(undefined, seg.tag);
    if (this.unb === undefined && seg.index === 1) {
      this.report('GW_ERR_UNB_MISSING', 'the interchange has no UNB header: it starts with UNH', this.locate(seg));
    }
    if (!this.group) {
      if (this.groupCount > 0) this.report('GW_ERR_GROUPS_AND_MESSAGES_MIXED', 'a message outside any group follows functional groups', this.locate(seg));
      this.standalone = true;
    }
    this.outsideRun = false;
    const ref = seg.value(1);
    this.messageCount++;
    const m: MessageRecord = {
      index: this.messageCount,
      ref,
      id: { type: seg.value(2, 1), version: seg.value(2, 2), release: seg.value(2, 3), agency: seg.value(2, 4), association: seg.value(2, 5) },
      unh: seg,
      unt: undefined,
      segmentCount: 1,
      firstSegment: seg.index,
      group: this.group,
      errors: 0,
      warnings: 0,
    };
    seg.indexInMessage = 1;
    this.message = m;
    if (this.group) {
      this.group.messageCount++;
      this.group.types.add(m.id.type);
    }
    if (this.refs.has(ref)) {
      this.report('GW_ERR_DUPLICATE_MESSAGE_REFERENCE', `message reference "${ref}" is used by an earlier message of this interchange`, this.locate(seg, 1));
    }
    this.refs.add(ref);
    checkServiceSegment(seg, this.serviceContext());
    this.listener.messageStart?.(m);
  }

  private onUnt(seg: Segment): void {
    const m = this.message;
    if (!m) {
      this.report('GW_ERR_UNT_UNEXPECTED', 'UNT without an open message (no UNH before it)', this.locate(seg));
      return;
    }
    m.segmentCount++;
    seg.indexInMessage = m.segmentCount;
    checkServiceSegment(seg, this.serviceContext());
    this.closeMessage(seg, 'UNT');
  }

  private closeMessage(unt: Segment | undefined, before: string): void {
    const m = this.message!;
    m.unt = unt;
    if (unt) {
      const count = unt.value(1);
      if (/^\d+$/.test(count) && Number(count) !== m.segmentCount) {
        this.report('GW_ERR_UNT_COUNT', `UNT says ${count} segments; message ${m.ref} has ${m.segmentCount} (UNH to UNT)`, this.locate(unt, 1));
      }
      if (unt.value(2) !== '' && unt.value(2) !== m.ref) {
        this.report('GW_ERR_UNT_REFERENCE', `UNT reference "${unt.value(2)}" does not match UNH reference "${m.ref}"`, this.locate(unt, 2));
      }
    } else {
      this.report('GW_ERR_UNT_MISSING', `message ${m.ref} is not closed by UNT before ${before}`, { ...this.locate(m.unh), messageRef: m.ref, messageIndex: m.index, segmentInMessage: 1 });
    }
    if (this.repeated.size > 0) {
      for (const { at, more } of this.repeated.values()) {
        const first = this.issues[at];
        if (more > 0 && first) this.issues[at] = { ...first, text: `${first.text}; and in ${more} more segment${more > 1 ? 's' : ''} of message ${m.ref}` };
      }
      this.repeated.clear();
    }
    this.message = undefined;
    this.listener.messageEnd?.(m);
  }

  private onUnz(seg: Segment): void {
    if (this.message) this.closeMessage(undefined, seg.tag);
    if (this.group) this.closeGroup(undefined, seg);
    if (this.afterUnz) return;
    this.unz = seg;
    this.afterUnz = true;
    checkServiceSegment(seg, this.serviceContext());
    const count = seg.value(1);
    const expected = this.groupCount > 0 ? this.groupCount : this.messageCount;
    // Mixed groups and messages are already an error; there is no right count to compare with.
    const mixed = this.groupCount > 0 && this.standalone;
    if (!mixed && /^\d+$/.test(count) && Number(count) !== expected) {
      this.report('GW_ERR_UNZ_COUNT', `UNZ says ${count}; the interchange has ${expected} ${this.groupCount > 0 ? 'functional groups' : 'messages'}`, this.locate(seg, 1));
    }
    if (this.unb && seg.value(2) !== '' && seg.value(2) !== this.unb.value(5)) {
      this.report('GW_ERR_UNZ_REFERENCE', `UNZ reference "${seg.value(2)}" does not match UNB reference "${this.unb.value(5)}"`, this.locate(seg, 2));
    }
  }

  /** Ends the input: closes what is open and summarises capped findings. */
  finish(end: { offset: number; line: number }): void {
    if (this.message) this.closeMessage(undefined, 'the end of the input');
    if (this.group) {
      const g = this.group;
      this.report('GW_ERR_UNE_MISSING', `functional group ${g.ref} is not closed by UNE`, { ...this.locate(g.ung), groupRef: g.ref });
      this.group = undefined;
      this.listener.groupEnd?.(g);
    }
    if (!this.sawAnything) {
      this.report('GW_ERR_EMPTY_INPUT', 'the input holds no segment', { offset: 0, line: 1 });
    } else if (this.unb && !this.unz) {
      this.report('GW_ERR_UNZ_MISSING', 'the interchange ends without UNZ (truncated?)', { ...end, segment: this.segmentCount });
    }
    if (this.unb && this.messageCount === 0 && this.groupCount === 0) {
      this.report('GW_ERR_EMPTY_INTERCHANGE', 'the interchange holds no message', this.locate(this.unb));
    }
    const max = this.options.maxIssuesPerCode ?? 100;
    for (const [code, n] of this.perCode) {
      if (n > max) {
        const first = this.issues.find((i) => i.code === code);
        this.issues.push(makeIssue(code as ErrorCode, `${n - max} more findings of this kind are not listed`, undefined, { syntaxVersion: this.syntaxVersion, ...(first ? { severity: first.severity } : {}) }));
      }
    }
  }
}

function schemasArg(options: EnvelopeOptions): [] | [string] {
  return options.schemasRoot === undefined ? [] : [options.schemasRoot];
}
