/** Builds one-message interchanges from segment text and runs single rules or whole profiles on them. */
import type { Issue } from '../../../src/errors/index.js';
import { parseInterchange, type Message } from '../../../src/syntax/edifact/index.js';
import { checkProfile, loadProfiles, type Profile, type ProfileRegistry, type RuleId } from '../../../src/validation/profiles/index.js';
import { loadReferenceData, makeRuleContext, RULES, type ReferenceData } from '../../../src/validation/rules/index.js';

export const registry: ProfileRegistry = loadProfiles();
export const data: ReferenceData = loadReferenceData();

/** `UNB … UNH+1+TYPE:D:95B:UN' body UNT UNZ` with correct counts; `body` is segments ending in '. */
export function interchange(type: string, directory: string, body: string, syntax = 'UNOA:3'): string {
  const segments = body.split("'").filter((s) => s.trim() !== '').length + 2;
  return `UNB+${syntax}+SENDER:ZZZ+RECEIVER:ZZZ+261128:0930+IC1'UNH+1+${type}:${directory[0]}:${directory.slice(1)}:UN'${body}UNT+${segments}+1'UNZ+1+IC1'`;
}

export function message(type: string, directory: string, body: string): Message {
  const ic = parseInterchange(interchange(type, directory, body));
  const bad = ic.issues.filter((i) => i.severity === 'error');
  if (bad.length > 0) throw new Error(`test interchange has syntax errors: ${bad.map((i) => i.text).join('; ')}`);
  return ic.messages[0];
}

/** The profile of the port suite for the message. */
export function profileFor(m: Message, reg: ProfileRegistry = registry): Profile {
  const p = reg.resolve({ messageType: m.type, directory: m.directory });
  if (!p) throw new Error(`no profile for ${m.type} ${m.directory}`);
  return p;
}

/** Findings of one business rule under the message's port profile (or `profile`). */
export function runRule(id: RuleId, m: Message, profile: Profile = profileFor(m)): Issue[] {
  const issues: Issue[] = [];
  RULES[id](makeRuleContext(m, profile, data, issues));
  return issues;
}

/** Findings of the whole profile (segment rules and every rule it switches on). */
export function runProfile(m: Message, profile: Profile = profileFor(m)): Issue[] {
  return checkProfile(m, profile, data);
}

/** code@segmentInMessage.element.component, the compact form the tests compare. */
export function brief(issues: readonly Issue[]): string[] {
  return issues.map((i) => {
    const l = i.location;
    const pos = l?.segmentInMessage === undefined ? 'message' : [l.segmentInMessage, l.element, l.component].filter((x) => x !== undefined).join('.');
    return `${i.code}@${pos}${i.severity === 'error' ? '' : `:${i.severity}`}`;
  });
}
