/**
 * Remote SFTP channels (channel type `remote-sftp`): the partner runs the SFTP server.
 *
 * Push: each delivery is uploaded as `<remoteDir>/.<name>.part` and renamed to `<remoteDir>/<name>`
 * (the outbox name pattern), with posix-rename@openssh.com where the server offers it: a plain
 * SFTPv3 RENAME fails over an existing file, and the partner's side must never see a half-written
 * file under its final name. One attempt per `send`; the deliver queue owns retries.
 *
 * Poll: every `pollIntervalSeconds` the gateway lists `pollDir`, takes files two listings found
 * unchanged (stable.ts), stores each exactly like an HTTP POST, and only then deletes it (stored or
 * collected before) or moves it to `<pollDir>/.rejected/` with `.errors.txt` (refused, duplicate).
 * A file that cannot be moved stays where it is: the partner's file never vanishes unstored.
 */
import { posix } from 'node:path';
import type { Partner, RemoteSftpChannel } from '../../config/types.js';
import { makeIssue } from '../../errors/gateway-error.js';
import type { Logger } from '../../observability/logger.js';
import type { PartnerDirectory } from '../../routing/partner-directory.js';
import { ERRORS_SUFFIX, errorsReport, isIgnoredName, outboxFileName, REJECTED_DIR } from '../drop-folder/files.js';
import type { FileIngest, FileIngestResult } from '../drop-folder/ingest.js';
import { verdictOf } from '../drop-folder/inbox.js';
import { collectedFileKey, StabilityTracker, type Sighting } from '../drop-folder/stable.js';
import { isTransportError, TransportError, type OutgoingDelivery, type PollRequest, type PollResult, type SendResult, type Transport } from '../types.js';
import { RemoteConnections, remoteError, where, type RemoteConnection } from './connection.js';

export interface RemoteSftpDeps {
  readonly directory: PartnerDirectory;
  readonly ingest: FileIngest;
  readonly logger: Logger;
  /** Larger files are not collected (config sftp.maxFileBytes). */
  readonly maxFileBytes: number;
}

export interface RemoteSftpOptions {
  /** Poll every channel with a pollDir on its interval (default true); tests call `poll` instead. */
  readonly timers?: boolean;
  /** Close a connection after this long unused (default 30 s). */
  readonly idleMs?: number;
  readonly readyTimeoutMs?: number;
}

interface Poller {
  readonly partner: Partner;
  readonly name: string;
  readonly channel: RemoteSftpChannel & { readonly pollDir: string };
  readonly tracker: StabilityTracker;
  /** Refused files whose move to .rejected/ failed: not collected again while unchanged. */
  readonly stuck: Map<string, Sighting>;
  run: Promise<string[]> | undefined;
  timer: NodeJS.Timeout | undefined;
}

const key = (partnerId: string, channelName: string): string => `${partnerId}/${channelName}`;

export class RemoteSftpTransport implements Transport {
  readonly channel = 'remote-sftp' as const;
  private readonly deps: RemoteSftpDeps;
  private readonly options: RemoteSftpOptions;
  private readonly connections: RemoteConnections;
  private readonly pollers: Poller[] = [];
  private running = false;

  constructor(deps: RemoteSftpDeps, options: RemoteSftpOptions = {}) {
    this.deps = deps;
    this.options = options;
    this.connections = new RemoteConnections(deps.logger, { ...(options.idleMs !== undefined ? { idleMs: options.idleMs } : {}), ...(options.readyTimeoutMs !== undefined ? { readyTimeoutMs: options.readyTimeoutMs } : {}) });
    for (const partner of deps.directory.all()) {
      for (const [name, c] of Object.entries(partner.channels)) {
        if (c.type !== 'remote-sftp' || c.pollDir === undefined) continue;
        this.pollers.push({ partner, name, channel: { ...c, pollDir: c.pollDir }, tracker: new StabilityTracker(), stuck: new Map(), run: undefined, timer: undefined });
      }
    }
  }

