/**
 * `edigw convert` with customs XML, in real processes (the command line as test/mapping/cli-child.ts
 * registers it): XML to JSON and back, the receipt's two documents, GB18030, refusals with exit 1.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readCustomsXml } from '../../../src/mapping/xml/index.js';
import { parseCustomsXml } from '../../../src/syntax/xml/index.js';
import { repoRoot } from '../../helpers/corpus.js';
import { corpusPath, fixturePath, registry, validateAgainstXsd } from './helpers.js';

const child = join(repoRoot, 'test', 'mapping', 'cli-child.ts');

function edigw(args: string[], input?: string | Buffer): { code: number | null; stdout: Buffer; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', child, 'convert', ...args], { input, cwd: repoRoot, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

/** stderr without the info lines (SealID text the 2015 XSDs call empty: docs/customs-xml.md). */
const notInfo = (stderr: string): string[] => stderr.split('\n').filter((l) => /^\s+(error|warning)\s/.test(l));

describe('edigw convert with customs XML', () => {
  it('XML → JSON: the canonical document on stdout', () => {
    const r = edigw([fixturePath('mt1101-ningbo-first.xml'), '--to', 'json']);
    expect([r.code, notInfo(r.stderr)]).toEqual([0, []]);
    const expected = readCustomsXml(readFileSync(fixturePath('mt1101-ningbo-first.xml')), registry).documents[0].document;
    expect(JSON.parse(r.stdout.toString('utf8'))).toEqual(expected);
  });

  it('JSON from standard input → MT1101 (--message), valid against its XSD; GB18030 with --charset GB18030', () => {
    const json = edigw([fixturePath('mt1101-ningbo-edit.xml'), '--to', 'json']).stdout;
    const r = edigw(['-', '--to', 'xml', '--message', 'MT1101'], json);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(parseCustomsXml(r.stdout).message?.head).toMatchObject({ MessageType: 'MT1101', FunctionCode: '5' });
    expect(validateAgainstXsd(r.stdout)).toMatchObject({ xsd: 'Manifest_Declare_Import_Ship_Edit_1101_5.xsd', valid: true, errors: [] });

    const gb = edigw(['-', '--to', 'xml', '--message', 'MT1101', '--charset', 'GB18030'], json);
    expect([gb.code, gb.stderr]).toEqual([0, '']);
    expect(gb.stdout.subarray(0, 40).toString('latin1')).toBe('<?xml version="1.0" encoding="GB18030"?>');
    expect(iconv.decode(gb.stdout, 'gb18030')).toContain('<Name>宁波A&amp;B电器有限公司</Name>');
  });

  it('an MT9999 receipt gives the Acknowledgement and the CustomsNotice; --document picks one', () => {
    const both = edigw([fixturePath('mt9999-ningbo-receipt.xml'), '--to', 'json']);
    expect([both.code, both.stderr]).toEqual([0, '']);
    expect((JSON.parse(both.stdout.toString('utf8')) as { documentType: string }[]).map((d) => d.documentType)).toEqual(['Acknowledgement', 'CustomsNotice']);
    const one = edigw([fixturePath('mt9999-ningbo-receipt.xml'), '--to', 'json', '--document', 'CustomsNotice']);
    expect(JSON.parse(one.stdout.toString('utf8'))).toMatchObject({ documentType: 'CustomsNotice', decisions: [{ decision: 'accepted' }, { decision: 'rejected' }, { decision: 'rejected' }] });
    // Two documents are not one customs message.
    const xml = edigw([fixturePath('mt9999-ningbo-receipt.xml'), '--to', 'xml']);
    expect(xml.code).toBe(1);
    expect(xml.stderr).toContain('customs XML carries one document per message, and 2 were given');
  });

  it('the wrapped corpus arrival report converts, its findings on stderr', () => {
    const r = edigw([corpusPath('mt3101_arrival_report_mftmessage_wrapped_no_ns_pengshengfish.xml'), '--to', 'json']);
    expect(r.code).toBe(0);
    expect(notInfo(r.stderr).map((l) => l.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual(['warning GW_ERR_MAPPING_UNMAPPED_ELEMENT', 'warning GW_ERR_MAPPING_XML_SIZE_TYPE_SHORTHAND']);
    expect(JSON.parse(r.stdout.toString('utf8'))).toMatchObject({ documentType: 'EquipmentInterchangeReceipt', direction: 'gateIn', equipment: [{ containerNumber: 'CICU3789922', sizeType: '20GP' }] });
  });

  it('exit 1 with the findings: hostile XML, and a CUSCAR that lacks what MT1101 requires', () => {
    const hostile = edigw(['-', '--to', 'json'], '<?xml version="1.0"?>\n<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<Manifest>&x;</Manifest>');
    expect([hostile.code, hostile.stdout.length]).toEqual([1, 0]);
    expect(hostile.stderr).toMatch(/error\s+GW_ERR_XML_DOCTYPE/);
    expect(hostile.stderr).not.toContain('root:');

    const cuscar = edigw([join(repoRoot, 'fixtures', 'edifact', 'cuscar-d95b-ningbo-import.edi'), '--to', 'xml', '--message', 'MT1101']);
    expect([cuscar.code, cuscar.stdout.length]).toEqual([1, 0]);
    expect(cuscar.stderr).toContain('/Manifest/Declaration/RepresentativePerson: MT1101 first (FunctionCode 9) requires it, and the document gives no value for it (parties[roles[0]=manifestTransmitter].name)');
  });
});
