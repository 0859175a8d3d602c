/**
 * A profile's segment rules: segments (with a qualifier) the guide requires or limits, per message
 * or per equipment block, and data elements that must hold a value in each of them.
 */
import type { Segment } from '../../syntax/edifact/index.js';
import { elementHasValue, field } from '../fields.js';
import { qualifierOf, type RuleContext } from '../rules/context.js';
import type { SegmentRule } from './types.js';

function label(rule: SegmentRule): string {
  const q = rule.qualifier;
  if (q === undefined) return rule.tag;
  return typeof q === 'string' ? `${rule.tag}+${q}` : `${rule.tag}+${q.join('/')}`;
}

function matcher(rule: SegmentRule): (seg: Segment) => boolean {
  const q = rule.qualifier;
  if (q === undefined) return (seg) => seg.tag === rule.tag;
  const qs = typeof q === 'string' ? [q] : q;
  return (seg) => seg.tag === rule.tag && qs.includes(qualifierOf(seg));
}

const because = (rule: SegmentRule): string => (rule.note ? ` (${rule.note})` : '');

function checkScope(ctx: RuleContext, rule: SegmentRule, segments: readonly Segment[], where: string, anchor: Segment | undefined): void {
  const found = segments.filter(matcher(rule));
  const severity = rule.severity;
  if (rule.min !== undefined && found.length < rule.min) {
    const text = found.length === 0
      ? `${where} has no ${label(rule)}, which profile ${ctx.profile.name} requires${because(rule)}`
      : `${where} has ${found.length} ${label(rule)}, profile ${ctx.profile.name} requires at least ${rule.min}${because(rule)}`;
    ctx.report('GW_ERR_PROFILE_SEGMENT_MISSING', text, anchor, undefined, undefined, severity);
  }
  if (rule.max !== undefined && found.length > rule.max) {
    ctx.report('GW_ERR_PROFILE_SEGMENT_REPEATED', `${where} has ${found.length} ${label(rule)}, profile ${ctx.profile.name} allows ${rule.max === 0 ? 'none' : `at most ${rule.max}`}${because(rule)}`, found[rule.max], undefined, undefined, severity);
  }
  for (const seg of found) {
    for (const position of rule.require ?? []) {
      const [element, component] = position.split('.').map(Number);
      const value = component === undefined ? elementHasValue(seg, element) : field(seg, element, component) !== '';
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
  for (const rule of profile.segments) {
    if ((rule.scope ?? 'message') === 'message') {
      checkScope(ctx, rule, message.segments, `message ${message.ref} (${message.type})`, unh);
      continue;
    }
    for (const block of ctx.blocks()) {
      const container = block.eqd && field(block.eqd, 2, 1);
      const where = `the equipment block at segment ${block.start.indexInMessage} (${block.start.tag}${container ? `, container ${container}` : ''})`;
      checkScope(ctx, rule, block.segments, where, block.start);
    }
  }
}
