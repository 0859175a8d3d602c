/**
 * Local drop folders (channel type `folder`): a directory on the gateway's host, often a shared
 * disk, with the same semantics as the built-in SFTP server. Files the partner leaves in
 * `<path>/inbox/` are collected once complete (stable.ts), stored exactly like an HTTP POST and
 * moved to `inbox/.processed/` or `inbox/.rejected/` (with `.errors.txt`); deliveries are written
 * to `<path>/outbox/` under the outbox name pattern, whole or not at all (temporary dot-name, then
 * rename), and count as delivered once renamed into place.
 */
import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Partner } from '../../config/types.js';
import { makeIssue } from '../../errors/gateway-error.js';
import type { Logger } from '../../observability/logger.js';
import type { PartnerDirectory } from '../../routing/partner-directory.js';
import type { Store } from '../../store/store.js';
import { TransportError, type OutgoingDelivery, type PollRequest, type PollResult, type SendResult, type Transport } from '../types.js';
import { isIgnoredName, outboxFileName, PROCESSED_DIR, REJECTED_DIR } from './files.js';
import type { FileIngest } from './ingest.js';
import { ensureInbox, inboxPaths, settleFile, writeAtomically, type InboxPaths } from './inbox.js';
import { collectedFileKey, StabilityTracker, type Sighting } from './stable.js';
import { VerdictWatcher, type VerdictDeps } from './verdict.js';

export interface DropFolderDeps {
  readonly directory: PartnerDirectory;
  readonly store: Store;
  readonly ingest: FileIngest;
  readonly logger: Logger;
  /** Larger files are refused (config sftp.maxFileBytes). */
  readonly maxFileBytes: number;
}

export interface DropFolderOptions {
  /**
   * Collect: scan every folder on its pollIntervalSeconds and follow stored files to their verdict
   * (default true). False: deliver only (a worker process), or tests calling `poll` themselves.
   */
  readonly timers?: boolean;
  readonly verdict?: Pick<VerdictDeps, 'recheckMs' | 'watchMs'>;
}

interface Folder {
  readonly partner: Partner;
  readonly name: string;
  readonly path: string;
  readonly paths: InboxPaths;
  readonly intervalMs: number;
  readonly tracker: StabilityTracker;
  /** Names already reported as links or special files, so the log says it once. */
  readonly warned: Set<string>;
  scan: Promise<string[]> | undefined;
  timer: NodeJS.Timeout | undefined;
}

export class DropFolderTransport implements Transport {
  readonly channel = 'folder' as const;
  private readonly deps: DropFolderDeps;
  private readonly options: DropFolderOptions;
  private readonly folders: Folder[] = [];
  private watcher: VerdictWatcher | undefined;
  private running = false;

  constructor(deps: DropFolderDeps, options: DropFolderOptions = {}) {
    this.deps = deps;
    this.options = options;
    for (const partner of deps.directory.all()) {
      for (const [name, c] of Object.entries(partner.channels)) {
        if (c.type !== 'folder') continue;
        const paths = inboxPaths(join(c.path, 'inbox'));
        this.folders.push({ partner, name, path: c.path, paths, intervalMs: c.pollIntervalSeconds * 1000, tracker: new StabilityTracker(), warned: new Set(), scan: undefined, timer: undefined });
      }
    }
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.watcher = new VerdictWatcher({ store: this.deps.store, logger: this.deps.logger, ...this.options.verdict });
    for (const f of this.folders) {
      try {
        await ensureInbox(f.paths);
        await mkdir(join(f.path, 'outbox'), { recursive: true, mode: 0o750 });
        // Only a collecting process carries on watching what a previous run stored.
        if (this.options.timers !== false) await this.watcher.resume(f.paths, f.partner.id);
      } catch (err) {
        this.deps.logger.warn({ code: 'GW_ERR_DROP_FOLDER_UNAVAILABLE', partner: f.partner.id, channel: f.name, path: f.path, err }, 'drop folder cannot be prepared; it is tried again at every scan');
      }
      if (this.options.timers !== false) this.schedule(f);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const f of this.folders) clearTimeout(f.timer);
    await Promise.allSettled(this.folders.flatMap((f) => (f.scan ? [f.scan] : [])));
    await this.watcher?.stop();
  }

