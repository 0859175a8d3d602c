/**
 * The mapping spec as written in mappings/*.json (checked against mappings/mapping.schema.json
 * when loaded). See docs/mapping.md for the language; these types follow the schema.
 */

/** Which way a spec, rule or binding works. Absent means both. */
export type SpecDirection = 'both' | 'read' | 'write';

/** A source address: a segment element (`C507.2380`, `2380`, `C080.3036*`) or an XML path. */
export type AddressSpec = string;

/** A code table: code → canonical value, with the reverse derived from it unless `write` says otherwise. */
export type TableSpec =
  | Readonly<Record<string, string>>
  | {
      readonly codes: Readonly<Record<string, string>>;
      /** Canonical value → code for writing, where the first code listed for a value is not the one to write. */
      readonly write?: Readonly<Record<string, string>>;
      /** Canonical value for codes not listed (keep the code itself with `raw`). */
      readonly otherwise?: string;
      /** What an unlisted code is when there is no `otherwise`: a warning (default) or an error. */
      readonly unknown?: 'warning' | 'error' | 'ignore';
    };

export interface DateSpec {
  /** Address of the format code (DTM C507 2379); absent: the length of the value decides. */
  readonly format?: AddressSpec;
  /** Document field for the end of a period (formats 718, 719), relative to the rule's object. */
  readonly end?: string;
  /** Format code to write instead of the automatic choice (102 for dates, 203/204 for date-times). */
  readonly write?: string;
}

export interface MeasureSpec {
  /** Address of the unit code (MEA C174 6411). */
  readonly unit?: AddressSpec;
  /** Unit the value is written with when the message has no unit element. */
  readonly fixedUnit?: string;
  /** Convert to this unit in both directions (KGM, MTQ, CMT, CEL …). */
  readonly convert?: string;
}

export interface BindingSpec {
  /** Source address(es); several addresses join into one key (`172:20`) for a table. */
  readonly at?: AddressSpec | readonly AddressSpec[];
  /** Document path relative to the rule's object (`eta`, `identifiers[0].id`, `.` for the item itself). */
  readonly to?: string;
  /** Message-side constant: written as is, checked when read. */
  readonly const?: string;
  /** Document-side constant: set when read, consumed (when equal) when written. */
  readonly set?: string | number | boolean;
  readonly type?: 'string' | 'integer' | 'number' | 'boolean';
  readonly table?: string;
  /** Where the code is kept as received when the table cannot say it exactly (or always, with keepRaw). */
  readonly raw?: string;
  readonly keepRaw?: 'always' | 'inexact';
  readonly date?: DateSpec;
  readonly measure?: MeasureSpec;
  /** Repeated components (`C080.3036*`) as one text (join, default) or a list (one entry each). */
  readonly repeat?: 'join' | 'list';
  /** Canonical value that the message leaves out (TDT 8067 1 for sea): not set when read, written when absent. */
  readonly implied?: string | number | boolean;
  /** Value used when the source has none, in both directions. */
  readonly default?: string | number | boolean;
  /** Read only when these sibling values hold (address → value or list of values; `!X` negates, `""` is absent). */
  readonly when?: Readonly<Record<string, string | readonly string[]>>;
  /** Written only when these document fields hold (path → value; `*` present, `!X` anything but X). */
  readonly if?: Readonly<Record<string, string>>;
  /**
   * For a reading-only binding whose value the message carries elsewhere (`^GIS…`): the document
   * path holding that value. Writing counts the field as carried when it agrees with it.
   */
  readonly sameAs?: string;
  readonly direction?: SpecDirection;
  /** Inserts the bindings of a field set here (with `prefix`, below that document path). */
  readonly use?: string;
  readonly prefix?: string;
  /** Covers an address on purpose without carrying it, saying why (a value implied by another). */
  readonly ignore?: string;
  readonly note?: string;
}

export interface RuleSpec {
  /** EDIFACT segment tag (`DTM`). */
  readonly segment?: string;
  /** EDIFACT segment group (`SG5`). */
  readonly group?: string;
  /** XML element (path relative to the parent rule's element). */
  readonly element?: string;
  /** Inserts the rules of a fragment here. */
  readonly use?: string;
  /** Qualifier selection: address → value or list of values (the first is written). */
  readonly where?: Readonly<Record<string, string | readonly string[]>>;
  /** Document target relative to the parent's object: `vesselCall`, `equipment[]`, `references[type=booking]`, `/gateLocation`. */
  readonly to?: string;
  readonly fields?: readonly BindingSpec[];
  readonly rules?: readonly RuleSpec[];
  /** Written only when these document fields hold (paths relative to the rule's object, or absolute). */
  readonly if?: Readonly<Record<string, string>>;
  readonly direction?: SpecDirection;
  readonly note?: string;
}

export interface MappingSpec {
  readonly $schema?: string;
  /** `<message>-<directory>.<document>`, equal to the file name without .json. */
  readonly id: string;
  readonly title?: string;
  readonly description?: string;
  readonly format: 'edifact' | 'xml';
  /** EDIFACT message type (CODECO) or customs message type (MT1101). */
  readonly message: string;
  /** EDIFACT directories the spec serves, the first being the one written by default. */
  readonly directories?: readonly string[];
  /** Customs message version (XML). */
  readonly version?: string;
  readonly document: string;
  readonly direction?: SpecDirection;
  /** Which documents this spec writes when several specs write the document type (issueStage: instruction → IFTMIN). */
  readonly if?: Readonly<Record<string, string>>;
  /** Shared files under mappings/common/ whose tables and fragments this spec uses. */
  readonly include?: readonly string[];
  readonly tables?: Readonly<Record<string, TableSpec>>;
  readonly fragments?: Readonly<Record<string, readonly RuleSpec[]>>;
  readonly fieldSets?: Readonly<Record<string, readonly BindingSpec[]>>;
  /** Document fields set after reading when the message left them empty; `$envelope.*` names envelope values. */
  readonly defaults?: Readonly<Record<string, unknown>>;
  readonly rules: readonly RuleSpec[];
}

/** A shared file in mappings/common/: tables and fragments several specs use. */
export interface CommonSpec {
  readonly $schema?: string;
  readonly id: string;
  readonly description?: string;
  readonly include?: readonly string[];
  readonly tables?: Readonly<Record<string, TableSpec>>;
  readonly fragments?: Readonly<Record<string, readonly RuleSpec[]>>;
  readonly fieldSets?: Readonly<Record<string, readonly BindingSpec[]>>;
  readonly defaults?: Readonly<Record<string, unknown>>;
}
