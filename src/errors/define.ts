import type { Severity } from './issue.js';

/** One entry of the error catalogue. Codes are stable: retire a code, never reuse or rename it. */
export interface ErrorSpec {
  /** Default severity; a partner profile may raise or lower it (see `errors/policy.ts`). */
  readonly severity: Severity;
  /** What the code means, in one sentence, for docs/errors.md. */
  readonly title: string;
  /**
   * UN/EDIFACT syntax error code (0085) reported in CONTRL. It must exist in the syntax version 4
   * service code list; `contrlV3` overrides it for syntax versions 1-3 where version 4 introduced
   * the code (for example 45 "trailing separator").
   */
  readonly contrl?: string;
  readonly contrlV3?: string;
  /** HTTP status when this finding alone refuses a request at the edge. */
  readonly http?: number;
}

export function defineErrors<const T extends Record<`GW_ERR_${string}`, ErrorSpec>>(specs: T): T {
  return specs;
}
