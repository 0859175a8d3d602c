/**
 * Everything a stage learns about a message is an `Issue`: one list feeds the HTTP response, the
 * CONTRL / APERAK acknowledgement, the tracking API and the logs (see ARCHITECTURE.md).
 */

export const Severity = {
  error: 'error',
  warning: 'warning',
  info: 'info',
} as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

/**
 * Where a finding sits. EDIFACT positions follow the standard's own counting where it has one:
 *
 * - `segment`: 1-based position of the segment in the interchange; UNA is not a segment, so UNB is 1.
 * - `segmentInMessage`: 1-based position inside its message, UNH being 1 (CONTRL UCS 0096).
 * - `element`: 1-based position of the (simple or composite) data element after the tag, so the
 *   syntax identifier S001 is UNB element 1 ("UNB01" in implementation guides). CONTRL counts the
 *   tag as position 1, so UCD/UCI/UCM S011 0098 is `element + 1`.
 * - `component`: 1-based position inside a composite (CONTRL 0104).
 * - `repetition`: 1-based occurrence of a repeating element, syntax version 4 only (CONTRL 0136).
 * - `offset`: byte offset from the start of the input as received; `line` and `column` are 1-based.
 *
 * JSON documents use `path` (a JSON Pointer); XML messages use `path` (an XPath-like element path).
 */
export interface Location {
  interchangeRef?: string;
  groupRef?: string;
  messageRef?: string;
  /** 1-based ordinal of the message in the interchange (useful when references repeat). */
  messageIndex?: number;
  segment?: number;
  segmentInMessage?: number;
  tag?: string;
  element?: number;
  component?: number;
  repetition?: number;
  offset?: number;
  line?: number;
  column?: number;
  path?: string;
}

export interface Issue {
  /** Stable code from the catalogue in `errors/codes.ts`; match on this, never on `text`. */
  readonly code: string;
  readonly severity: Severity;
  /** Plain-language explanation for the partner's staff. Never contains payload beyond the offending value. */
  readonly text: string;
  readonly location?: Location;
  /** UN/EDIFACT syntax error code (data element 0085) for CONTRL, already resolved for the syntax version. */
  readonly contrl?: string;
}

/** Human-readable position, e.g. "segment 7 (FTX), message 1 segment 6, element 4, component 2, line 8". */
export function formatLocation(loc: Location | undefined): string {
  if (!loc) return 'interchange';
  const parts: string[] = [];
  if (loc.segment !== undefined) parts.push(`segment ${loc.segment}${loc.tag ? ` (${loc.tag})` : ''}`);
  else if (loc.tag) parts.push(loc.tag);
  if (loc.messageRef !== undefined && loc.segmentInMessage !== undefined) {
    parts.push(`message ${loc.messageRef} segment ${loc.segmentInMessage}`);
  } else if (loc.messageRef !== undefined) {
    parts.push(`message ${loc.messageRef}`);
  }
  if (loc.element !== undefined) parts.push(`element ${loc.element}`);
  if (loc.repetition !== undefined) parts.push(`repetition ${loc.repetition}`);
  if (loc.component !== undefined) parts.push(`component ${loc.component}`);
  if (loc.path !== undefined) parts.push(loc.path);
  if (loc.line !== undefined) parts.push(`line ${loc.line}${loc.column !== undefined ? `:${loc.column}` : ''}`);
  else if (loc.offset !== undefined) parts.push(`byte ${loc.offset}`);
  return parts.length > 0 ? parts.join(', ') : 'interchange';
}

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}
