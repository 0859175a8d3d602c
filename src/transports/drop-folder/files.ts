/**
 * What every file door (built-in SFTP server, remote SFTP, local drop folder) agrees on: which names
 * count as finished files, how deliveries are named, and what the `.errors.txt` beside a rejected
 * file says. Partners build scripts on these names, so they are documented in docs/sftp.md and
 * never change.
 */
import { formatLocation, type Issue } from '../../errors/issue.js';
import { idTime, isId } from '../../store/ids.js';
import type { DeliverySummary } from '../../store/types.js';

/** Where a collected file goes once the gateway has dealt with it, inside the inbox. */
export const PROCESSED_DIR = '.processed';
export const REJECTED_DIR = '.rejected';
export const ERRORS_SUFFIX = '.errors.txt';

/**
 * True for names a writer uses while a file is still being written: a leading dot (OpenSSH
 * `reput` partials, editors, our own temporary files), `.part`, `.tmp`, and WinSCP's `.filepart`.
 * Such files are never collected until renamed to their final name.
 */
export function isIgnoredName(name: string): boolean {
  const lower = name.toLowerCase();
  return name.startsWith('.') || lower.endsWith('.part') || lower.endsWith('.tmp') || lower.endsWith('.filepart');
}

// One path component: no separators, no NUL or control characters, at most 255 bytes (NAME_MAX).
// eslint-disable-next-line no-control-regex -- control characters are exactly what the pattern is for
const CONTROL = /[\u0000-\u001f\u007f/\\]/;

/** A name the gateway will create in an inbox: one plain component, never `.` or `..`. */
export function isValidFileName(name: string): boolean {
  return name.length > 0 && name !== '.' && name !== '..' && !CONTROL.test(name) && Buffer.byteLength(name) <= 255;
}

/** `YYYYMMDDHHMMSS` in UTC. */
export function compactTimestamp(at: Date | string): string {
  return (typeof at === 'string' ? at : at.toISOString()).replace(/[-:T]/g, '').slice(0, 14);
}

type OutboxFields = Pick<DeliverySummary, 'id' | 'documentType' | 'format' | 'contentType'>;

/** File extension of a delivery: by its format (json, MTxxxx customs XML, EDIFACT), else its content type. */
export function extensionFor(d: Pick<DeliverySummary, 'format' | 'contentType'>): 'json' | 'xml' | 'edi' {
  if (d.format === 'json') return 'json';
  if (/^MT\d{4}$/.test(d.format)) return 'xml';
  if (/^[A-Z]{6}(:[A-Z]\d{2}[A-Z])?$/.test(d.format)) return 'edi';
  const ct = (d.contentType ?? '').toLowerCase();
  if (ct.includes('json')) return 'json';
  if (ct.includes('xml')) return 'xml';
  return 'edi';
}

/**
 * `<YYYYMMDDHHMMSS>_<kind>_<deliveryId>.<ext>`: the delivery's creation time in UTC, read from its
 * id (so names sort oldest first, and every attempt to push a delivery writes the same name), the
 * canonical document type (or the message type for acknowledgements: CONTRL, APERAK), the stable
 * delivery id (the same id the HTTP mailbox and webhooks use, so receivers can drop a repeat), and
 * `edi`, `xml` or `json`.
 */
export function outboxFileName(d: OutboxFields): string {
  const kind = (d.documentType ?? d.format.split(':', 1)[0]).replace(/[^A-Za-z0-9]/g, '') || 'Message';
  return `${compactTimestamp(new Date(idTime(d.id)))}_${kind}_${d.id}.${extensionFor(d)}`;
}

const OUTBOX_NAME = /^\d{14}_[A-Za-z0-9]+_([0-9A-Za-z]{26})\.(?:edi|xml|json)$/;

/** The delivery id an outbox file name carries, or undefined when the name is not one of ours. */
export function deliveryIdOf(name: string): string | undefined {
  const m = OUTBOX_NAME.exec(name);
  return m && isId(m[1]) ? m[1] : undefined;
}

/**
 * The text of `<file>.errors.txt`: what happened to the file and every finding with its code,
 * place and explanation, written for the partner's staff rather than for a parser (parsers have
 * the CONTRL / APERAK and the tracking API).
 */
export function errorsReport(input: {
  readonly file: string;
  readonly at: Date;
  readonly verdict: string;
  readonly messageId?: string;
  readonly findings: readonly Issue[];
}): string {
  const lines = [
    `File:     ${input.file}`,
    `Checked:  ${input.at.toISOString()}`,
    ...(input.messageId !== undefined ? [`Message:  ${input.messageId} (GET /v1/messages/${input.messageId} shows its history)`] : []),
    `Result:   ${input.verdict}`,
    '',
  ];
  const ordered = [...input.findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
  for (const f of ordered) {
    lines.push(`${f.severity} ${f.code} at ${formatLocation(f.location)}`, `    ${f.text}`, '');
  }
  if (ordered.length === 0) lines.push('(no findings were recorded)', '');
  return lines.join('\n');
}

function severityRank(s: Issue['severity']): number {
  return s === 'error' ? 0 : s === 'warning' ? 1 : 2;
}

/**
 * Candidate names for a file moved into `.processed/` or `.rejected/`: its own name first, then
 * (when a file of that name is already there) the name with the message id, or a timestamp when
 * nothing was stored, before the extension: `codeco.edi` → `codeco.01J….edi`.
 */
export function* asideNames(name: string, suffix: string): Generator<string> {
  yield name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  yield `${stem}.${suffix}${ext}`;
  for (let n = 2; ; n++) yield `${stem}.${suffix}-${n}${ext}`;
}
