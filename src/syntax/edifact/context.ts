/**
 * The delimiters of an interchange, kept in one explicit object (Medplum's Hl7Context) built from the
 * UNA service string advice or the defaults, and completed by the UNB syntax identifier.
 */
import { charsetInfo, type CharsetInfo } from './charsets.js';

/** Service characters as byte values; -1 means "not used". */
export interface ServiceChars {
  readonly component: number;
  readonly element: number;
  readonly decimal: number;
  readonly release: number;
  /** Repetition separator: syntax version 4 only (UNA position 4 is a reserved space before that). */
  readonly repetition: number;
  readonly segment: number;
}

/** `UNA:+.? '`: level A defaults of syntax versions 1-3. */
export const LEVEL_A_DEFAULTS: ServiceChars = { component: 0x3a, element: 0x2b, decimal: 0x2e, release: 0x3f, repetition: -1, segment: 0x27 };
/** `UNA:+.?*'`: version 4 adds the repetition separator `*`. */
export const LEVEL_A_V4_DEFAULTS: ServiceChars = { ...LEVEL_A_DEFAULTS, repetition: 0x2a };
/** Level B defaults are the information separators IS1 (component), IS3 (element), IS4 (segment). */
export const LEVEL_B_DEFAULTS: ServiceChars = { component: 0x1f, element: 0x1d, decimal: 0x2e, release: -1, repetition: -1, segment: 0x1c };

export const UNA_LENGTH = 9;

export interface UnaResult {
  readonly chars: ServiceChars;
  /** The six characters after "UNA", exactly as received (for a byte-identical round trip). */
  readonly raw: Buffer;
  /** Why the advice cannot be used, if it cannot. */
  readonly problem?: string;
}

const SPACE = 0x20;

function isAlnum(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
}

/**
 * Reads the UNA service string advice at `offset` (which points at "UNA"). Position 4 is read as
 * the repetition separator only when the interchange turns out to be syntax version 4: see
 * `withSyntaxVersion`.
 */
export function parseUna(buf: Uint8Array, offset: number): UnaResult {
  const raw = Buffer.from(buf.subarray(offset + 3, offset + UNA_LENGTH));
  if (raw.length < 6) {
    return { chars: LEVEL_A_DEFAULTS, raw, problem: `UNA is cut short: it needs 6 service characters, found ${raw.length}` };
  }
  const [component, element, decimal, release, reserved, segment] = raw as unknown as [number, number, number, number, number, number];
  const chars: ServiceChars = {
    component,
    element,
    decimal,
    release: release === SPACE ? -1 : release,
    repetition: reserved === SPACE ? -1 : reserved,
    segment,
  };
  const named: [string, number][] = [
    ['component data element separator', component],
    ['data element separator', element],
    ['release character', chars.release],
    ['repetition separator', chars.repetition],
    ['segment terminator', segment],
  ];
  for (const [name, b] of named) {
    if (b === -1) continue;
    if (isAlnum(b) || b === SPACE) {
      return { chars: LEVEL_A_DEFAULTS, raw, problem: `UNA ${name} ${describeByte(b)} is a letter, digit or space, which cannot be a service character` };
    }
  }
  for (let i = 0; i < named.length; i++) {
    for (let j = i + 1; j < named.length; j++) {
      const a = named[i];
      const b = named[j];
      if (a[1] !== -1 && a[1] === b[1]) {
        return { chars: LEVEL_A_DEFAULTS, raw, problem: `UNA uses ${describeByte(a[1])} both as ${a[0]} and as ${b[0]}` };
      }
    }
  }
  if (decimal !== 0x2e && decimal !== 0x2c) {
    return { chars, raw, problem: `UNA decimal mark ${describeByte(decimal)} is neither "." nor ","` };
  }
  return { chars, raw };
}

/**
 * Completes the service characters once UNB has told the syntax version: before version 4 the
 * fifth UNA character is reserved, so no repetition separator is active whatever it holds.
 */
export function withSyntaxVersion(chars: ServiceChars, version: number, explicitUna: boolean): ServiceChars {
  if (version >= 4) {
    if (!explicitUna && chars.segment === LEVEL_A_DEFAULTS.segment && chars.repetition === -1) return LEVEL_A_V4_DEFAULTS;
    return chars;
  }
  return chars.repetition === -1 ? chars : { ...chars, repetition: -1 };
}

export function describeByte(b: number): string {
  if (b >= 0x21 && b <= 0x7e) return `"${String.fromCharCode(b)}"`;
  return `byte 0x${b.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** Everything needed to read and write one interchange's bytes. */
export interface EdifactContext {
  readonly chars: ServiceChars;
  /** The UNA as received, or undefined when the interchange has none. */
  readonly una: Buffer | undefined;
  readonly syntaxId: string;
  readonly syntaxVersion: number;
  readonly charset: CharsetInfo;
  /** A UTF-8 byte order mark preceded the interchange. */
  readonly bom: boolean;
}

/** Charset for a syntax identifier; unknown identifiers are read as Latin-1 so nothing is lost. */
export function charsetFor(syntaxId: string, override?: string): CharsetInfo {
  const chosen = override !== undefined ? charsetInfo(override) : undefined;
  if (chosen !== undefined) return chosen;
  return charsetInfo(syntaxId) ?? { id: syntaxId, description: `unknown syntax identifier ${syntaxId}`, encoding: 'latin1', sinceVersion: 1, multibyte: false };
}

export function makeContext(partial: Partial<EdifactContext> = {}): EdifactContext {
  const syntaxId = partial.syntaxId ?? 'UNOA';
  const syntaxVersion = partial.syntaxVersion ?? 3;
  return {
    chars: partial.chars ?? (syntaxVersion >= 4 ? LEVEL_A_V4_DEFAULTS : LEVEL_A_DEFAULTS),
    una: partial.una,
    syntaxId,
    syntaxVersion,
    charset: partial.charset ?? charsetFor(syntaxId),
    bom: partial.bom ?? false,
  };
}
