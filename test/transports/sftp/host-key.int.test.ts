/** The SFTP host key on disk: generated once, readable every time, kept, agreed on by concurrent starts. */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprintOf, loadOrCreateHostKey } from '../../../src/transports/sftp/host-key.js';

const dir = mkdtempSync(join(tmpdir(), 'edigw-hostkey-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('host key', () => {
  it('is generated readable every time (ssh2\'s own generator fails about one time in 256)', async () => {
    for (let i = 0; i < 600; i++) {
      const key = await loadOrCreateHostKey(join(dir, `k${i}`, 'ssh_host_ed25519_key'));
      expect(key.created).toBe(true);
      expect(key.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    }
  });

  it('is kept (mode 0600, public key beside it) and read back with the same fingerprint', async () => {
    const path = join(dir, 'kept', 'ssh_host_ed25519_key');
    const first = await loadOrCreateHostKey(path);
    const again = await loadOrCreateHostKey(path);
    expect(again).toMatchObject({ created: false, fingerprint: first.fingerprint });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const pub = ssh2.utils.parseKey(readFileSync(`${path}.pub`, 'utf8'));
    expect(pub instanceof Error ? pub : fingerprintOf(pub.getPublicSSH())).toBe(first.fingerprint);
  });

  it('is one key when several starts create it at once', async () => {
    const path = join(dir, 'race', 'ssh_host_ed25519_key');
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateHostKey(path)));
    expect(new Set(keys.map((k) => k.fingerprint)).size).toBe(1);
    expect(keys.filter((k) => k.created)).toHaveLength(1);
  });
});
