/**
 * A binding ties message values to one document field. Compiled once into a reader and a writer
 * closure each; no spec JSON is looked at while a message is converted.
 */
import { docTest, valueTest } from './conditions.js';
import { formatNumber, getLeaf, markLeaf, parseNumber, setLeaf, type BindingEnv, type CBinding, type Condition, type ReadCtx, type Scalar, type WriteCtx } from './leaves.js';
import { getSteps, parseLeaf, pointerOf, type Obj } from './paths.js';
import type { BindingSpec } from './spec.js';
import { joinText, splitText } from './text.js';
import { dateBinding, measureBinding } from './typed-bindings.js';

export { SELF, getLeaf, markLeaf, setLeaf, type BindingEnv, type CBinding, type ReadCtx, type WriteCtx } from './leaves.js';

function condition<N, B>(env: BindingEnv<N, B>, address: string, values: string | readonly string[]): Condition<N, B> {
  return { acc: env.dialect.address(env.node, address), test: valueTest(values) };
}

/** The first step of each document path a binding sets when reading. */
function keysOf(spec: BindingSpec): string[] {
  const first = (p: string | undefined): string[] => (p === undefined || p === '.' || p === '#' ? [] : [p.split('.')[0].replace(/\[.*$/, '')]);
  return spec.direction === 'write' || spec.const !== undefined || spec.ignore !== undefined ? [] : [...first(spec.to), ...first(spec.raw), ...first(spec.date?.end)];
}

export function compileBinding<N, B>(spec: BindingSpec, env: BindingEnv<N, B>): CBinding<N, B> {
  const b = { ...compileInner(spec, env), keys: keysOf(spec) };
  const test = docTest(spec.if, env.where);
  const inner = b.write?.bind(b);
  if (!test || !inner) return b;
  // A constant written because of a document value expresses that value (scheme SMDG → 172:20).
  const expressed = spec.const !== undefined ? Object.keys(spec.if ?? {}).filter((k) => !k.startsWith('/')).map((k) => parseLeaf(k, env.where)) : [];
  return {
    ...b,
    write: (node, from, ptr, ctx) => {
      if (!test(from, ctx.root)) return false;
      for (const leaf of expressed) markLeaf(ctx.used, from, leaf);
      return inner(node, from, ptr, ctx);
    },
  };
}

function compileInner<N, B>(spec: BindingSpec, env: BindingEnv<N, B>): Omit<CBinding<N, B>, 'keys'> {
  const where = `${env.where}, field ${spec.to ?? spec.const ?? JSON.stringify(spec.at)}`;
  const { dialect } = env;
  const reads = spec.direction !== 'write';
  const writes = spec.direction !== 'read';
  const ats = spec.at === undefined ? [] : typeof spec.at === 'string' ? [spec.at] : spec.at;
  const accs = ats.map((a) => dialect.address(env.node, a));
  const ids = accs.flatMap((a) => a.ids);
  const leaf = spec.to !== undefined ? parseLeaf(spec.to, where) : undefined;
  const table = spec.table !== undefined ? env.tables.get(spec.table) : undefined;
  if (spec.table !== undefined && !table) throw new Error(`${where}: no table "${spec.table}"`);
  const raw = spec.raw !== undefined ? parseLeaf(spec.raw, where) : undefined;
  const when = Object.entries(spec.when ?? {}).map(([a, v]) => condition(env, a, v));

  // An address the spec covers on purpose without carrying it (its value is implied by another).
  if (spec.ignore !== undefined) return { ids, leaf: undefined };
  // Document-side constant: set when read, used (when equal) when written.
  if (spec.set !== undefined) {
    if (!leaf) throw new Error(`${where}: "set" needs "to"`);
    const value = spec.set;
    return {
      ids, leaf,
      read: reads ? (_n, into) => { setLeaf(into, leaf, value); } : undefined,
      write: writes ? (_b, from, _p, ctx) => {
        if (getLeaf(from, leaf) === value) markLeaf(ctx.used, from, leaf);
        return false;
      } : undefined,
    };
  }
  // Message-side constant: written as is, checked when read.
  if (spec.const !== undefined) {
    if (accs.length !== 1) throw new Error(`${where}: "const" needs one "at"`);
    const acc = accs[0];
    const value = spec.const;
    return {
      ids, leaf: undefined,
      read: reads ? (node, _into, ctx) => {
        const v = acc.get(node);
        if (v !== undefined && v !== value) {
          ctx.sink.add('GW_ERR_MAPPING_UNMAPPED_ELEMENT', `${ctx.dialect.describe(node)} ${acc.label}: "${v}" is not carried by the mapping, which expects "${value}" here`, ctx.dialect.locate(node, acc));
        }
      } : undefined,
      write: writes ? (b) => {
        if (!acc.has(b)) acc.set(b, value, '');
        return false;
      } : undefined,
    };
  }
  if (!leaf) throw new Error(`${where}: a binding needs "to", "const" or "set"`);
  if (accs.length === 0) throw new Error(`${where}: a binding needs "at"`);
  if (writes && accs.some((a) => a.readOnly)) throw new Error(`${where}: ${accs.find((a) => a.readOnly)!.label} can only be read; add "direction": "read"`);
  if (leaf.position) {
    if (accs.length !== 1) throw new Error(`${where}: "#" needs one "at"`);
    const acc = accs[0];
    return {
      ids, leaf: undefined,
      write: writes ? (b, _from, ptr) => {
        const i = Number(ptr.slice(ptr.lastIndexOf('/') + 1));
        if (Number.isInteger(i) && !acc.has(b)) acc.set(b, String(i + 1), ptr);
        return false;
      } : undefined,
    };
  }
  if (accs.length > 1 && !table) throw new Error(`${where}: several addresses need a table (their values are joined with ":")`);

  if (spec.date) return dateBinding(spec, env, accs[0], leaf, ids, when, reads, writes, where);
  if (spec.measure) return measureBinding(spec, env, accs[0], leaf, ids, when, reads, writes, where);

  const acc = accs[0];
  const type = spec.type ?? 'string';
  const listMode = spec.repeat === 'list';
  const repeated = acc.count > 1;
  const implied = spec.implied;
  const dflt = spec.default;

  const readText = (node: N): string | undefined => {
    if (accs.length > 1) {
      const parts = accs.map((a) => a.get(node) ?? '');
      return parts.every((p) => p === '') ? undefined : parts.join(':');
    }
    if (!repeated) return acc.get(node);
    const pieces: string[] = [];
    for (let k = 0; k < acc.count; k++) pieces.push(acc.get(node, k) ?? '');
    if (pieces.every((p) => p === '')) return undefined;
    return joinText(pieces, acc.maxLength ?? Infinity);
  };

  const convertIn = (text: string, node: N, ctx: ReadCtx<N, B>): Scalar | undefined => {
    if (type === 'string') return text;
    if (type === 'boolean') return text === 'true' || text === '1' || text === 'Y';
    const n = parseNumber(text, type === 'integer');
    if (n === undefined) ctx.sink.add('GW_ERR_MAPPING_NUMBER_INVALID', `${ctx.dialect.describe(node)} ${acc.label}: "${text}" is not ${type === 'integer' ? 'a whole number' : 'a number'}; ${leaf.text} is left out`, ctx.dialect.locate(node, acc));
    return n;
  };

  const read = reads ? (node: N, into: Obj, ctx: ReadCtx<N, B>): void => {
    for (let i = 0; i < when.length; i++) if (!when[i].test(when[i].acc.get(node))) return;
    if (listMode) {
      const list: string[] = [];
      for (let k = 0; k < acc.count; k++) {
        const v = acc.get(node, k);
        if (v !== undefined) list.push(v);
      }
      if (list.length > 0) setLeaf(into, leaf, list);
      return;
    }
    const text = readText(node);
    if (text === undefined) {
      if (dflt !== undefined) setLeaf(into, leaf, dflt);
      return;
    }
    if (table) {
      const value = table.read(text);
      if (value === undefined) {
        if (raw) setLeaf(into, raw, text);
        else if (table.unknown !== 'ignore') ctx.sink.add('GW_ERR_MAPPING_CODE_UNKNOWN', `${ctx.dialect.describe(node)} ${acc.label}: code "${text}" is not in table ${table.name}; ${leaf.text} is left out`, ctx.dialect.locate(node, accs[0]), table.unknown === 'error' ? 'error' : 'warning');
        return;
      }
      if (implied === undefined || value !== implied) {
        const converted = convertIn(value, node, ctx);
        if (converted !== undefined) setLeaf(into, leaf, converted);
      }
      if (raw && (spec.keepRaw === 'always' || !table.exact(text))) setLeaf(into, raw, text);
      return;
    }
    const value = convertIn(text, node, ctx);
    if (value === undefined) return;
    if (implied !== undefined && value === implied) return;
    setLeaf(into, leaf, value);
  } : undefined;

  const put = (b: B, text: string, ptr: string, ctx: WriteCtx): boolean => {
    const origin = leaf.self ? ptr : pointerOf(ptr, leaf.steps);
    if (accs.length > 1) {
      const parts = text.split(':');
      let wrote = false;
      accs.forEach((a, i) => {
        if (parts[i] !== undefined && parts[i] !== '' && !a.has(b)) { a.set(b, parts[i], origin); wrote = true; }
      });
      return wrote;
    }
    if (!repeated) {
      if (acc.has(b)) return acc.peek(b) === text;
      if (acc.maxLength !== undefined && Array.from(text).length > acc.maxLength) {
        ctx.sink.add('GW_ERR_MAPPING_VALUE_TOO_LONG', `${origin}: ${Array.from(text).length} characters, more than the ${acc.maxLength} that ${acc.label} allows; written in full`, { path: origin });
      }
      acc.set(b, text, origin);
      return true;
    }
    if (acc.has(b, 0)) return false;
    const { pieces, rest } = splitText(text, acc.maxLength ?? Infinity, acc.count);
    if (rest !== '') {
      pieces[pieces.length - 1] += rest;
      ctx.sink.add('GW_ERR_MAPPING_VALUE_TOO_LONG', `${origin}: longer than ${acc.label} can hold (${acc.count} × ${acc.maxLength} characters); the rest is written in the last one`, { path: origin });
    }
    pieces.forEach((p, k) => { acc.set(b, p, origin, k); });
    return true;
  };

  const write = writes ? (b: B, from: unknown, ptr: string, ctx: WriteCtx): boolean => {
    const value = getLeaf(from, leaf);
    if (listMode) {
      if (!Array.isArray(value)) return false;
      const list = value as unknown[];
      const origin = pointerOf(ptr, leaf.steps);
      if (acc.has(b, 0)) return false;
      markLeaf(ctx.used, from, leaf);
      list.slice(0, acc.count).forEach((v, k) => {
        // Scalars only: an object is no line of text (String() of one with a field named
        // "toString" throws); left unmarked, it is reported as a field not sent.
        if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return;
        acc.set(b, String(v), `${origin}/${k}`, k);
        ctx.used.mark(list, k);
      });
      return list.length > 0;
    }
    if (value === undefined || value === null) {
      const fill = implied ?? dflt;
      if (fill === undefined) return false;
      const code = table ? table.write(String(fill)) : String(fill);
      if (code !== undefined) put(b, code, ptr, ctx);
      return false;
    }
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return false;
    if (table) {
      const rawValue = raw ? getLeaf(from, raw) : undefined;
      const text = String(value);
      let code: string | undefined;
      if (typeof rawValue === 'string' && (table.read(rawValue) ?? rawValue) === text) {
        code = rawValue;
        markLeaf(ctx.used, from, raw!);
      } else code = table.write(text);
      if (code === undefined) {
        const origin = leaf.self ? ptr : pointerOf(ptr, leaf.steps);
        ctx.sink.add('GW_ERR_MAPPING_VALUE_NO_CODE', `${origin}: "${text}" has no code in table ${table.name}, so ${acc.label} is not written`, { path: origin });
        markLeaf(ctx.used, from, leaf);
        return false;
      }
      const wrote = put(b, code, ptr, ctx);
      if (wrote) markLeaf(ctx.used, from, leaf);
      return wrote;
    }
    const text = typeof value === 'number' ? formatNumber(value) : String(value);
    const wrote = put(b, text, ptr, ctx);
    if (wrote) markLeaf(ctx.used, from, leaf);
    return wrote;
  } : undefined;

  // A raw code alone (the table could not read it) is written back as it came.
  const writeRawOnly = writes && table && raw ? (b: B, from: unknown, ptr: string, ctx: WriteCtx): boolean => {
    if (getLeaf(from, leaf) !== undefined) return write!(b, from, ptr, ctx);
    const rawValue = getLeaf(from, raw);
    if (typeof rawValue !== 'string') return write!(b, from, ptr, ctx);
    markLeaf(ctx.used, from, raw);
    return put(b, rawValue, ptr, ctx);
  } : write;

  if (spec.sameAs !== undefined && !writes) {
    // The value is written through the field it repeats; count it as carried when they agree.
    const steps = parseLeaf(spec.sameAs.slice(1), where).steps;
    return {
      ids, leaf, read,
      write: (_b, from, _ptr, ctx) => {
        const source = getSteps(ctx.root, steps);
        if (typeof source !== 'string') return false;
        const expected = table ? table.read(source) : source;
        if (getLeaf(from, leaf) === expected) markLeaf(ctx.used, from, leaf);
        if (raw && getLeaf(from, raw) === source) markLeaf(ctx.used, from, raw);
        return false;
      },
    };
  }
  return { ids, leaf, read, write: writeRawOnly };
}

