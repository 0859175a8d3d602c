/**
 * Value forms of customs XML addresses (`ID~imo`, `ID~code`, `MarksNumbers~lines`): customs packs
 * more than one canonical value into one element text, by convention. A form reads its part of the
 * text (nothing when the text is not of that form) and writes it back into the same element, so
 * several bindings can share one element: the first to write wins, as with any address.
 *
 *   ~imo       BorderTransportMeans/ID "UN9786346": the IMO number 9786346 (UN + 7 digits)
 *   ~callSign  the same element when it is not UN + 7 digits (a vessel without IMO number)
 *   ~locode    a location ID that is a UN/LOCODE (CNNGB)
 *   ~country   a location ID that is a country code (KR)
 *   ~place     any other location ID, kept whole (CNNGB/3100: port and customs office)
 *   ~type      party ID "USCI+913302…": the code type before the first "+", "" when there is none
 *   ~code      party ID: the code after the first "+", or the whole ID when there is no "+"
 *   ~lines     free text, one value per line (MarksNumbers, AdditionalInformation/Content)
 */

/** How the values of one element are kept while it is written. */
export type Layout = 'whole' | 'split' | 'lines';

export type Parts = (string | undefined)[];

export interface Form {
  readonly name: string;
  readonly layout: Layout;
  /** Number of positions (lines) the form addresses. */
  readonly count: number;
  /** The form's value in an element text; undefined when the text is not of this form. */
  read(text: string, k: number): string | undefined;
  /** Writes `value` into the element's parts. */
  put(parts: Parts, value: string, k: number): void;
  has(parts: Parts, k: number): boolean;
  peek(parts: Parts, k: number): string | undefined;
}

const IMO = /^UN([0-9]{7})$/;
const LOCODE = /^[A-Z]{2}[A-Z2-9]{3}$/;
const COUNTRY = /^[A-Z]{2}$/;
/** Most lines a ~lines value is read or written with. */
export const MAX_LINES = 99;

/** A form that reads the whole text through a filter and writes the whole text. */
function whole(name: string, read: (text: string) => string | undefined, encode: (value: string) => string = (v) => v): Form {
  return {
    name,
    layout: 'whole',
    count: 1,
    read: (text) => read(text),
    put: (parts, value) => { parts[0] = encode(value); },
    has: (parts) => parts[0] !== undefined,
    peek: (parts) => (parts[0] === undefined ? undefined : read(parts[0])),
  };
}

export const PLAIN: Form = whole('', (t) => t);

const splitAt = (text: string): number => text.indexOf('+');

let lastText = '';
let lastLines: string[] = [];

const FORMS: Readonly<Record<string, Form>> = {
  imo: whole('imo', (t) => IMO.exec(t)?.[1], (v) => `UN${v}`),
  callSign: whole('callSign', (t) => (IMO.test(t) ? undefined : t)),
  locode: whole('locode', (t) => (LOCODE.test(t) ? t : undefined)),
  country: whole('country', (t) => (COUNTRY.test(t) ? t : undefined)),
  place: whole('place', (t) => (LOCODE.test(t) || COUNTRY.test(t) ? undefined : t)),
  type: {
    name: 'type',
    layout: 'split',
    count: 1,
    // "" (no code type) is a value, so that a table can name it (customs enterprise code).
    read: (t) => (splitAt(t) > 0 ? t.slice(0, splitAt(t)) : ''),
    put: (parts, value) => { parts[0] = value; },
    has: (parts) => parts[0] !== undefined,
    peek: (parts) => parts[0],
  },
  code: {
    name: 'code',
    layout: 'split',
    count: 1,
    read: (t) => {
      const i = splitAt(t);
      const code = i > 0 ? t.slice(i + 1) : t;
      return code === '' ? undefined : code;
    },
    put: (parts, value) => { parts[1] = value; },
    has: (parts) => parts[1] !== undefined,
    peek: (parts) => parts[1],
  },
  lines: {
    name: 'lines',
    layout: 'lines',
    count: MAX_LINES,
    read: (t, k) => {
      // Read line by line by the engine: split each text once.
      if (t !== lastText) {
        lastText = t;
        lastLines = t.split('\n').map((l) => l.trim()).filter((l) => l !== '');
      }
      return lastLines[k];
    },
    put: (parts, value, k) => { parts[k] = value; },
    has: (parts, k) => parts[k] !== undefined,
    peek: (parts, k) => parts[k],
  },
};

export function formOf(name: string): Form | undefined {
  return Object.hasOwn(FORMS, name) ? FORMS[name] : undefined;
}

export const FORM_NAMES: readonly string[] = Object.keys(FORMS);

/** The element text the parts of one element make; undefined when there is nothing to write. */
export function joinParts(layout: Layout, parts: Parts): string | undefined {
  switch (layout) {
    case 'whole':
      return parts[0];
    case 'split': {
      const [type, code] = parts;
      if (code === undefined) return undefined;
      return type === undefined || type === '' ? code : `${type}+${code}`;
    }
    case 'lines': {
      const lines = parts.filter((p): p is string => p !== undefined && p !== '');
      return lines.length === 0 ? undefined : lines.join('\n');
    }
  }
}
