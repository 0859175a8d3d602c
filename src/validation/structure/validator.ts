/**
 * Structure validation of one message against the catalogue: the directory comes from UNH S009,
 * the segment table is walked segment by segment (walker.ts) and each segment's data elements are
 * checked against the directory's definitions (elements.ts). Compiled tables and segment rules are
 * kept per catalogue, so a long-running gateway compiles each message type once.
 *
 * UNH and UNT take part in the walk but their elements are the syntax layer's (service segments,
 * checked by the envelope tracker against the service directory); UNS and the CONTRL segments
 * are checked here against the service definitions.
 */
import type { EdifactCatalogue, ServiceDefinitions, SyntaxVersion } from '../../catalogue/edifact/index.js';
import type { ErrorCode } from '../../errors/codes.js';
import { makeIssue, type Issue } from '../../errors/index.js';
import { locationOf, type Segment } from '../../syntax/edifact/index.js';
import type { MessageHeader, ValidationOptions } from '../types.js';
import { checkSegmentElements, CodeLists, compileSegment, restartNotes, type ElementContext, type SegmentRule } from './elements.js';
import { compileMessage, describePosition, tagCode, type CompiledMessage, type Position, type Table } from './table.js';
import { TableWalker, type WalkSink } from './walker.js';

const DEFAULT_MAX_PER_CODE = 100;
const SERVICE_TAGS = new Set(['UNS', 'UCI', 'UCM', 'UCS', 'UCD', 'UCF']);

const UNH = tagCode('UNH');
const UNT = tagCode('UNT');

/** Three upper-case letters or digits (what the syntax layer accepts as a tag), given as `tagCode`. */
function wellFormedCode(code: number): boolean {
  if (code < 0) return false;
  for (let i = 0; i < 3; i++) {
    const c = (code >>> (8 * i)) & 0xff;
    if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39))) return false;
  }
  return true;
}

/** What one message's check needs beyond the segments. */
export interface MessageContext extends MessageHeader {
  /** The decimal mark in force (UNA position 3, or full stop), as a character code. */
  readonly decimal: number;
  /** UNB 0002 when known; the streaming reader learns it before the first message. */
  readonly syntaxVersion: number | undefined;
}

/** One message under check: feed its segments in order, then `finish`. */
export class MessageChecker implements WalkSink {
  readonly issues: Issue[] = [];
  readonly definition: CompiledMessage | undefined;
  private readonly walker: TableWalker | undefined;
  private readonly perCode = new Map<ErrorCode, number>();
  private readonly elementContext: ElementContext;
  private readonly validator: StructureValidator;
  private readonly context: MessageContext;
  private readonly options: ValidationOptions;
  private readonly rules: SegmentRules;

  constructor(validator: StructureValidator, context: MessageContext, options: ValidationOptions) {
    this.validator = validator;
    this.context = context;
    this.options = options;
    const found = validator.lookup(context);
    this.definition = found.message;
    this.rules = validator.rules(found.rules);
    this.walker = found.message ? new TableWalker(found.message, this) : undefined;
    if ((options.passes?.length ?? 0) > 0) restartNotes();
    const report = this.report.bind(this);
    this.elementContext = {
      decimal: context.decimal,
      directory: context.directory,
      messageType: context.type,
      codeCheck: options.codeCheck,
      askAll: !found.codeLists,
      notePositions: (options.passes?.length ?? 0) > 0,
      report: (code, text, seg, element, component, repetition) => { report(code, text, locationOf(seg, context, element, component, repetition)); },
    };
  }

