/**
 * edigw convert FILE|- --to json|xml|edifact [--message CODECO:D95B|MT1101|…] [--document TYPE]
 *
 * Converts between any two formats through the canonical document: the input's format is detected,
 * each message becomes a document, each document is checked against its schema and written in the
 * target format. Output on stdout, findings on stderr. Exit codes: 0 converted (warnings may be
 * on stderr), 1 the input is invalid or cannot be written for the target, 2 usage error or a
 * format this build has no adapter for.
 */
import { isDocumentType } from '../catalogue/documents/index.js';
import { hasErrors, makeIssue, type Issue } from '../errors/index.js';
import { isTimeZone } from '../mapping/dates.js';
import { checkDocuments, defaultFormats, type FormatName, type FormatRegistry, type FormatWriteOptions } from '../mapping/formats.js';
import { MappingRegistry } from '../mapping/registry.js';
import type { PartyInput } from '../syntax/edifact/index.js';
import { args, formatIssue, readInput } from './io.js';
import { UsageError } from './usage-error.js';

const TARGETS: readonly FormatName[] = ['json', 'xml', 'edifact'];
const USAGE = 'usage: edigw convert FILE|- --to json|xml|edifact [--message CODECO:D95B|MT1101|…] [--document TYPE] [--time-zone ZONE] [--charset UNOW|UNOY|UNOC|…|GB18030] [--syntax-version N] [--sender ID] [--recipient ID]';

export interface ConvertRequest {
  readonly input: Buffer;
  readonly to: FormatName;
  readonly message?: string;
  readonly document?: string;
  readonly timeZone?: string;
  readonly charset?: string;
  readonly syntaxVersion?: number;
  readonly sender?: string;
  readonly recipient?: string;
}

export interface ConvertOutcome {
  /** 0, 1 or 2 as the command exits. */
  readonly code: 0 | 1 | 2;
  readonly output: Buffer | undefined;
  /** Findings, each with the document it belongs to (empty for the input as a whole). */
  readonly findings: readonly { readonly about: string; readonly issue: Issue }[];
}

function unavailable(format: string, registry: FormatRegistry, role: 'input' | 'target'): ConvertOutcome {
  const text = `the ${format.toUpperCase()} adapter is not available in this build, so ${role === 'input' ? 'this input cannot be read' : `nothing can be written as ${format}`}; available: ${registry.formats.join(', ')}`;
  return { code: 2, output: undefined, findings: [{ about: '', issue: makeIssue('GW_ERR_MAPPING_FORMAT_UNAVAILABLE', text) }] };
}

function party(id: string | undefined, fallback: unknown): PartyInput | undefined {
  if (id !== undefined) return { id };
  return typeof fallback === 'object' && fallback !== null && typeof (fallback as PartyInput).id === 'string' && (fallback as PartyInput).id !== '' ? fallback as PartyInput : undefined;
}

