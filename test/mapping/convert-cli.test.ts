/**
 * `edigw convert` in a real process: files and standard input, stdout for the output, stderr for
 * findings, exit codes 0/1/2.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { convert } from '../../src/cli/convert-command.js';
import { createEdifactAdapter, FormatRegistry, jsonAdapter } from '../../src/mapping/formats.js';
import { readEdifact } from '../../src/mapping/edifact/adapter.js';
import { MappingRegistry } from '../../src/mapping/registry.js';
import { parseInterchange } from '../../src/syntax/edifact/index.js';
import { repoRoot } from '../helpers/corpus.js';

const child = join(repoRoot, 'test', 'mapping', 'cli-child.ts');
const fixture = (name: string): string => join(repoRoot, 'fixtures', 'edifact', name);
const tmp = mkdtempSync(join(tmpdir(), 'edigw-convert-'));
afterAll(() => { rmSync(tmp, { recursive: true, force: true }); });

function edigw(args: string[], input?: string | Buffer): { code: number | null; stdout: Buffer; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', child, 'convert', ...args], { input, cwd: repoRoot, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

describe('edigw convert', () => {
  it('EDIFACT → JSON: the canonical document on stdout, nothing on stderr', () => {
    const r = edigw([fixture('codeco-d95b-ningbo-gate-in.edi'), '--to', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout.toString('utf8')) as Record<string, unknown>;
    const expected = readEdifact(readFileSync(fixture('codeco-d95b-ningbo-gate-in.edi')), new MappingRegistry()).documents[0].document;
    expect(doc).toEqual(expected);
  });

  it('JSON from standard input → EDIFACT of the message asked for, and back', () => {
    const json = edigw([fixture('coarri-d95b-ningbo-discharge.edi'), '--to', 'json']).stdout;
    const r = edigw(['-', '--to', 'edifact', '--message', 'COARRI:D95B', '--charset', 'UNOY'], json);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const ic = parseInterchange(r.stdout);
    expect(ic.issues).toEqual([]);
    expect(ic.header?.syntaxId).toBe('UNOY');
    expect(ic.messages.map((m) => `${m.type}:${m.directory}`)).toEqual(['COARRI:D95B']);
    const file = join(tmp, 'coarri.edi');
    writeFileSync(file, r.stdout);
    expect(JSON.parse(edigw([file, '--to', 'json']).stdout.toString('utf8'))).toMatchObject({ documentType: 'TallyReport', operation: 'discharge', documentId: 'NBCT-DS-041E-01' });
  });

  it('EDIFACT → EDIFACT keeps the envelope and the partner character set (GB 18030)', () => {
    const r = edigw([fixture('codeco-d00b-ningbo-gate-out-gb18030.edi'), '--to', 'edifact', '--charset', 'GB18030']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const ic = parseInterchange(r.stdout, { charset: 'GB18030' });
    expect(ic.issues).toEqual([]);
    expect(ic.header).toMatchObject({ syntaxId: 'UNOC', sender: { id: 'NBCT', qualifier: 'ZZZ' }, recipient: { id: 'COSCO', qualifier: 'ZZZ' } });
    expect(ic.messages[0].directory).toBe('D00B');
    expect(r.stdout.includes(Buffer.from('宁波', 'utf8'))).toBe(false);
  });

  it('EDIFACT ⇄ customs XML through the format registry: MT3101 becomes a CODECO, a CUSCAR lacking what MT1101 requires is refused by path', () => {
    const x = edigw([join(repoRoot, 'fixtures', 'xml', 'mt3101-ningbo-arrival.xml'), '--to', 'edifact', '--message', 'CODECO:D95B']);
    expect(x.code).toBe(0);
    const ic = parseInterchange(x.stdout);
    expect(ic.issues).toEqual([]);
    expect(ic.messages.map((m) => `${m.type}:${m.directory}`)).toEqual(['CODECO:D95B']);
    const r = edigw([fixture('cuscar-d95b-ningbo-import.edi'), '--to', 'xml', '--message', 'MT1101']);
    expect(r.code).toBe(1);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toContain('GW_ERR_MAPPING_XML_REQUIRED_MISSING /Manifest/Declaration/ExitCustomsOffice');
  });

  it('exit 1 with the findings when the input is invalid: not a message, a broken interchange, an invalid document', () => {
    const garbage = edigw(['-', '--to', 'json'], 'hello');
    expect(garbage.code).toBe(1);
    expect(garbage.stderr).toContain('GW_ERR_MAPPING_INPUT_INVALID');
    const text = readFileSync(fixture('cusres-d95b-ningbo-inspection.edi'), 'utf8').replace("UNT+14+31'", "UNT+15+31'");
    const broken = edigw(['-', '--to', 'json'], text);
    expect(broken.code).toBe(1);
    expect(broken.stdout.length).toBe(0);
    expect(broken.stderr).toContain('GW_ERR_UNT_COUNT [0085 29]');
    const doc = JSON.parse(edigw([fixture('codeco-d95b-ningbo-gate-in.edi'), '--to', 'json']).stdout.toString('utf8')) as { equipment: { containerNumber: string }[] };
    doc.equipment[0].containerNumber = 'CSNU8203746';
    const invalid = edigw(['-', '--to', 'edifact'], JSON.stringify(doc));
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('GW_ERR_DOCUMENT_CONTAINER_NUMBER');
    expect(invalid.stderr).toContain('/equipment/0/containerNumber');
  });

  it('exit 1 naming the field when the target character set cannot carry Chinese text', () => {
    const r = edigw([fixture('codeco-d95b-ningbo-gate-in.edi'), '--to', 'edifact', '--charset', 'UNOC', '--syntax-version', '3']);
    expect(r.code).toBe(1);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toContain('GW_ERR_MAPPING_VALUE_NOT_REPRESENTABLE');
    expect(r.stderr).toContain('/parties/1/name: cannot be sent to this partner: "宁" cannot be written in UNOC');
  });

  it('warnings do not stop a conversion: data with no place is listed on stderr, per document', () => {
    const doc = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'documents', 'examples', 'EquipmentInterchangeReceipt.example.json'), 'utf8')) as Record<string, unknown>;
    const r = edigw(['-', '--to', 'edifact', '--sender', 'NBCT', '--recipient', 'COSCO'], JSON.stringify(doc));
    expect(r.code).toBe(0);
    expect(parseInterchange(r.stdout).issues).toEqual([]);
    expect(r.stderr).toContain('warning GW_ERR_MAPPING_UNMAPPED_FIELD');
    expect(r.stderr).toContain('/equipment/0/driver: CODECO D95B has no place for it');
    expect(r.stderr).toContain('/customsOffices: CODECO D95B has no place for it');
  });

  it('usage errors exit 2', () => {
    for (const args of [[fixture('codeco-d95b-ningbo-gate-in.edi')], ['--to', 'json'], [fixture('codeco-d95b-ningbo-gate-in.edi'), '--to', 'pdf'], [fixture('codeco-d95b-ningbo-gate-in.edi'), '--to', 'json', '--document', 'Invoice'], [fixture('codeco-d95b-ningbo-gate-in.edi'), '--to', 'json', '--time-zone', 'Mars/Base']]) {
      const r = edigw(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('convert() in process', () => {
  it('a format without an adapter in the registry is named plainly (exit 2), as input and as target', () => {
    const withoutXml = new FormatRegistry([jsonAdapter, createEdifactAdapter(new MappingRegistry())]);
    const target = convert({ input: readFileSync(fixture('cuscar-d95b-ningbo-import.edi')), to: 'xml' }, withoutXml);
    expect(target.code).toBe(2);
    expect(target.output).toBeUndefined();
    expect(target.findings.map((f) => [f.issue.code, f.issue.text])).toEqual([['GW_ERR_MAPPING_FORMAT_UNAVAILABLE', 'the XML adapter is not available in this build, so nothing can be written as xml; available: json, edifact']]);
    const input = convert({ input: Buffer.from('<?xml version="1.0"?><Manifest/>'), to: 'json' }, withoutXml);
    expect([input.code, input.findings[0].issue.text]).toEqual([2, 'the XML adapter is not available in this build, so this input cannot be read; available: json, edifact']);
  });

  it('asks for one document type and refuses a message of another', () => {
    const input = readFileSync(fixture('coreor-d95b-ningbo-release.edi'));
    expect(convert({ input, to: 'json', document: 'DeliveryOrder' }).code).toBe(0);
    const other = convert({ input, to: 'json', document: 'Manifest' });
    expect(other.code).toBe(1);
    expect(other.findings.map((f) => f.issue.code)).toEqual(['GW_ERR_MAPPING_NOT_FOUND']);
  });
});