  /** Places one segment (UNH first) and checks its elements; returns the group path it was placed in. */
  feed(seg: Segment): string | undefined {
    const walker = this.walker;
    const tag = seg.tag;
    // The tag as a number once: compared and looked up below, and by the walk.
    const code = seg.code;
    if (code === UNH && seg.indexInMessage === 1) this.opening(seg);
    if (walker === undefined) return undefined;
    // A malformed tag is the syntax layer's finding; it cannot be placed, so it is passed over.
    if (!wellFormedCode(code)) return undefined;
    const table = walker.feed(seg, code);
    if (code !== UNH && code !== UNT) {
      // Where the segment was placed, its position keeps the rule of its tag.
      const position = walker.placed;
      let rule: SegmentRule | undefined;
      if (position !== undefined && position.ruleFrom === this.rules) {
        rule = position.rule as SegmentRule | undefined;
      } else {
        rule = this.rules.get(tag);
        if (position !== undefined) {
          position.rule = rule;
          position.ruleFrom = this.rules;
        }
      }
      if (rule !== undefined) checkSegmentElements(seg, rule, this.elementContext);
    }
    return table?.path;
  }

  /** What the catalogue cannot check in this message is said once, at UNH S009. */
  private opening(unh: Segment): void {
    const { type, directory } = this.context;
    if (this.definition === undefined) {
      const held = this.validator.catalogue.directory(directory) !== undefined;
      const why = held ? `the catalogue holds no ${type} table in ${directory}` : `the catalogue holds no directory ${directory}`;
      this.report('GW_ERR_MESSAGE_NOT_IN_CATALOGUE', `${type} ${directory}: ${why}, so the message was checked at the syntax level only`, locationOf(unh, this.context, 2));
    } else if (this.elementContext.askAll) {
      this.report('GW_ERR_CODE_LISTS_NOT_IN_CATALOGUE', `${directory} publishes no code lists in the reference directories: the structure of this ${type} was checked, its code values were not`, locationOf(unh, this.context, 2));
    }
  }

  /** Adds the summaries of capped findings; returns the message's structure findings. */
  finish(): Issue[] {
    const max = this.options.maxIssuesPerCode ?? DEFAULT_MAX_PER_CODE;
    for (const [code, n] of this.perCode) {
      if (n <= max) continue;
      this.issues.push(makeIssue('GW_ERR_STRUCTURE_FINDINGS_TRUNCATED', `${n - max} more ${code} findings in message ${this.context.ref} are not listed`, { messageRef: this.context.ref, messageIndex: this.context.index }));
    }
    return this.issues;
  }

  report(code: ErrorCode, text: string, location: ReturnType<typeof locationOf>): void {
    const n = (this.perCode.get(code) ?? 0) + 1;
    this.perCode.set(code, n);
    if (n > (this.options.maxIssuesPerCode ?? DEFAULT_MAX_PER_CODE)) return;
    const severity = this.options.severity?.[code];
    const version = this.context.syntaxVersion;
    this.issues.push(makeIssue(code, text, location, { ...(severity ? { severity } : {}), ...(version !== undefined ? { syntaxVersion: version } : {}) }));
  }

  missing(position: Position, within: Table, after: Segment | undefined): void {
    const where = within.id === '' ? '' : ` in ${within.id}`;
    const before = after ? ` after ${after.tag} (segment ${after.indexInMessage} of the message)` : '';
    const code = position.group ? 'GW_ERR_GROUP_MISSING' : 'GW_ERR_SEGMENT_MISSING';
    const loc = after ? locationOf(after, this.context) : { messageRef: this.context.ref, messageIndex: this.context.index };
    // The position is where UCS 0096 puts a missing segment (the last one processed before its
    // place); there is no segment in error, so no tag: a tag would name the segment before it,
    // and a finding "at UNH" would read as an error in UNH itself (CONTRL UCM).
    delete loc.tag;
    this.report(code, `mandatory ${describePosition(position)} is missing${where}${before}`, loc);
  }

  unexpected(seg: Segment, within: Table, after: Segment | undefined): void {
    const def = this.definition!.def;
    const known = this.definition!.tags.has(seg.tag);
    const place = after ? ` after ${after.tag}${within.id === '' ? '' : ` in ${within.id}`}` : '';
    const text = known
      ? `segment ${seg.tag} is not allowed here${place}: the ${def.type} ${def.directory} segment table has no place for it from this point on`
      : `segment ${seg.tag} is not part of ${def.type} ${def.directory}`;
    this.report('GW_ERR_SEGMENT_UNEXPECTED', text, locationOf(seg, this.context));
  }

