/**
 * edigw parse | validate | ack | format: the EDIFACT syntax engine on the command line.
 * Exit codes: 0 no errors, 1 an input has errors, 2 usage error (unknown option, missing file).
 */
import { buildAperak } from '../acks/aperak.js';
import { buildContrl } from '../acks/contrl.js';
import { hasErrors, isGatewayError, type Issue } from '../errors/index.js';
import { parseInterchange } from '../syntax/edifact/parse.js';
import { serializeInterchange } from '../syntax/edifact/serialize.js';
import type { Segment } from '../syntax/edifact/segment.js';
import type { Interchange } from '../syntax/edifact/tree.js';
import { allIssues, validateInterchange, validateStream, type MessageValidation } from '../validation/index.js';
import { profileValidation, type ProfileValidation } from '../validation/profiles/index.js';
import { commands } from './commands.js';
import { args, formatIssue, openInput, readInput, write } from './io.js';
import { UsageError } from './usage-error.js';

/** The port profiles, or the profile/suite named by --profile; an unknown name is a usage error. */
function profiles(name: string | boolean | undefined): ProfileValidation {
  try {
    return profileValidation(typeof name === 'string' ? { profile: name } : {});
  } catch (err) {
    if (isGatewayError(err) && err.code === 'GW_ERR_PROFILE_UNKNOWN') throw new UsageError(err.message);
    throw err;
  }
}

function oneFile(positionals: string[], command: string): string {
  if (positionals.length !== 1) throw new UsageError(`expects one FILE (or - for standard input); usage: edigw ${command} FILE|-`);
  return positionals[0];
}

/** A segment as JSON: simple elements as strings, composites as arrays, repeats as {repeat}. */
function segmentJson(seg: Segment): unknown {
  return {
    tag: seg.tag,
    segment: seg.index,
    ...(seg.indexInMessage > 0 ? { segmentInMessage: seg.indexInMessage } : {}),
    offset: seg.offset,
    line: seg.line,
    elements: seg.elements.map((reps) => {
      const one = (comps: readonly string[]): unknown => (comps.length === 1 ? comps[0] : comps);
      return reps.length === 1 ? one(reps[0]) : { repeat: reps.map(one) };
    }),
  };
}

export function interchangeJson(ic: Interchange): unknown {
  const inMessage = new Set<number>();
  const messages = ic.messages.map((m) => {
    const segments = m.segments.map((s) => { inMessage.add(s.index); return segmentJson(s); });
    return { index: m.index, ref: m.ref, type: m.type, directory: m.directory, id: m.id, group: m.group?.ref, segments };
  });
  const outside = [...ic.segments()].filter((s) => !inMessage.has(s.index) && !['UNB', 'UNZ', 'UNG', 'UNE'].includes(s.tag)).map(segmentJson);
  return {
    syntax: { identifier: ic.context.syntaxId, version: ic.context.syntaxVersion, charset: ic.context.charset.id, una: ic.context.una?.toString('latin1') ?? null, bom: ic.context.bom },
    header: ic.header ?? null,
    unb: ic.unb ? segmentJson(ic.unb) : null,
    groups: ic.groups.map((g) => ({ ref: g.ref, ung: segmentJson(g.ung), une: g.une ? segmentJson(g.une) : null, messages: g.messages.map((m) => m.ref) })),
    messages,
    ...(outside.length > 0 ? { outside } : {}),
    unz: ic.unz ? segmentJson(ic.unz) : null,
    issues: ic.issues,
  };
}

commands['parse'] = {
  summary: 'print an EDIFACT interchange as a JSON tree with positions and findings',
  async run(argv) {
    const { positionals } = args(argv, {});
    const ic = parseInterchange(await readInput(oneFile(positionals, 'parse')));
    write(`${JSON.stringify(interchangeJson(ic), null, 2)}\n`);
    return hasErrors(ic.issues) ? 1 : 0;
  },
};

