/**
 * Message implementation guides (profiles) as the validator uses them: a profile file from
 * schemas/profiles/ (see profile.schema.json and docs/profiles.md), and the same profile with
 * everything it inherits through `extends` merged in.
 */
import type { Severity } from '../../errors/index.js';

export const RULE_IDS = ['containerNumber', 'duplicateContainer', 'sizeType', 'location', 'carrier', 'dates', 'counts', 'weight'] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** A code list as one profile changes it for one element (optionally in one segment / qualifier). */
export interface CodeRule {
  readonly element: string;
  readonly segment?: string;
  readonly qualifier?: string;
  /** Codes added to the UN list, with their meaning in the guide. */
  readonly add?: Readonly<Record<string, string>>;
  /** Narrowed list: only these values are valid. null lifts an inherited narrowing. */
  readonly only?: readonly string[] | null;
  /** The UN list no longer counts: only `add` holds valid codes. */
  readonly closed?: boolean;
  /** Values matching this pattern are accepted (a business rule checks them in detail). */
  readonly pattern?: string;
  readonly note?: string;
}

export interface SegmentRule {
  readonly tag: string;
  readonly qualifier?: string | readonly string[];
  readonly scope?: 'message' | 'equipment';
  readonly min?: number;
  readonly max?: number;
  /** "2" or "2.1": element (and component) positions that must hold a value. */
  readonly require?: readonly string[];
  readonly severity?: 'error' | 'warning';
  readonly note?: string;
}

export interface EquipmentBlocks {
  /** "EQD" or "LOC+147". */
  readonly start: string;
  readonly end?: readonly string[];
}

export interface WeightKind {
  /** MEA C502 6313 codes. */
  readonly measured?: readonly string[];
  /** MEA 6311 codes that mean this weight when 6313 is empty. */
  readonly purpose?: readonly string[];
}

/** A profile file as written (validated against profile.schema.json). */
export interface ProfileFile {
  readonly name: string;
  readonly suite?: string;
  readonly title: string;
  readonly description?: string;
  readonly source?: string;
  readonly message: string;
  readonly directories?: readonly string[];
  readonly extends?: string;
  readonly rules?: Readonly<Partial<Record<RuleId, boolean>>>;
  readonly severity?: Readonly<Record<string, Severity>>;
  readonly codes?: readonly CodeRule[];
  readonly segments?: readonly SegmentRule[];
  readonly equipment?: EquipmentBlocks;
  readonly counts?: Readonly<Record<string, string | null>>;
  readonly locations?: { readonly qualifiers: readonly string[] };
  readonly weights?: { readonly gross: WeightKind; readonly tare?: WeightKind };
}

/**
 * A profile with its ancestors merged in. Name, suite, title, message and directories are the
 * profile's own; rules, severities, code lists, segment rules, equipment blocks, counts, location
 * qualifiers and weights are inherited unless the profile overrides them.
 */
export interface Profile {
  readonly name: string;
  readonly suite: string | undefined;
  readonly title: string;
  readonly description: string | undefined;
  readonly source: string | undefined;
  /** UNH 0065, or '*' for a suite's fallback. */
  readonly message: string;
  readonly directories: readonly string[] | undefined;
  /** This profile first, then what it extends, up to the root. */
  readonly chain: readonly string[];
  readonly rules: Readonly<Record<RuleId, boolean>>;
  readonly severity: Readonly<Record<string, Severity>>;
  readonly codes: readonly CodeRule[];
  readonly segments: readonly SegmentRule[];
  readonly equipment: EquipmentBlocks;
  /** CNT 6069 qualifier -> counted segments ("EQD", "EQD+CN"). */
  readonly counts: Readonly<Record<string, string>>;
  readonly locationQualifiers: ReadonlySet<string>;
  readonly weights: { readonly gross: WeightKind; readonly tare: WeightKind };
}
