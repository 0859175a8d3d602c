import { describe, expect, it } from 'vitest';
import { hashApiKey, verifyPassword } from '../../src/config/credentials.js';
import { runKeysCommand } from '../../src/config/keys-command.js';
import type { KeysIo } from '../../src/config/keys-command.js';

async function run(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: KeysIo = { out: (t) => { out += t; }, err: (t) => { err += t; }, readStdin: () => Promise.resolve(stdin) };
  const code = await runKeysCommand(args, io);
  return { code, out, err };
}

function lastJson(out: string): Record<string, string> {
  const line = out.trim().split('\n').at(-1)!.trim();
  return JSON.parse(line) as Record<string, string>;
}

describe('edigw keys', () => {
  it('new: prints a fresh key once and the hash that authenticates it', async () => {
    const r = await run(['new', '--id', 'rotation-2025']);
    expect(r.code).toBe(0);
    const key = /\n {2}(edigw_[A-Za-z0-9_-]{43})\n/.exec(r.out)?.[1];
    expect(key).toBeDefined();
    expect(lastJson(r.out)).toEqual({ id: 'rotation-2025', sha256: hashApiKey(key!) });
  });

  it('hash: hashes a key read from standard input, never from the command line', async () => {
    expect(lastJson((await run(['hash', '--stdin'], 'edigw_existing_key\n')).out)).toEqual({ sha256: hashApiKey('edigw_existing_key') });
    const r = await run(['hash', 'edigw_existing_key']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--stdin');
  });

  it('password: makes a random password, or hashes one from standard input', async () => {
    const made = await run(['password']);
    const password = /SFTP password \(shown only now\):\n {2}(\S+)\n/.exec(made.out)?.[1];
    expect(password).toBeDefined();
    expect(await verifyPassword(password!, lastJson(made.out)['passwordHash'])).toBe(true);

    const given = await run(['password', '--stdin'], 'a long enough password\n');
    expect(given.out).not.toContain('a long enough password');
    expect(await verifyPassword('a long enough password', lastJson(given.out)['passwordHash'])).toBe(true);
    expect((await run(['password', '--stdin'], 'short\n')).code).toBe(2);
  });

  it('answers usage errors with exit code 2', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['rotate'])).err).toContain('unknown subcommand "rotate"');
    expect((await run(['new', '--id', 'Bad Id'])).code).toBe(2);
  });
});
