/**
 * Bindings with a shape of their own: a date/time with its format code (and a period's end), a
 * measure with its unit (and a unit conversion).
 */
import { formatEdifactDate, parseEdifactDate } from './dates.js';
import type { LeafAccessor } from './dialect.js';
import { getLeaf, markLeaf, parseNumber, formatNumber, setLeaf, type BindingEnv, type CBinding, type Condition } from './leaves.js';
import { isObj, parseLeaf, pointerOf, type LeafPath } from './paths.js';
import type { BindingSpec } from './spec.js';
import { convertUnit, isKnownUnit } from './units.js';

export function dateBinding<N, B>(spec: BindingSpec, env: BindingEnv<N, B>, acc: LeafAccessor<N, B>, leaf: LeafPath, ids: readonly number[], when: Condition<N, B>[], reads: boolean, writes: boolean, where: string): Omit<CBinding<N, B>, 'keys'> {
  const d = spec.date!;
  const fmtAcc = d.format !== undefined ? env.dialect.address(env.node, d.format) : undefined;
  const end = d.end !== undefined ? parseLeaf(d.end, where) : undefined;
  const allIds = fmtAcc ? [...ids, ...fmtAcc.ids] : ids;
  return {
    ids: allIds, leaf,
    read: reads ? (node, into, ctx) => {
      for (let i = 0; i < when.length; i++) if (!when[i].test(when[i].acc.get(node))) return;
      const text = acc.get(node);
      if (text === undefined) return;
      const format = fmtAcc?.get(node);
      const r = parseEdifactDate(text, format, ctx.tz);
      if ('error' in r) {
        ctx.sink.add('GW_ERR_MAPPING_DATE_INVALID', `${ctx.dialect.describe(node)} ${acc.label}: ${r.error}; ${leaf.text} is left out`, ctx.dialect.locate(node, acc));
        return;
      }
      if (r.lenient !== undefined) ctx.sink.add('GW_ERR_MAPPING_DATE_FORMAT', `${ctx.dialect.describe(node)} ${acc.label}: ${r.lenient}`, ctx.dialect.locate(node, acc));
      setLeaf(into, leaf, r.start);
      if (r.end !== undefined) {
        if (end) setLeaf(into, end, r.end);
        else ctx.sink.add('GW_ERR_MAPPING_UNMAPPED_ELEMENT', `${ctx.dialect.describe(node)} ${acc.label}: the end of the period (${r.end}) has no field in this mapping`, ctx.dialect.locate(node, acc));
      }
    } : undefined,
    write: writes ? (b, from, ptr, ctx) => {
      const value = getLeaf(from, leaf);
      if (typeof value !== 'string' || acc.has(b)) return false;
      const endValue = end ? getLeaf(from, end) : undefined;
      const r = formatEdifactDate(value, ctx.tz, d.write, typeof endValue === 'string' ? endValue : undefined, ctx.hyphenatedPeriod);
      const origin = pointerOf(ptr, leaf.steps);
      if ('error' in r) {
        ctx.sink.add('GW_ERR_MAPPING_DATE_INVALID', `${origin}: ${r.error}; not written`, { path: origin });
        markLeaf(ctx.used, from, leaf);
        return false;
      }
      acc.set(b, r.value, origin);
      if (fmtAcc && !fmtAcc.has(b)) fmtAcc.set(b, r.format, origin);
      markLeaf(ctx.used, from, leaf);
      if (end && typeof endValue === 'string') markLeaf(ctx.used, from, end);
      return true;
    } : undefined,
  };
}

export function measureBinding<N, B>(spec: BindingSpec, env: BindingEnv<N, B>, acc: LeafAccessor<N, B>, leaf: LeafPath, ids: readonly number[], when: Condition<N, B>[], reads: boolean, writes: boolean, where: string): Omit<CBinding<N, B>, 'keys'> {
  const m = spec.measure!;
  const unitAcc = m.unit !== undefined ? env.dialect.address(env.node, m.unit) : undefined;
  if (!unitAcc && m.fixedUnit === undefined) throw new Error(`${where}: a measure needs "unit" (an address) or "fixedUnit"`);
  const allIds = unitAcc ? [...ids, ...unitAcc.ids] : ids;
  return {
    ids: allIds, leaf,
    read: reads ? (node, into, ctx) => {
      for (let i = 0; i < when.length; i++) if (!when[i].test(when[i].acc.get(node))) return;
      const text = acc.get(node);
      if (text === undefined) return;
      let value = parseNumber(text, false);
      if (value === undefined) {
        ctx.sink.add('GW_ERR_MAPPING_NUMBER_INVALID', `${ctx.dialect.describe(node)} ${acc.label}: "${text}" is not a number; ${leaf.text} is left out`, ctx.dialect.locate(node, acc));
        return;
      }
      let unit = unitAcc?.get(node) ?? m.fixedUnit;
      if (unit === undefined) {
        ctx.sink.add('GW_ERR_MAPPING_UNIT_UNKNOWN', `${ctx.dialect.describe(node)}: ${text} has no unit; ${leaf.text} is left out`, ctx.dialect.locate(node, acc));
        return;
      }
      if (m.convert !== undefined && unit !== m.convert) {
        const c = convertUnit(value, unit, m.convert);
        if (c === undefined) {
          ctx.sink.add('GW_ERR_MAPPING_UNIT_UNKNOWN', `${ctx.dialect.describe(node)}: unit ${unit} cannot be converted to ${m.convert}; kept as ${unit}`, ctx.dialect.locate(node, unitAcc));
        } else {
          value = c;
          unit = m.convert;
        }
      } else if (!isKnownUnit(unit)) {
        ctx.sink.add('GW_ERR_MAPPING_UNIT_UNKNOWN', `${ctx.dialect.describe(node)}: unit "${unit}" is not a UN/ECE Recommendation 20 unit the canonical documents use`, ctx.dialect.locate(node, unitAcc));
      }
      setLeaf(into, leaf, { value, unit });
    } : undefined,
    write: writes ? (b, from, ptr, ctx) => {
      const v = getLeaf(from, leaf);
      if (!isObj(v) || typeof v.value !== 'number' || acc.has(b)) return false;
      const origin = pointerOf(ptr, leaf.steps);
      let value = v.value;
      let unit = typeof v.unit === 'string' ? v.unit : undefined;
      const target = m.convert ?? (unitAcc ? undefined : m.fixedUnit);
      if (target !== undefined && unit !== undefined && unit !== target) {
        const c = convertUnit(value, unit, target);
        if (c === undefined) {
          ctx.sink.add('GW_ERR_MAPPING_UNIT_UNKNOWN', `${origin}: unit ${unit} cannot be converted to ${target}; not written`, { path: origin });
          return false;
        }
        value = c;
        unit = target;
      }
      acc.set(b, formatNumber(value), `${origin}/value`);
      if (unitAcc && unit !== undefined && !unitAcc.has(b)) unitAcc.set(b, unit, `${origin}/unit`);
      markLeaf(ctx.used, from, leaf);
      ctx.used.mark(v, 'value');
      ctx.used.mark(v, 'unit');
      return true;
    } : undefined,
  };
}
