/**
 * A small JSON reader that remembers where every value sits, so configuration errors can name the
 * line and column of a JSON Pointer. JSON.parse cannot: it keeps no positions, and V8's messages
 * give an offset only for some syntax errors. It also rejects a property repeated in one object,
 * which JSON.parse silently resolves to the last one (in a configuration that is always a mistake).
 */

export interface TextPosition {
  /** 0-based offset in the text (UTF-16 code units, as JavaScript strings count). */
  readonly offset: number;
  /** 1-based. */
  readonly line: number;
  /** 1-based, in characters from the start of the line. */
  readonly column: number;
}

export interface PointerSpan {
  /** Where the value starts. */
  readonly value: number;
  /** Where the property name starts, for object members. */
  readonly key?: number;
}

export interface ParsedJson {
  readonly value: unknown;
  /** Offsets by JSON Pointer (RFC 6901); "" is the root. */
  readonly pointers: ReadonlyMap<string, PointerSpan>;
  positionOf(offset: number): TextPosition;
  /** Position of the value at `pointer` (or of its property name with `key`), else of its nearest ancestor. */
  locate(pointer: string, options?: { key?: boolean }): TextPosition;
}

export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
  readonly position: TextPosition;
  /** Set for a repeated property: its pointer. */
  readonly pointer?: string;
  constructor(message: string, position: TextPosition, pointer?: string) {
    super(message);
    this.position = position;
    if (pointer !== undefined) this.pointer = pointer;
  }
}

/** Escapes one reference token for a JSON Pointer (RFC 6901 section 4). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

const MAX_DEPTH = 200;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// A string token: no raw control characters, only JSON escapes.
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings; this finds them.
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const WHITESPACE = /[ \t\n\r]*/y;

export function parseJsonWithPositions(input: string): ParsedJson {
  // A UTF-8 BOM is common in files saved by Windows editors; offsets stay relative to the text given.
  const start = input.charCodeAt(0) === 0xfeff ? 1 : 0;
  const lineStarts = computeLineStarts(input);
  lineStarts[0] = start;
  const positionOf = (offset: number): TextPosition => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { offset, line: lo + 1, column: offset - lineStarts[lo] + 1 };
  };
  const pointers = new Map<string, PointerSpan>();
  let pos = start;

  const fail = (message: string, at: number = pos, pointer?: string): never => {
    throw new JsonSyntaxError(message, positionOf(at), pointer);
  };
  const skipWhitespace = (): void => {
    WHITESPACE.lastIndex = pos;
    WHITESPACE.exec(input);
    pos = WHITESPACE.lastIndex;
  };
  const describe = (at: number): string => (at >= input.length ? 'the end of the file' : JSON.stringify(input[at]));

  const readString = (): string => {
    STRING.lastIndex = pos;
    const m = STRING.exec(input);
    if (!m) {
      const close = input.indexOf('"', pos + 1);
      fail(close < 0 ? 'unterminated string' : 'invalid character or escape in string');
    }
    pos = STRING.lastIndex;
    return JSON.parse(m![0]) as string;
  };

  const readValue = (pointer: string, depth: number, keyAt?: number): unknown => {
    if (depth > MAX_DEPTH) fail(`nested more than ${MAX_DEPTH} levels deep`);
    skipWhitespace();
    pointers.set(pointer, keyAt === undefined ? { value: pos } : { value: pos, key: keyAt });
    const c = input[pos];
    if (c === '{') return readObject(pointer, depth);
    if (c === '[') return readArray(pointer, depth);
    if (c === '"') return readString();
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (input.startsWith(word, pos)) {
        pos += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(input);
    if (m) {
      pos = NUMBER.lastIndex;
      return Number(m[0]);
    }
    return fail(`expected a value, found ${describe(pos)}`);
  };

  const readObject = (pointer: string, depth: number): Record<string, unknown> => {
    const result: Record<string, unknown> = {};
    const seen = new Set<string>();
    pos++;
    skipWhitespace();
    if (input[pos] === '}') {
      pos++;
      return result;
    }
    for (;;) {
      skipWhitespace();
      if (input[pos] !== '"') fail(`expected a property name in double quotes, found ${describe(pos)}`);
      const keyAt = pos;
      const key = readString();
      const child = `${pointer}/${escapePointerToken(key)}`;
      if (seen.has(key)) fail(`property "${key}" appears twice in one object`, keyAt, child);
      seen.add(key);
      skipWhitespace();
      if (input[pos] !== ':') fail(`expected ":" after property name "${key}", found ${describe(pos)}`);
      pos++;
      const value = readValue(child, depth + 1, keyAt);
      // defineProperty, not assignment: a "__proto__" member must stay data, as with JSON.parse.
      Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      skipWhitespace();
      if (input[pos] === ',') {
        pos++;
        continue;
      }
      if (input[pos] === '}') {
        pos++;
        return result;
      }
      fail(`expected "," or "}" after the value of "${key}", found ${describe(pos)}`);
    }
  };

  const readArray = (pointer: string, depth: number): unknown[] => {
    const result: unknown[] = [];
    pos++;
    skipWhitespace();
    if (input[pos] === ']') {
      pos++;
      return result;
    }
    for (;;) {
      result.push(readValue(`${pointer}/${result.length}`, depth + 1));
      skipWhitespace();
      if (input[pos] === ',') {
        pos++;
        continue;
      }
      if (input[pos] === ']') {
        pos++;
        return result;
      }
      fail(`expected "," or "]" after array element ${result.length - 1}, found ${describe(pos)}`);
    }
  };

  skipWhitespace();
  if (pos >= input.length) fail('the file is empty');
  const value = readValue('', 0);
  skipWhitespace();
  if (pos < input.length) fail(`unexpected ${describe(pos)} after the end of the JSON value`);

  const locate = (pointer: string, options: { key?: boolean } = {}): TextPosition => {
    let p = pointer;
    for (;;) {
      const span = pointers.get(p);
      if (span) return positionOf(options.key && span.key !== undefined ? span.key : span.value);
      if (p === '') return positionOf(start);
      p = p.slice(0, p.lastIndexOf('/'));
    }
  };
  return { value, pointers, positionOf, locate };
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
