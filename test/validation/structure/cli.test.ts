/**
 * `edigw validate` and `edigw ack` with the structure check, as users run them (the real bin/edigw
 * in a child process, which builds dist/ first when needed).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/corpus.js';
import { COARRI_BODY, interchange } from './helpers.js';

const bin = join(repoRoot, 'bin', 'edigw');
const dir = mkdtempSync(join(tmpdir(), 'edigw-structure-cli-'));
const clean = join(dir, 'clean.edi');
const broken = join(dir, 'broken.edi');
// The command applies the port profiles: SMDG's BGM 44 (discharge report) is what the COARRI profile expects.
const body = ["BGM+44+DIS1+9'", ...COARRI_BODY.slice(1)];
writeFileSync(clean, interchange('COARRI:D:95B:UN', [body.join('')]));
writeFileSync(broken, interchange('COARRI:D:95B:UN', [body.join(''), body.slice(1).join('')]));

function edigw(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: repoRoot, timeout: 180_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  expect(edigw(['--help']).code).toBe(0);
}, 200_000);
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

describe('edigw with structure validation', () => {
  it('validate prints type, directory, profile, errors and warnings per message as it goes, then the verdict', () => {
    expect(edigw(['validate', clean])).toMatchObject({
      code: 0,
      stdout: `  message 1 (M1): COARRI D95B, profile coarri: 0 errors, 0 warnings\n${clean}: accepted: 0 errors, 0 warnings (1 message, 14 segments, UNOC:3)\n`,
    });
    const r = edigw(['validate', broken]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toEqual([
      '  message 1 (M1): COARRI D95B, profile coarri: 0 errors, 0 warnings',
      '  message 2 (M2): COARRI D95B, profile coarri: 1 error, 0 warnings',
      '  error   GW_ERR_SEGMENT_MISSING [0085 13] segment 14, message M2 segment 1, line 1',
      '          mandatory segment BGM is missing after UNH (segment 1 of the message)',
      `${broken}: rejected: 1 error, 0 warnings (2 messages, 25 segments, UNOC:3)`,
      '',
    ]);
  });

  it('validate --json lists every finding and a summary per message, with the profile applied', () => {
    const r = edigw(['validate', '--json', broken]);
    const out = JSON.parse(r.stdout) as { ok: boolean; errors: number; issues: { code: string }[]; perMessage: unknown[] }[];
    expect(out[0]).toMatchObject({ ok: false, errors: 1, issues: [{ code: 'GW_ERR_SEGMENT_MISSING' }] });
    expect(out[0].perMessage).toEqual([
      { index: 1, ref: 'M1', type: 'COARRI', directory: 'D95B', profile: 'coarri', inCatalogue: true, errors: 0, warnings: 0 },
      { index: 2, ref: 'M2', type: 'COARRI', directory: 'D95B', profile: 'coarri', inCatalogue: true, errors: 1, warnings: 0 },
    ]);
  });

  it('ack reports the structure finding in UCS', () => {
    const r = edigw(['ack', '--newlines', '--control-ref', 'C9', broken]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("UCM+M1+COARRI:D:95B:UN+7'\nUCM+M2+COARRI:D:95B:UN+4'\nUCS+1+13'\n");
    expect(r.stderr).toBe('edigw ack: accepted-with-errors\n');
  });
});