  tooMany(seg: Segment, position: Position, count: number, within: Table): void {
    const where = within.id === '' ? '' : ` in ${within.id}`;
    if (position.group) {
      this.report('GW_ERR_GROUP_REPEATED_TOO_OFTEN', `segment group ${position.name} (opened by ${position.tag}) occurs ${count} times${where}; the segment table allows ${position.max}`, locationOf(seg, this.context));
    } else {
      this.report('GW_ERR_SEGMENT_REPEATED_TOO_OFTEN', `segment ${seg.tag} occurs ${count} times in a row${where}; the segment table allows ${position.max}`, locationOf(seg, this.context));
    }
  }
}

interface Lookup {
  readonly message: CompiledMessage | undefined;
  /** Key of the segment definitions to use: a directory id, or 'service3' / 'service4'. */
  readonly rules: string;
  readonly codeLists: boolean;
}

/** Compiles and caches what validating against one catalogue needs. */
export class StructureValidator {
  readonly catalogue: EdifactCatalogue;
  private readonly messages = new Map<string, CompiledMessage | undefined>();
  private readonly bySource = new Map<string, SegmentRules>();

  constructor(catalogue: EdifactCatalogue) {
    this.catalogue = catalogue;
  }

  /** The compiled table of a message and where its segment definitions come from. */
  lookup(header: Pick<MessageHeader, 'type' | 'directory' | 'id'>): Lookup {
    if (header.type === 'CONTRL') {
      const version = header.id.version === '4' ? 4 : 3;
      return { message: this.compiled(`service${version}`, 'CONTRL'), rules: `service${version}`, codeLists: true };
    }
    const info = this.catalogue.directory(header.directory);
    return { message: info ? this.compiled(header.directory, header.type) : undefined, rules: header.directory, codeLists: info?.codeLists ?? true };
  }

  private compiled(directory: string, type: string): CompiledMessage | undefined {
    const key = `${directory}/${type}`;
    if (this.messages.has(key)) return this.messages.get(key);
    const def = directory.startsWith('service')
      ? this.catalogue.service(Number(directory.slice(7)) as SyntaxVersion).message(type)
      : this.catalogue.message(directory, type);
    const compiled = def ? compileMessage(def) : undefined;
    this.messages.set(key, compiled);
    return compiled;
  }

  /** The compiled segment rules of one source: a directory id, or 'service3' / 'service4'. */
  rules(source: string): SegmentRules {
    let rules = this.bySource.get(source);
    if (!rules) this.bySource.set(source, (rules = new SegmentRules(this.catalogue, source)));
    return rules;
  }
}

/** Segment rules of one directory (or the service definitions), compiled on first use. */
export class SegmentRules {
  private readonly compiled = new Map<string, SegmentRule | null>();
  private readonly catalogue: EdifactCatalogue;
  private readonly source: string;
  private readonly codeLists: CodeLists;
  private readonly serviceLists: CodeLists;

  constructor(catalogue: EdifactCatalogue, source: string) {
    this.catalogue = catalogue;
    this.source = source;
    const service = (): ServiceDefinitions => catalogue.service(source === 'service4' ? 4 : 3);
    this.serviceLists = new CodeLists((id) => service().codes(id));
    this.codeLists = source.startsWith('service') ? this.serviceLists : new CodeLists((id) => catalogue.codes(source, id));
  }

  /** The rule of a segment, undefined when neither the directory nor the service definitions define it. */
  get(tag: string): SegmentRule | undefined {
    const cached = this.compiled.get(tag);
    if (cached !== undefined) return cached ?? undefined;
    const source = this.source;
    let rule: SegmentRule | undefined;
    if (SERVICE_TAGS.has(tag) || source.startsWith('service')) {
      const def = this.catalogue.service(source === 'service4' ? 4 : 3).segment(tag);
      rule = def && compileSegment(def, this.serviceLists, 'service');
    } else {
      const def = this.catalogue.segment(source, tag);
      rule = def && compileSegment(def, this.codeLists, source);
    }
    this.compiled.set(tag, rule ?? null);
    return rule;
  }
}