  async send(d: OutgoingDelivery): Promise<SendResult> {
    if (d.channel.type !== 'folder') throw new TransportError(`channel ${d.channelName} of ${d.destination.id} is not a folder`, { transient: false });
    const dir = join(d.channel.path, 'outbox');
    const name = outboxFileName({ id: d.id, documentType: d.documentType, format: d.format, contentType: d.contentType });
    try {
      await mkdir(dir, { recursive: true, mode: 0o750 });
      // A repeated attempt (a crash before the attempt was recorded) writes the same name again.
      await writeAtomically(join(dir, name), dir, d.payload);
    } catch (err) {
      throw new TransportError(`GW_ERR_DROP_FOLDER_UNAVAILABLE: writing ${name} into ${dir} failed: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { transient: true, cause: err });
    }
    return { outcome: 'delivered', detail: join(dir, name) };
  }

  /** Scans the partner's folders once and returns the ids of the messages collected. */
  async poll(req: PollRequest): Promise<PollResult> {
    const ingested: string[] = [];
    for (const f of this.folders.filter((x) => x.partner.id === req.partnerId)) ingested.push(...(await this.scanOnce(f)));
    return { deliveries: [], ingested };
  }

  private schedule(f: Folder): void {
    f.timer = setTimeout(() => {
      this.scanOnce(f).catch(() => undefined).finally(() => {
        if (this.running) this.schedule(f);
      });
    }, f.intervalMs);
    f.timer.unref();
  }

  /** One scan at a time per folder; a poll during a timer scan waits for it, then scans again. */
  private async scanOnce(f: Folder): Promise<string[]> {
    while (f.scan) await f.scan.catch(() => undefined);
    f.scan = this.scan(f).finally(() => {
      f.scan = undefined;
    });
    return f.scan;
  }

  private async scan(f: Folder): Promise<string[]> {
    const log = this.deps.logger.child({ partner: f.partner.id, channel: f.name });
    let entries;
    try {
      await ensureInbox(f.paths);
      entries = await readdir(f.paths.inbox, { withFileTypes: true });
    } catch (err) {
      log.warn({ code: 'GW_ERR_DROP_FOLDER_UNAVAILABLE', path: f.paths.inbox, err: (err as Error).message }, 'drop folder cannot be read');
      return [];
    }
    const current = new Map<string, Sighting>();
    for (const e of entries) {
      if (isIgnoredName(e.name) || e.name === PROCESSED_DIR || e.name === REJECTED_DIR) continue;
      if (!e.isFile()) {
        if (!f.warned.has(e.name)) log.warn({ code: 'GW_ERR_FILE_NOT_REGULAR', file: e.name }, 'not a regular file; never followed or collected');
        f.warned.add(e.name);
        continue;
      }
      const st = await lstat(join(f.paths.inbox, e.name)).catch(() => undefined);
      if (st?.isFile()) current.set(e.name, { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino });
    }
    const ids: string[] = [];
    for (const name of f.tracker.settle(current)) {
      const id = await this.collect(f, name, current.get(name)!, log);
      if (id !== undefined) ids.push(id);
    }
    return ids;
  }

  private async collect(f: Folder, name: string, seen: Sighting, log: Logger): Promise<string | undefined> {
    const file = join(f.paths.inbox, name);
    if (seen.size > this.deps.maxFileBytes) {
      const finding = makeIssue('GW_ERR_FILE_TOO_LARGE', `the file has ${seen.size} bytes; files may be at most ${this.deps.maxFileBytes} bytes (sftp.maxFileBytes)`);
      await settleFile(f.paths, name, { outcome: 'refused', findings: [finding] });
      f.tracker.forget(name);
      log.warn({ code: 'GW_ERR_FILE_TOO_LARGE', file: name, size: seen.size }, 'drop folder file too large; moved to .rejected/');
      return undefined;
    }
    let payload: Buffer;
    const fh = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => undefined);
    if (!fh) return undefined;
    try {
      payload = await fh.readFile();
      const after = await fh.stat();
      // Written to while we read it: not complete after all; the next scans look again.
      if (after.size !== seen.size || after.mtimeMs !== seen.mtimeMs) return undefined;
    } finally {
      await fh.close();
    }
    let result;
    try {
      result = await this.deps.ingest({
        partnerId: f.partner.id, channel: 'folder', filename: name, payload,
        idempotencyKey: collectedFileKey(f.path, name, seen, payload),
        eventData: { folder: f.name },
      });
    } catch (err) {
      log.error({ code: 'GW_ERR_FILE_STORE_FAILED', file: name, err }, 'drop folder file could not be stored; it stays and is collected again');
      return undefined;
    }
    f.tracker.forget(name);
    const settled = await settleFile(f.paths, name, result);
    if (result.outcome === 'accepted') {
      this.watcher?.watch({ messageId: result.id, partnerId: f.partner.id, paths: f.paths, name: settled.name, original: name, since: Date.now() });
    }
    log.info({ file: name, outcome: result.outcome, messageId: 'id' in result ? result.id : undefined, movedTo: `${settled.where}/${settled.name}` }, 'drop folder file collected');
    return 'id' in result ? result.id : undefined;
  }
}

export { gatewayFileIngest, type FileIngest, type FileIngestInput, type FileIngestResult } from './ingest.js';
