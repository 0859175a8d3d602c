/**
 * The command line as users run it: the real bin/edigw in a child process (it builds dist/ first
 * when needed), files and standard input, exit codes 0/1/2, errors on stderr without stack traces.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusDir, hasCorpus, repoRoot } from '../helpers/corpus.js';

const bin = join(repoRoot, 'bin', 'edigw');

function edigw(args: string[], input?: string | Buffer): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', cwd: repoRoot, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'edigw-cli-'));
const good = join(dir, 'good.edi');
const bad = join(dir, 'bad.edi');
const codeco = (unt: number): string =>
  `UNB+UNOA:3+NBCT:ZZZ+COSCO:ZZZ+261128:0930+77'UNH+1+CODECO:D:95B:UN'BGM+34+GI1+9'NAD+CF+MSK:160:20'EQD+CN+CSQU3054383+22G1:102:5++2+5'CNT+16:1'UNT+${unt}+1'UNZ+1+77'`;
writeFileSync(good, codeco(6));
writeFileSync(bad, codeco(9));

beforeAll(() => {
  // The first run may compile src/ to dist/.
  expect(edigw(['--help']).code).toBe(0);
}, 180_000);

describe('edigw', () => {
  it('validate: exit 0 for clean files, 1 when one has an error, readable findings', () => {
    expect(edigw(['validate', good])).toMatchObject({ code: 0, stderr: '' });
    const r = edigw(['validate', good, bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${good}: accepted: 0 errors, 0 warnings (1 message, 8 segments, UNOA:3)`);
    expect(r.stdout).toContain(`${bad}: rejected: 1 error, 0 warnings`);
    expect(r.stdout).toContain('error   GW_ERR_UNT_COUNT [0085 29] segment 7 (UNT), message 1 segment 6, element 1, line 1');
  });

  it('validate --json for machines', () => {
    const r = edigw(['validate', '--json', bad]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { file: string; ok: boolean; issues: { code: string; location: { segment: number } }[] }[];
    expect(out[0]).toMatchObject({ file: bad, ok: false });
    expect(out[0].issues.map((i) => [i.code, i.location.segment])).toEqual([['GW_ERR_UNT_COUNT', 7]]);
  });

  it('usage errors exit 2 with one line on stderr and no stack trace', () => {
    for (const args of [['validate'], ['validate', '--nope', good], ['validate', join(dir, 'missing.edi')], ['frobnicate'], ['parse', good, good]]) {
      const r = edigw(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('parse prints the tree as JSON, from a file or standard input', () => {
    const r = edigw(['parse', '-'], "UNB+UNOA:3+S+R+261128:0930+1'UNH+1+CODECO:D:95B:UN'EQD+CN+MSCU1234565+45G1:102:5'UNT+3+1'UNZ+1+1'");
    expect(r.code).toBe(0);
    const tree = JSON.parse(r.stdout) as { messages: { type: string; segments: { tag: string; segment: number; segmentInMessage: number; elements: unknown[] }[] }[] };
    expect(tree.messages[0].segments[1]).toMatchObject({ tag: 'EQD', segment: 3, segmentInMessage: 2, elements: ['CN', 'MSCU1234565', ['45G1', '102', '5']] });
  });

  it('ack prints the CONTRL, and none for an inbound CONTRL', () => {
    const r = edigw(['ack', bad, '--control-ref', 'C1', '--newlines']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("UCM+1+CODECO:D:95B:UN+4+29+UNT+2'");
    expect(r.stderr).toBe('edigw ack: rejected\n');
    const none = edigw(['ack', '-'], "UNB+UNOA:3+A+B+261128:0930+1'UNH+1+CONTRL:D:3:UN'UCI+9+B+A+7'UNT+3+1'UNZ+1+1'");
    expect([none.code, none.stdout]).toEqual([0, '']);
  });

  it('format re-serializes, one segment per line with --newlines', () => {
    const r = edigw(['format', '--newlines', good]);
    expect(r.stdout.split('\n')).toHaveLength(9);
    expect(edigw(['format', good]).stdout).toBe(edigw(['format', '-'], edigw(['format', '--newlines', good]).stdout.replaceAll('\n', '')).stdout);
  });

  it.skipIf(!hasCorpus)('validates real corpus files without crashing, one verdict per file', () => {
    const files = [join(corpusDir, 'edifact', 'coarri_d95b_itg13_genoa_phpedifact.edi'), join(corpusDir, 'edifact-odd', 'paores_release_character_phpedifact.edi')];
    const r = edigw(['validate', '--json', good, ...files]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    // The Genoa COARRI uses EGW (a 6311 qualifier) as a 6313 dimension; the PAORES has a wrong UNT count.
    expect((JSON.parse(r.stdout) as { ok: boolean }[]).map((x) => x.ok)).toEqual([true, false, false]);
  });
});
