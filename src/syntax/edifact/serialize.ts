/**
 * Writes an interchange tree back to bytes with its own service characters, releasing every data
 * character that is also a service character. A parsed tree keeps what lay between its segments
 * (terminator, line breaks), so an interchange read and written again gives back the same bytes.
 * A value the destination's character set cannot carry is an error that names the field, never
 * bytes outside the declared repertoire.
 */
import { GatewayError } from '../../errors/index.js';
import { encode, firstUnencodable } from './charsets.js';
import { describeByte, type EdifactContext, type ServiceChars } from './context.js';
import type { Segment, SegmentValues } from './segment.js';
import type { Interchange } from './tree.js';

export interface SerializeOptions {
  /** One segment per line (a line feed after each terminator) instead of the original layout. */
  readonly newlines?: boolean;
  /**
   * Refuse values outside the character repertoire. On by default for generated interchanges; off
   * for parsed ones, whose bytes were only read (their findings say what is wrong with them).
   */
  readonly checkRepertoire?: boolean;
}

function releaseSet(chars: ServiceChars): Set<string> {
  const set = new Set<string>();
  for (const b of [chars.component, chars.element, chars.release, chars.repetition, chars.segment]) {
    if (b >= 0) set.add(String.fromCharCode(b));
  }
  return set;
}

/** Escapes one value: every service character in the data gets the release character in front. */
function escapeValue(value: string, special: Set<string>, release: string | undefined, where: () => string): string {
  let out: string | undefined;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (!special.has(ch)) {
      if (out !== undefined) out += ch;
      continue;
    }
    if (release === undefined) {
      throw new GatewayError('GW_ERR_VALUE_NOT_REPRESENTABLE', `${where()}: the value holds the service character ${describeByte(ch.charCodeAt(0))} and the interchange has no release character`);
    }
    out ??= value.slice(0, i);
    out += release + ch;
  }
  return out ?? value;
}

/** The text of one segment (without terminator), values escaped. */
export function segmentText(tag: string, values: SegmentValues, context: EdifactContext, tagIndicators: readonly string[] = [], checkRepertoire = true): string {
  const { chars, charset } = context;
  const special = releaseSet(chars);
  const release = chars.release >= 0 ? String.fromCharCode(chars.release) : undefined;
  const elementSep = String.fromCharCode(chars.element);
  const componentSep = String.fromCharCode(chars.component);
  const repetitionSep = chars.repetition >= 0 ? String.fromCharCode(chars.repetition) : undefined;
  let text = tag;
  for (const ind of tagIndicators) text += componentSep + escapeValue(ind, special, release, () => `${tag} tag`);
  values.forEach((reps, e) => {
    if (reps.length > 1 && repetitionSep === undefined) {
      throw new GatewayError('GW_ERR_VALUE_NOT_REPRESENTABLE', `${tag} element ${e + 1} repeats, but repetition needs syntax version 4 and a repetition separator`);
    }
    text += elementSep;
    reps.forEach((comps, r) => {
      if (r > 0) text += repetitionSep!;
      comps.forEach((value, c) => {
        if (c > 0) text += componentSep;
        const where = (): string => `${tag} element ${e + 1}${comps.length > 1 ? ` component ${c + 1}` : ''}${reps.length > 1 ? ` repetition ${r + 1}` : ''}`;
        const bad = checkRepertoire ? firstUnencodable(value, charset.id) : -1;
        if (bad !== -1) {
          throw new GatewayError('GW_ERR_VALUE_NOT_REPRESENTABLE', `${where()}: "${value[bad]}" cannot be written in ${charset.id} (${charset.description})`);
        }
        text += escapeValue(value, special, release, where);
      });
    });
  });
  return text;
}

function unaText(chars: ServiceChars): string {
  const c = (b: number): string => (b >= 0 ? String.fromCharCode(b) : ' ');
  return `UNA${c(chars.component)}${c(chars.element)}${c(chars.decimal)}${c(chars.release)}${c(chars.repetition)}${c(chars.segment)}`;
}

/**
 * Serializes a tree. Parsed segments keep the bytes that followed them (terminator and whitespace);
 * generated ones get the terminator, plus a line feed with `newlines`.
 */
export function serializeInterchange(ic: Interchange, options: SerializeOptions = {}): Buffer {
  const { context } = ic;
  const chunks: Buffer[] = [];
  const leading = options.newlines ? undefined : ic.leading();
  if (leading !== undefined) {
    // BOM, UNA and whitespace exactly as received.
    chunks.push(leading);
  } else {
    if (context.bom) chunks.push(Buffer.from([0xef, 0xbb, 0xbf]));
    const una = context.una ? context.una.toString('latin1') : needsUna(context) ? unaText(context.chars) : '';
    if (una) chunks.push(Buffer.from(una + (options.newlines ? '\n' : ''), 'latin1'));
  }
  const terminator = String.fromCharCode(context.chars.segment) + (options.newlines ? '\n' : '');
  // What lies between segments is a terminator and whitespace (ASCII in every supported encoding),
  // so the whole body can be built as one string and encoded once.
  const check = options.checkRepertoire ?? ic.source === undefined;
  let body = '';
  for (let i = 1; i <= ic.segmentCount; i++) {
    const seg = ic.segment(i);
    body += segmentText(seg.tag, seg.elements, context, seg.tagIndicators, check);
    const trailer = options.newlines ? undefined : ic.trailer(i);
    body += trailer !== undefined ? trailer.toString('latin1') : terminator;
  }
  chunks.push(encode(body, context.charset.encoding));
  return Buffer.concat(chunks);
}

function needsUna(context: EdifactContext): boolean {
  const c = context.chars;
  return !(c.component === 0x3a && c.element === 0x2b && c.decimal === 0x2e && c.release === 0x3f && c.segment === 0x27 &&
    (c.repetition === -1 || (c.repetition === 0x2a && context.syntaxVersion >= 4)));
}

/** The text of one segment in its context (handy for logs and tests). */
export function formatSegment(seg: Segment, context: EdifactContext): string {
  return segmentText(seg.tag, seg.elements, context, seg.tagIndicators);
}
