/**
 * Message implementation guides (profiles) and the business rules they switch on, as options for
 * the validator (src/validation/index.ts): the code-list hook, the name of the profile each
 * message was checked against, and a pass that runs the profile's segment rules and business
 * rules on each message after its structure check.
 *
 *   const registry = loadProfiles();
 *   const v = validateInterchange(ic, { ...profileValidation({ registry, profile: partner.validation.profile }) });
 */
import type { Issue } from '../../errors/index.js';
import { loadReferenceData, makeRuleContext, RULES, type ReferenceData, type RuleMessage } from '../rules/index.js';
import type { CodeCheck, MessageHeader, MessagePass } from '../types.js';
import { registryCodeCheck } from './codes.js';
import { loadProfiles, type ProfileRegistry } from './load.js';
import { checkSegmentRules } from './segments.js';
import { RULE_IDS, type Profile } from './types.js';

export { addedMeaning, profileCodeCheck, registryCodeCheck } from './codes.js';
export { DEFAULT_SUITE, defaultProfilesDir, loadProfiles, type ProfileQuery, type ProfileRegistry } from './load.js';
export { RULE_IDS, type CodeRule, type Profile, type ProfileFile, type RuleId, type SegmentRule } from './types.js';

/** The profile's segment rules, then its business rules, on one message. */
export function checkProfile(message: RuleMessage, profile: Profile, data: ReferenceData): Issue[] {
  const issues: Issue[] = [];
  const ctx = makeRuleContext(message, profile, data, issues);
  checkSegmentRules(ctx);
  for (const id of RULE_IDS) if (profile.rules[id]) RULES[id](ctx);
  return issues;
}

export interface ProfileValidationOptions {
  /** Defaults to the installation's schemas/profiles. */
  readonly registry?: ProfileRegistry;
  /** The partner's profile or suite name (partner configuration `validation.profile`); default the port suite. */
  readonly profile?: string;
  /** Defaults to schemas/profiles/data next to the registry's profiles. */
  readonly data?: ReferenceData;
}

export interface ProfileValidation {
  readonly codeCheck: CodeCheck;
  /** Which profile a message was checked against: reported as `MessageValidation.profile`. */
  readonly profile: (message: MessageHeader) => string | undefined;
  readonly passes: readonly MessagePass[];
}

/**
 * Options to spread into `validateInterchange` / `validateStream`. Throws GW_ERR_PROFILE_UNKNOWN
 * at once when `profile` names neither a profile nor a suite, so a misconfigured partner fails at
 * start-up rather than on its first message.
 */
export function profileValidation(options: ProfileValidationOptions = {}): ProfileValidation {
  const registry = options.registry ?? loadProfiles();
  const data = options.data ?? loadReferenceData(registry.dir);
  const name = options.profile;
  // Asked twice per message, message after message of one type and directory: the last
  // resolution is kept.
  let lastType: string | undefined;
  let lastDirectory: string | undefined;
  let last: Profile | undefined;
  const resolve = (m: Pick<MessageHeader, 'type' | 'directory'>): Profile | undefined => {
    if (m.type !== lastType || m.directory !== lastDirectory) {
      last = registry.resolve({ ...(name !== undefined ? { profile: name } : {}), messageType: m.type, directory: m.directory });
      lastType = m.type;
      lastDirectory = m.directory;
    }
    return last;
  };
  // Resolving once here makes an unknown name throw now, not inside the first message's check.
  if (name !== undefined) resolve({ type: '*', directory: '' });
  return {
    codeCheck: registryCodeCheck(registry, name),
    profile: (m) => resolve(m)?.name,
    passes: [(m) => {
      const p = resolve(m);
      return p ? checkProfile(m, p, data) : [];
    }],
  };
}
