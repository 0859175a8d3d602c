/**
 * The built-in SFTP server's host key: an ed25519 key generated on first start and kept at
 * `sftp.hostKeyPath` (default `<data dir>/ssh_host_ed25519_key`, mode 0600, OpenSSH format, with
 * the public key beside it in `.pub`), so partners who pinned it keep trusting the gateway across
 * restarts. Two processes starting at once agree on one key: the key is written under a temporary
 * name and hard-linked into place, which fails for the second, and the second reads the first's.
 */
import { hash, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';

export interface HostKey {
  /** The private key as ssh2's Server takes it. */
  readonly privateKey: Buffer;
  /** `SHA256:…` as `ssh-keygen -l` prints it: give this to partners to pin. */
  readonly fingerprint: string;
  /** OpenSSH public key line. */
  readonly publicKey: string;
  readonly created: boolean;
}

/** `SHA256:<unpadded base64>` of an SSH wire-format public key blob. */
export function fingerprintOf(publicBlob: Buffer): string {
  return `SHA256:${hash('sha256', publicBlob, 'base64').replace(/=+$/, '')}`;
}

function parse(privateKey: Buffer, path: string): ParsedKey {
  const parsed = ssh2.utils.parseKey(privateKey);
  if (parsed instanceof Error) throw new Error(`the SFTP host key ${path} cannot be read: ${parsed.message}`);
  return parsed;
}

function describe(privateKey: Buffer, path: string, created: boolean): HostKey {
  const key = parse(privateKey, path);
  const blob = key.getPublicSSH();
  return { privateKey, fingerprint: fingerprintOf(blob), publicKey: `${key.type} ${blob.toString('base64')} edigw`, created };
}

/**
 * ssh2's generator writes an ed25519 public key that starts with a zero byte one byte short (as if
 * it were an mpint), about one key in 256, and its own parser then refuses the file. Such a key is
 * discarded and another one made.
 */
function generateEd25519(): { private: string; public: string } {
  for (let i = 0; i < 32; i++) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment: 'edigw' });
    if (!(ssh2.utils.parseKey(pair.private) instanceof Error)) return pair;
  }
  throw new Error('could not generate an ed25519 host key that ssh2 can read');
}

export async function loadOrCreateHostKey(path: string): Promise<HostKey> {
  try {
    return describe(await readFile(path), path, false);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const pair = generateEd25519();
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, pair.private, { mode: 0o600, flag: 'wx' });
  try {
    await link(tmp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return describe(await readFile(path), path, false);
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  await writeFile(`${path}.pub`, `${pair.public.trim()}\n`, { mode: 0o644 }).catch(() => undefined);
  return describe(Buffer.from(pair.private), path, true);
}