commands['validate'] = {
  summary: 'check EDIFACT files: syntax, structure, profile and business rules (streamed, any size); --profile NAME, --json',
  async run(argv) {
    const { values, positionals } = args(argv, { json: { type: 'boolean' }, profile: { type: 'string' } });
    if (positionals.length === 0) throw new UsageError('expects one or more FILEs (or - for standard input)');
    const pv = profiles(values['profile']);
    const results: { file: string; ok: boolean; errors: number; warnings: number; messages: number; segments: number; syntax: string | null; issues: readonly Issue[]; perMessage: unknown[] }[] = [];
    for (const file of positionals) {
      // Text output goes out message by message, so a file of any size is checked in flat memory;
      // the verdict and the envelope findings follow once the whole interchange is read.
      const onMessage = values['json'] ? undefined : (m: MessageValidation): void => {
        write(`  message ${m.index} (${m.ref}): ${m.type} ${m.directory}${m.profile !== undefined ? `, profile ${m.profile}` : ''}: ${plural(m.errors, 'error')}, ${plural(m.warnings, 'warning')}\n`);
        for (const i of m.issues) write(formatIssue(i));
      };
      const r = await validateStream(openInput(file), { ...pv, ...(onMessage ? { onMessage } : {}) });
      const syntax = r.header ? `${r.header.syntaxId}:${r.header.syntaxVersion}` : null;
      const perMessage = r.messages.map((m) => ({ index: m.index, ref: m.ref, type: m.type, directory: m.directory, ...(m.profile !== undefined ? { profile: m.profile } : {}), inCatalogue: m.inCatalogue, errors: m.errors, warnings: m.warnings }));
      results.push({ file, ok: r.errors === 0, errors: r.errors, warnings: r.warnings, messages: r.messageCount, segments: r.segmentCount, syntax, issues: allIssues(r), perMessage });
      if (!values['json']) {
        const verdict = r.errors > 0 ? 'rejected' : r.warnings > 0 ? 'accepted with warnings' : 'accepted';
        write(`${file}: ${verdict}: ${plural(r.errors, 'error')}, ${plural(r.warnings, 'warning')} (${plural(r.messageCount, 'message')}, ${r.segmentCount} segments${syntax ? `, ${syntax}` : ''})\n`);
        for (const i of r.envelope) write(formatIssue(i));
      }
    }
    if (values['json']) write(`${JSON.stringify(results, null, 2)}\n`);
    return results.every((r) => r.ok) ? 0 : 1;
  },
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

commands['ack'] = {
  summary: 'print the CONTRL (syntax and structure) or, with --aperak, the APERAK (profile and business rules) for an interchange',
  async run(argv) {
    const { values, positionals } = args(argv, { 'control-ref': { type: 'string' }, newlines: { type: 'boolean' }, aperak: { type: 'boolean' }, profile: { type: 'string' } });
    const pv = profiles(values['profile']);
    const ic = parseInterchange(await readInput(oneFile(positionals, 'ack')));
    const controlRef = typeof values['control-ref'] === 'string' ? values['control-ref'] : String(Date.now() % 1e14);
    const issues = allIssues(validateInterchange(ic, { ...pv }));
    if (values['aperak'] === true) return printAperak(ic, issues, controlRef, values['newlines'] === true);
    const contrl = buildContrl(ic, issues, { controlRef });
    if (!contrl) {
      process.stderr.write('edigw ack: the interchange holds CONTRL messages; an acknowledgement is never acknowledged\n');
      return 0;
    }
    write(serializeInterchange(contrl.interchange, { newlines: values['newlines'] === true }));
    if (values['newlines'] !== true) write('\n');
    process.stderr.write(`edigw ack: ${contrl.action}\n`);
    return hasErrors(issues) ? 1 : 0;
  },
};

function printAperak(ic: Interchange, issues: readonly Issue[], controlRef: string, newlines: boolean): number {
  const aperak = buildAperak(ic, issues, { controlRef });
  if (!aperak) {
    process.stderr.write('edigw ack: no profile or business-rule findings to answer with an APERAK\n');
    return hasErrors(issues) ? 1 : 0;
  }
  write(serializeInterchange(aperak.interchange, { newlines }));
  if (!newlines) write('\n');
  for (const m of aperak.messages) process.stderr.write(`edigw ack: message ${m.messageRef}: ${m.status} (${m.reported} finding${m.reported === 1 ? '' : 's'})\n`);
  return hasErrors(issues) ? 1 : 0;
}

commands['format'] = {
  summary: 're-serialize an interchange (--newlines: one segment per line)',
  async run(argv) {
    const { values, positionals } = args(argv, { newlines: { type: 'boolean' } });
    const ic = parseInterchange(await readInput(oneFile(positionals, 'format')));
    write(serializeInterchange(ic, { newlines: values['newlines'] === true }));
    for (const i of ic.issues.filter((x) => x.severity === 'error')) process.stderr.write(formatIssue(i));
    return hasErrors(ic.issues) ? 1 : 0;
  },
};