/** The conversion itself, without the process around it (the command and tests call it). */
export function convert(req: ConvertRequest, registry: FormatRegistry = defaultFormats(new MappingRegistry())): ConvertOutcome {
  const findings: { about: string; issue: Issue }[] = [];
  const detected = registry.detect(req.input);
  if (!detected.adapter) {
    if (detected.format) return unavailable(detected.format, registry, 'input');
    const issue = makeIssue('GW_ERR_MAPPING_INPUT_INVALID', 'the input is neither EDIFACT (UNA, UNB or UNH first), XML nor a JSON canonical document');
    return { code: 1, output: undefined, findings: [{ about: '', issue }] };
  }
  const target = registry.get(req.to);
  if (!target) return unavailable(req.to, registry, 'target');

  const partnerCharset = req.charset === 'GB18030' ? 'GB18030' : undefined;
  const read = detected.adapter.read(req.input, {
    ...(req.timeZone ? { timeZone: req.timeZone } : {}),
    ...(partnerCharset ? { charset: partnerCharset } : {}),
    ...(req.document ? { documentType: req.document } : {}),
  });
  for (const issue of read.issues) findings.push({ about: '', issue });
  read.documents.forEach((d) => { for (const issue of d.issues) findings.push({ about: d.label, issue }); });
  const checked = checkDocuments(read.documents);
  for (const issue of checked) findings.push({ about: '', issue });
  if (read.documents.length === 0 && !findings.some((f) => f.issue.severity === 'error')) {
    findings.push({ about: '', issue: makeIssue('GW_ERR_MAPPING_INPUT_INVALID', 'the input holds no document to convert') });
  }
  if (findings.some((f) => f.issue.severity === 'error')) return { code: 1, output: undefined, findings };

  // Writing EDIFACT again keeps the input's envelope (syntax, parties) unless told otherwise.
  const env = detected.adapter.format === req.to ? read.envelope ?? {} : {};
  const [message, version] = req.message?.includes(':') ? req.message.split(':') : [req.message, undefined];
  const syntaxId = req.charset && !partnerCharset ? req.charset : typeof env.syntaxId === 'string' ? env.syntaxId : partnerCharset ? 'UNOC' : undefined;
  const options: FormatWriteOptions = {
    ...(message ? { message } : {}),
    ...(version ? { version } : {}),
    ...(req.timeZone ? { timeZone: req.timeZone } : {}),
    ...(syntaxId ? { syntaxId } : {}),
    ...(partnerCharset !== undefined || env.charset === 'GB18030' ? { partnerCharset: 'GB18030' as const } : {}),
    ...(req.syntaxVersion !== undefined ? { syntaxVersion: req.syntaxVersion } : typeof env.syntaxVersion === 'number' && syntaxId === env.syntaxId ? { syntaxVersion: env.syntaxVersion } : {}),
  };
  const sender = party(req.sender, env.sender);
  const recipient = party(req.recipient, env.recipient);
  const written = target.write(read.documents.map((d) => d.document), { ...options, ...(sender ? { sender } : {}), ...(recipient ? { recipient } : {}) });
  for (const issue of written.issues) findings.push({ about: '', issue });
  if (!written.output || hasErrors(written.issues)) return { code: 1, output: undefined, findings };
  return { code: 0, output: written.output, findings };
}

export async function runConvert(argv: readonly string[]): Promise<number> {
  const { values, positionals } = args(argv, {
    to: { type: 'string' }, message: { type: 'string' }, document: { type: 'string' },
    'time-zone': { type: 'string' }, charset: { type: 'string' }, 'syntax-version': { type: 'string' },
    sender: { type: 'string' }, recipient: { type: 'string' },
  });
  if (positionals.length !== 1) throw new UsageError(`expects one FILE (or - for standard input); ${USAGE}`);
  const to = values['to'];
  if (typeof to !== 'string' || !(TARGETS as readonly string[]).includes(to)) throw new UsageError(`--to must be json, xml or edifact; ${USAGE}`);
  const document = values['document'];
  if (typeof document === 'string' && !isDocumentType(document)) throw new UsageError(`--document ${document} is not a canonical document type`);
  const timeZone = values['time-zone'];
  if (typeof timeZone === 'string' && !isTimeZone(timeZone)) throw new UsageError(`--time-zone ${timeZone} is not a time zone (for example Asia/Shanghai or +08:00)`);
  const sv = values['syntax-version'];
  if (typeof sv === 'string' && !/^[1-4]$/.test(sv)) throw new UsageError('--syntax-version must be 1, 2, 3 or 4');
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? values[k] : undefined);
  const outcome = convert({
    input: await readInput(positionals[0]), to: to as FormatName,
    message: str('message'), document: str('document'), timeZone: str('time-zone'), charset: str('charset'),
    syntaxVersion: sv === undefined ? undefined : Number(sv), sender: str('sender'), recipient: str('recipient'),
  });
  let about = '';
  for (const f of outcome.findings) {
    if (f.about !== about) {
      about = f.about;
      if (about) process.stderr.write(`${about}:\n`);
    }
    process.stderr.write(formatIssue(f.issue));
  }
  if (outcome.output) process.stdout.write(outcome.output);
  return outcome.code;
}
