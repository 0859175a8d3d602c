/**
 * Connections to partners' own SFTP servers (ssh2-sftp-client): one per channel, opened on first
 * use, reused while busy, closed after a while idle, and dropped after any error (the next attempt
 * connects afresh). The server's host key is checked against the channel's `hostKeySha256` pin;
 * without a pin any key is taken, and the log says which one, once.
 *
 * Failures are classified for the queue: a host key that does not match the pin and a refused login
 * are permanent (retrying would not help, and repeated failed logins may lock the partner's
 * account), everything else is transient.
 */
import { readFile } from 'node:fs/promises';
import type { SFTPWrapper } from 'ssh2';
import SftpClient from 'ssh2-sftp-client';
import type { RemoteSftpChannel } from '../../config/types.js';
import type { ErrorCode } from '../../errors/codes.js';
import type { Logger } from '../../observability/logger.js';
import { fingerprintOf } from '../sftp/host-key.js';
import { TransportError } from '../types.js';

export interface RemoteConnection {
  readonly client: SftpClient;
  /** The server offers posix-rename@openssh.com (rename over an existing file, atomically). */
  readonly posixRename: boolean;
}

interface Entry {
  readonly connecting: Promise<RemoteConnection>;
  users: number;
  idle: NodeJS.Timeout | undefined;
}

/** ssh2's SFTP client keeps the extensions the server offered in its VERSION packet here. */
function offersPosixRename(sftp: SFTPWrapper): boolean {
  const extensions = (sftp as unknown as { _extensions?: Record<string, string> })._extensions;
  return extensions?.['posix-rename@openssh.com'] === '1';
}

export function where(c: RemoteSftpChannel): string {
  return `sftp://${c.username}@${c.host}:${c.port}`;
}

/** A failure of this channel as the queue must see it; `code` leads the message (attempt logs, dead letters). */
export function remoteError(code: ErrorCode, c: RemoteSftpChannel, what: string, err?: unknown): TransportError {
  const reason = err === undefined ? '' : `: ${err instanceof Error ? err.message : typeof err === 'string' ? err : 'unknown error'}`;
  const transient = code === 'GW_ERR_REMOTE_SFTP_UNREACHABLE' || code === 'GW_ERR_REMOTE_SFTP_TRANSFER';
  return new TransportError(`${code}: ${what} (${where(c)})${reason}`, { transient, cause: err });
}

export class RemoteConnections {
  private readonly entries = new Map<string, Entry>();
  private readonly unpinnedLogged = new Set<string>();
  private readonly logger: Logger;
  private readonly idleMs: number;
  private readonly readyTimeoutMs: number;

  constructor(logger: Logger, options: { idleMs?: number; readyTimeoutMs?: number } = {}) {
    this.logger = logger;
    this.idleMs = options.idleMs ?? 30_000;
    this.readyTimeoutMs = options.readyTimeoutMs ?? 20_000;
  }

  /** Runs `fn` on the channel's connection; an error drops the connection before it is rethrown. */
  async use<T>(key: string, channel: RemoteSftpChannel, fn: (conn: RemoteConnection) => Promise<T>): Promise<T> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { connecting: this.connect(key, channel), users: 0, idle: undefined };
      this.entries.set(key, entry);
    }
    const current = entry;
    current.users++;
    clearTimeout(current.idle);
    try {
      const conn = await current.connecting;
      return await fn(conn);
    } catch (err) {
      this.drop(key, current);
      throw err;
    } finally {
      current.users--;
      if (current.users === 0 && this.entries.get(key) === current) {
        current.idle = setTimeout(() => { this.drop(key, current); }, this.idleMs);
        current.idle.unref();
      }
    }
  }

  async closeAll(): Promise<void> {
    const all = [...this.entries.entries()];
    this.entries.clear();
    await Promise.allSettled(all.map(async ([, e]) => {
      clearTimeout(e.idle);
      const conn = await e.connecting;
      await conn.client.end();
    }));
  }

  private drop(key: string, entry: Entry): void {
    if (this.entries.get(key) === entry) this.entries.delete(key);
    clearTimeout(entry.idle);
    entry.connecting.then((c) => c.client.end(), () => undefined).catch(() => undefined);
  }

  private async connect(key: string, c: RemoteSftpChannel): Promise<RemoteConnection> {
    const log = this.logger.child({ channel: key, remote: where(c) });
    const client = new SftpClient(key, {
      error: (err) => { log.debug({ err: err instanceof Error ? err.message : String(err) }, 'remote sftp connection error'); },
      end: () => undefined,
      close: () => undefined,
    });
    let presented: string | undefined;
    let privateKey: Buffer | undefined;
    if (c.privateKeyPath !== undefined) {
      try {
        privateKey = await readFile(c.privateKeyPath);
      } catch (err) {
        throw remoteError('GW_ERR_REMOTE_SFTP_LOGIN', c, `the private key ${c.privateKeyPath} cannot be read`, err);
      }
    }
    try {
      const sftp = await client.connect({
        host: c.host,
        port: c.port,
        username: c.username,
        ...(c.password !== undefined ? { password: c.password } : {}),
        ...(privateKey !== undefined ? { privateKey } : {}),
        readyTimeout: this.readyTimeoutMs,
        hostVerifier: (hostKey: Buffer) => {
          presented = fingerprintOf(hostKey);
          return c.hostKeySha256 === undefined || c.hostKeySha256.replace(/=$/, '') === presented;
        },
      });
      if (c.hostKeySha256 === undefined && !this.unpinnedLogged.has(key)) {
        this.unpinnedLogged.add(key);
        log.warn({ hostKey: presented }, 'remote sftp host key not pinned (hostKeySha256): any key is accepted; pin this one');
      }
      return { client, posixRename: offersPosixRename(sftp) };
    } catch (err) {
      await client.end().catch(() => undefined);
      if (c.hostKeySha256 !== undefined && presented !== undefined && presented !== c.hostKeySha256.replace(/=$/, '')) {
        throw remoteError('GW_ERR_REMOTE_SFTP_HOST_KEY', c, `the server presented ${presented}, not the pinned ${c.hostKeySha256}`);
      }
      if ((err as { level?: unknown }).level === 'client-authentication' || /authentication/i.test((err as Error).message)) {
        throw remoteError('GW_ERR_REMOTE_SFTP_LOGIN', c, `the server refused the login of ${c.username}`, err);
      }
      throw remoteError('GW_ERR_REMOTE_SFTP_UNREACHABLE', c, 'connecting failed', err);
    }
  }
}
