/**
 * `edigw validate --profile` and `edigw ack --aperak` as users run them: the real bin/edigw in a
 * child process (it builds dist/ first when needed), with files in a temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/corpus.js';

const bin = join(repoRoot, 'bin', 'edigw');

function edigw(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: repoRoot, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'edigw-profiles-cli-'));
const wrap = (body: string, segments: number): string => `UNB+UNOA:3+NBCT:ZZZ+COSCO:ZZZ+261128:0930+77'UNH+M1+CODECO:D:95B:UN'${body}UNT+${segments}+M1'UNZ+1+77'`;
const clean = join(dir, 'clean.edi');
const badContainer = join(dir, 'bad-container.edi');
writeFileSync(clean, wrap("BGM+34+GI1+9'NAD+CF+MSK:160:20'EQD+CN+CSQU3054383+22G1:102:5++2+5'CNT+16:1'", 6));
writeFileSync(badContainer, wrap("BGM+36+GO1+9'NAD+CF+MSK:160:20'EQD+CN+CSQU3054384+22G1:102:5++2+5'CNT+16:1'", 6));

beforeAll(() => {
  // The first run may compile src/ to dist/.
  expect(edigw(['--help']).code).toBe(0);
}, 180_000);
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

describe('edigw with profiles', () => {
  it('validate names the profile of each message and reports its findings', () => {
    const ok = edigw(['validate', clean]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('message 1 (M1): CODECO D95B, profile codeco: 0 errors, 0 warnings');
    const bad = edigw(['validate', '--profile', 'port', badContainer]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('message 1 (M1): CODECO D95B, profile codeco: 1 error, 0 warnings');
    expect(bad.stdout).toContain('error   GW_ERR_CONTAINER_NUMBER_INVALID segment 5 (EQD), message M1 segment 4, element 2, component 1, line 1');
  });

  it('validate --json gives the profile per message', () => {
    const r = edigw(['validate', '--json', '--profile', 'codeco', badContainer]);
    const [result] = JSON.parse(r.stdout) as { perMessage: { profile: string; errors: number }[]; issues: { code: string }[] }[];
    expect(result.perMessage).toMatchObject([{ profile: 'codeco', errors: 1 }]);
    expect(result.issues.map((i) => i.code)).toEqual(['GW_ERR_CONTAINER_NUMBER_INVALID']);
  });

  it('an unknown profile is a usage error: exit 2, one line naming the known ones', () => {
    const r = edigw(['validate', '--profile', 'nosuch', clean]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no profile or suite "nosuch" .*known: port, /);
  });

  it('ack --aperak prints the APERAK and the verdict per message; nothing for a clean interchange', () => {
    const r = edigw(['ack', '--aperak', '--newlines', '--control-ref', 'AP1', badContainer]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^UNB\+UNOA:3\+COSCO:ZZZ\+NBCT:ZZZ\+\d{6}:\d{4}\+AP1'$/);
    expect(lines.slice(1, 3)).toEqual(["UNH+1+APERAK:D:95B:UN'", "BGM++AP1-1+9+RE'"]);
    expect(lines).toContain("RFF+ACW:M1'");
    expect(lines).toContain("ERC+201::ZZZ'");
    expect(r.stderr).toBe('edigw ack: message M1: rejected (1 finding)\n');
    const none = edigw(['ack', '--aperak', clean]);
    expect(none).toMatchObject({ code: 0, stdout: '', stderr: 'edigw ack: no profile or business-rule findings to answer with an APERAK\n' });
  });

  it('ack without --aperak still prints the CONTRL, with the profile\'s code lists applied (gate-out 36 accepted)', () => {
    const r = edigw(['ack', '--newlines', '--control-ref', 'C1', badContainer]);
    expect(r.stdout).toContain("UCM+M1+CODECO:D:95B:UN+7'");
  });
});
