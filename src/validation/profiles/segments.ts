/**
 * A profile's segment rules: segments (with a qualifier) the guide requires or limits, per message
 * or per equipment block, and data elements that must hold a value in each of them.
 */
import type { Segment } from '../../syntax/edifact/index.js';
import { elementHasValue, field, fieldFilled } from '../fields.js';
import { qualifierOf, tagCode, type RuleContext } from '../rules/context.js';
import type { SegmentRule } from './types.js';

function label(rule: SegmentRule): string {
  const q = rule.qualifier;
  if (q === undefined) return rule.tag;
  return typeof q === 'string' ? `${rule.tag}+${q}` : `${rule.tag}+${q.join('/')}`;
}

/** A rule read once: the qualifiers it matches and the positions it requires, as numbers. */
interface Compiled {
  readonly qualifiers: readonly string[] | undefined;
  readonly require: readonly (readonly [element: number, component: number | undefined])[];
  /** The rule's tag as `tagCode` makes it. */
  readonly tag: number;
}

const compiled = new WeakMap<SegmentRule, Compiled>();

function compile(rule: SegmentRule): Compiled {
  let c = compiled.get(rule);
  if (c === undefined) {
    const q = rule.qualifier;
    c = {
      qualifiers: q === undefined ? undefined : typeof q === 'string' ? [q] : q,
      require: (rule.require ?? []).map((position) => {
        const [element, component] = position.split('.').map(Number);
        return [element, component] as const;
      }),
      tag: tagCode(rule.tag),
    };
    compiled.set(rule, c);
  }
  return c;
}

/** `tag`: the segment's `tagCode` when known, else -1 (its tag string is compared then). */
function matches(rule: SegmentRule, c: Compiled, seg: Segment, tag: number): boolean {
  return (tag >= 0 ? tag === c.tag : seg.tag === rule.tag) && (c.qualifiers === undefined || c.qualifiers.includes(qualifierOf(seg)));
}

const because = (rule: SegmentRule): string => (rule.note ? ` (${rule.note})` : '');

/** `where` names the message or block in findings; made only for one. */
function checkScope(ctx: RuleContext, rule: SegmentRule, segments: readonly Segment[], tags: Int32Array | undefined, where: () => string, anchor: Segment | undefined): void {
  const c = compile(rule);
  const severity = rule.severity;
  let count = 0;
  let over: Segment | undefined;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (!matches(rule, c, seg, tags !== undefined ? tags[i] : -1)) continue;
    count++;
    if (rule.max !== undefined && count === rule.max + 1) over = seg;
  }
  if (rule.min !== undefined && count < rule.min) {
    const text = count === 0
      ? `${where()} has no ${label(rule)}, which profile ${ctx.profile.name} requires${because(rule)}`
      : `${where()} has ${count} ${label(rule)}, profile ${ctx.profile.name} requires at least ${rule.min}${because(rule)}`;
    ctx.report('GW_ERR_PROFILE_SEGMENT_MISSING', text, anchor, undefined, undefined, severity);
  }
  if (rule.max !== undefined && count > rule.max) {
    ctx.report('GW_ERR_PROFILE_SEGMENT_REPEATED', `${where()} has ${count} ${label(rule)}, profile ${ctx.profile.name} allows ${rule.max === 0 ? 'none' : `at most ${rule.max}`}${because(rule)}`, over, undefined, undefined, severity);
  }
  if (c.require.length === 0 || count === 0) return;
  const require = c.require;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (!matches(rule, c, seg, tags !== undefined ? tags[i] : -1)) continue;
    for (let r = 0; r < require.length; r++) {
      const [element, component] = require[r];
      const value = component === undefined ? elementHasValue(seg, element) : fieldFilled(seg, element, component);
      if (!value) {
        const what = component === undefined ? `element ${element}` : `element ${element}, component ${component}`;
        ctx.report('GW_ERR_PROFILE_ELEMENT_MISSING', `${label(rule)} has no value in ${what}, which profile ${ctx.profile.name} requires${because(rule)}`, seg, element, component, severity);
      }
    }
  }
}

export function checkSegmentRules(ctx: RuleContext): void {
  const { message, profile } = ctx;
  const unh = message.segments[0]?.tag === 'UNH' ? message.segments[0] : undefined;
  const inMessage = (): string => `message ${message.ref} (${message.type})`;
  for (const rule of profile.segments) {
    if ((rule.scope ?? 'message') === 'message') {
      checkScope(ctx, rule, message.segments, ctx.tags(), inMessage, unh);
      continue;
    }
    for (const block of ctx.blocks()) {
      const where = (): string => {
        const container = block.eqd && field(block.eqd, 2, 1);
        return `the equipment block at segment ${block.start.indexInMessage} (${block.start.tag}${container ? `, container ${container}` : ''})`;
      };
      checkScope(ctx, rule, block.segments, undefined, where, block.start);
    }
  }
}