  start(): Promise<void> {
    if (this.running) return Promise.resolve();
    this.running = true;
    if (this.options.timers !== false) for (const p of this.pollers) this.schedule(p);
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const p of this.pollers) clearTimeout(p.timer);
    await Promise.allSettled(this.pollers.flatMap((p) => (p.run ? [p.run] : [])));
    await this.connections.closeAll();
  }

  async send(d: OutgoingDelivery): Promise<SendResult> {
    const c = d.channel;
    if (c.type !== 'remote-sftp') throw new TransportError(`channel ${d.channelName} of ${d.destination.id} is not a remote SFTP channel`, { transient: false });
    const name = outboxFileName(d);
    const final = posix.join(c.remoteDir, name);
    const temporary = posix.join(c.remoteDir, `.${name}.part`);
    return this.connections.use(key(d.destination.id, d.channelName), c, async (conn) => {
      try {
        await conn.client.put(d.payload, temporary);
        await this.renameIntoPlace(conn, temporary, final, d.payload.length);
      } catch (err) {
        if (isTransportError(err)) throw err;
        await conn.client.delete(temporary, true).catch(() => undefined);
        throw remoteError('GW_ERR_REMOTE_SFTP_TRANSFER', c, `uploading ${final} failed`, err);
      }
      return { outcome: 'delivered', detail: `${where(c)}${final} (${conn.posixRename ? 'posix-rename' : 'rename'})` };
    });
  }

  /**
   * posix-rename replaces the target atomically. Without it, an existing target can only be the
   * same delivery from an earlier attempt whose success was never recorded: the same size means it
   * is there already; otherwise it is replaced (delete, then rename: the one moment the final name
   * is missing, never half-written).
   */
  private async renameIntoPlace(conn: RemoteConnection, temporary: string, final: string, size: number): Promise<void> {
    if (conn.posixRename) {
      await conn.client.posixRename(temporary, final);
      return;
    }
    try {
      await conn.client.rename(temporary, final);
    } catch (err) {
      const existing = await conn.client.stat(final).catch(() => undefined);
      if (!existing) throw err;
      if (existing.size === size) {
        await conn.client.delete(temporary, true);
        return;
      }
      await conn.client.delete(final, true);
      await conn.client.rename(temporary, final);
    }
  }

  async poll(req: PollRequest): Promise<PollResult> {
    const ingested: string[] = [];
    for (const p of this.pollers.filter((x) => x.partner.id === req.partnerId)) ingested.push(...(await this.pollOnce(p)));
    return { deliveries: [], ingested };
  }

  private schedule(p: Poller): void {
    p.timer = setTimeout(() => {
      this.pollOnce(p).catch(() => undefined).finally(() => {
        if (this.running) this.schedule(p);
      });
    }, p.channel.pollIntervalSeconds * 1000);
    p.timer.unref();
  }

  private async pollOnce(p: Poller): Promise<string[]> {
    while (p.run) await p.run.catch(() => undefined);
    const log = this.deps.logger.child({ partner: p.partner.id, channel: p.name, remote: where(p.channel) });
    p.run = this.connections.use(key(p.partner.id, p.name), p.channel, (conn) => this.collectAll(p, conn, log)).catch((err: unknown) => {
      log.warn({ code: isTransportError(err) ? err.message.split(':', 1)[0] : 'GW_ERR_REMOTE_SFTP_UNREACHABLE', err: err instanceof Error ? err.message : String(err) }, 'remote sftp poll failed; tried again at the next interval');
      return [];
    }).finally(() => {
      p.run = undefined;
    });
    return p.run;
  }

  private async collectAll(p: Poller, conn: RemoteConnection, log: Logger): Promise<string[]> {
    const listing = await conn.client.list(p.channel.pollDir);
    const current = new Map<string, Sighting>();
    for (const f of listing) {
      if (f.type !== '-' || isIgnoredName(f.name)) continue;
      const seen = { size: f.size, mtimeMs: f.modifyTime };
      const stuck = p.stuck.get(f.name);
      if (stuck && stuck.size === seen.size && stuck.mtimeMs === seen.mtimeMs) continue;
      current.set(f.name, seen);
    }
    const ids: string[] = [];
    for (const name of p.tracker.settle(current)) {
      const id = await this.collect(p, conn, name, current.get(name)!, log);
      if (id !== undefined) ids.push(id);
    }
    return ids;
  }

  private async collect(p: Poller, conn: RemoteConnection, name: string, seen: Sighting, log: Logger): Promise<string | undefined> {
    const path = posix.join(p.channel.pollDir, name);
    let result: FileIngestResult;
    if (seen.size > this.deps.maxFileBytes) {
      result = { outcome: 'refused', findings: [makeIssue('GW_ERR_FILE_TOO_LARGE', `the file has ${seen.size} bytes; files may be at most ${this.deps.maxFileBytes} bytes (sftp.maxFileBytes)`)] };
    } else {
      const payload = await conn.client.get(path) as Buffer;
      // Changed between listing and reading: not complete after all; the next polls look again.
      if (payload.length !== seen.size) return undefined;
      try {
        result = await this.deps.ingest({
          partnerId: p.partner.id, channel: 'remote-sftp', filename: name, payload,
          idempotencyKey: collectedFileKey(`${where(p.channel)}${p.channel.pollDir}`, name, seen, payload),
          eventData: { channel: p.name, remote: where(p.channel) },
        });
      } catch (err) {
        log.error({ code: 'GW_ERR_FILE_STORE_FAILED', file: name, err }, 'collected file could not be stored; it stays on the partner\'s server and is collected again');
        return undefined;
      }
    }
    p.tracker.forget(name);
    const id = 'id' in result ? result.id : undefined;
    try {
      if (result.outcome === 'accepted' || result.outcome === 'replay') {
        await conn.client.delete(path, true);
      } else {
        await this.moveAside(conn, p.channel.pollDir, name, result);
      }
      log.info({ file: name, outcome: result.outcome, messageId: id }, 'remote sftp file collected');
    } catch (err) {
      if (result.outcome === 'refused') p.stuck.set(name, seen);
      log.warn({ code: 'GW_ERR_REMOTE_SFTP_TRANSFER', file: name, outcome: result.outcome, messageId: id, err: (err as Error).message },
        result.outcome === 'refused' ? 'refused file could not be moved to .rejected/; it stays and is not collected again while unchanged' : 'collected file could not be removed from the partner\'s server; the next poll recognises it');
    }
    return id;
  }

  private async moveAside(conn: RemoteConnection, dir: string, name: string, result: FileIngestResult & { outcome: 'duplicate' | 'refused' }): Promise<void> {
    const rejected = posix.join(dir, REJECTED_DIR);
    if (!(await conn.client.exists(rejected))) await conn.client.mkdir(rejected);
    const target = posix.join(rejected, name);
    if (conn.posixRename) await conn.client.posixRename(posix.join(dir, name), target);
    else {
      await conn.client.delete(target, true);
      await conn.client.rename(posix.join(dir, name), target);
    }
    const report = errorsReport({ file: name, at: new Date(), verdict: verdictOf(result), findings: result.findings, ...(result.outcome === 'duplicate' ? { messageId: result.id } : {}) });
    await conn.client.put(Buffer.from(report), `${target}${ERRORS_SUFFIX}`);
  }
}
