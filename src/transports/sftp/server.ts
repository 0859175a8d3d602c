/**
 * The built-in SFTP server (ssh2): partners log in with a password or a key from the configuration
 * and see their own home only (vfs.ts). It listens on `sftp.host:sftp.port` (127.0.0.1:2222 by
 * default) and, like the HTTP API, refuses to listen anywhere but loopback while the configuration
 * holds published demo credentials. Only the sftp subsystem is served: shells, commands, other
 * subsystems, agent and X11 forwarding and every kind of port forwarding are refused and logged.
 *
 * Each partner's home is `<data dir>/sftp/<partner id>/` on disk for `inbox/`; `outbox/` is read
 * from the store (outbox.ts). Several gateway processes share the store, but only one of them
 * should run the SFTP server for a data directory.
 */
import { lstat, readFile, unlink } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { Connection, Server as SshServer, Session, SFTPWrapper } from 'ssh2';
import { assertSafeBinding } from '../../config/safety.js';
import type { GatewayConfig, Partner } from '../../config/types.js';
import { makeIssue } from '../../errors/gateway-error.js';
import type { Logger } from '../../observability/logger.js';
import type { PartnerDirectory } from '../../routing/partner-directory.js';
import type { Store } from '../../store/store.js';
import { errorsReport } from '../drop-folder/files.js';
import type { FileIngest } from '../drop-folder/ingest.js';
import { ensureInbox, inboxPaths, settleFile, writeErrors, type InboxPaths } from '../drop-folder/inbox.js';
import { VerdictWatcher, type VerdictDeps } from '../drop-folder/verdict.js';
import { handleLogin, LoginLimiter, type LoginState } from './auth.js';
import { loadOrCreateHostKey, type HostKey } from './host-key.js';
import { OutboxView } from './outbox.js';
import { SftpSession } from './session.js';
import { UploadRegistry } from './uploads.js';
import { advertiseExtensions } from './version.js';

export interface SftpServerDeps {
  readonly config: GatewayConfig;
  readonly directory: PartnerDirectory;
  readonly store: Store;
  /** Stores a file exactly like an HTTP POST (gatewayFileIngest). */
  readonly ingest: FileIngest;
  readonly logger: Logger;
}

export interface SftpServerOptions {
  /** Default: config.sftp.host / config.sftp.port (0: any free port). */
  readonly host?: string;
  readonly port?: number;
  /** Default: config.dataDir; homes live in `<dataDir>/sftp/<partner id>`. */
  readonly dataDir?: string;
  readonly hostKeyPath?: string;
  /** Offer posix-rename@openssh.com (default true); tests turn it off to exercise clients' fallback. */
  readonly posixRename?: boolean;
  /** Unauthenticated connections are closed after this long (default 60 s). */
  readonly loginTimeoutMs?: number;
  readonly verdict?: Pick<VerdictDeps, 'recheckMs' | 'watchMs'>;
  readonly now?: () => number;
}

interface Client {
  readonly conn: Connection;
  readonly sessions: Set<SftpSession>;
}

export class SftpServer {
  private readonly deps: SftpServerDeps;
  private readonly options: SftpServerOptions;
  private readonly limiter: LoginLimiter;
  private readonly uploads = new UploadRegistry();
  private readonly clients = new Set<Client>();
  private readonly completing = new Set<Promise<unknown>>();
  private watcher: VerdictWatcher | undefined;
  private server: SshServer | undefined;
  private key: HostKey | undefined;

  constructor(deps: SftpServerDeps, options: SftpServerOptions = {}) {
    this.deps = deps;
    this.options = options;
    this.limiter = new LoginLimiter({ blockAfter: deps.config.sftp.maxAuthAttempts * 4, ...(options.now ? { now: options.now } : {}) });
  }

  get hostKey(): HostKey | undefined {
    return this.key;
  }

  /** Open connections (authenticated or not). */
  get connections(): number {
    return this.clients.size;
  }

  address(): { host: string; port: number } {
    const a = this.server?.address() as AddressInfo | null | undefined;
    if (!a) throw new Error('the SFTP server is not listening');
    return { host: a.address, port: a.port };
  }

  homeOf(partnerId: string): InboxPaths {
    return inboxPaths(join(this.options.dataDir ?? this.deps.config.dataDir, 'sftp', partnerId, 'inbox'));
  }

  async start(): Promise<{ host: string; port: number }> {
    if (this.server) return this.address();
    const host = this.options.host ?? this.deps.config.sftp.host;
    const port = this.options.port ?? this.deps.config.sftp.port;
    assertSafeBinding(this.deps.config, host);
    this.key = await loadOrCreateHostKey(this.options.hostKeyPath ?? this.deps.config.sftp.hostKeyPath);
    this.watcher = new VerdictWatcher({ store: this.deps.store, logger: this.deps.logger, ...this.options.verdict });
    for (const p of this.deps.directory.all()) {
      if (!p.sftp) continue;
      const paths = this.homeOf(p.id);
      await ensureInbox(paths);
      await this.watcher.resume(paths, p.id);
    }
    const server = new ssh2.Server({ hostKeys: [this.key.privateKey], ident: 'edigw' }, (conn, info) => { this.accept(conn, `${info.ip}:${info.port}`); });
    server.on('error', (err: Error) => { this.deps.logger.error({ err }, 'sftp server error'); });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const bound = this.address();
    this.deps.logger.info({ host: bound.host, port: bound.port, hostKey: this.key.fingerprint, created: this.key.created }, 'sftp server listening');
    return bound;
  }

  /**
   * Stops listening, lets files being stored finish (their clients get their answer), then ends
   * every connection: uploads not yet closed are not ingested. A client that does not let go within
   * `graceMs` has its socket destroyed.
   */
  async stop(graceMs = 5000): Promise<void> {
    const server = this.server;
    this.server = undefined;
    const closed = server ? new Promise<void>((resolve) => server.close(() => { resolve(); })) : Promise.resolve();
    await Promise.allSettled([...this.completing]);
    for (const c of this.clients) c.conn.end();
    const timer = setTimeout(() => {
      // ssh2 offers no destroy() on a server-side connection; its socket is the way to cut it.
      for (const c of this.clients) (c.conn as unknown as { _sock?: { destroy(): void } })._sock?.destroy();
    }, graceMs);
    await closed;
    clearTimeout(timer);
    await Promise.allSettled([...this.clients].flatMap((c) => [...c.sessions].map((s) => s.dispose())));
    this.clients.clear();
    await this.watcher?.stop();
  }

  private accept(conn: Connection, remote: string): void {
    const log = this.deps.logger.child({ remote });
    const client: Client = { conn, sessions: new Set() };
    this.clients.add(client);
    const state: LoginState = { failures: 0, partner: undefined, username: undefined };
    const loginTimer = setTimeout(() => {
      log.info('sftp connection closed: no login in time');
      conn.end();
    }, this.options.loginTimeoutMs ?? 60_000);
    const loginDeps = { directory: this.deps.directory, limiter: this.limiter, maxAttempts: this.deps.config.sftp.maxAuthAttempts, logger: log };

    conn.on('authentication', (ctx) => {
      handleLogin(loginDeps, ctx, state, remote, () => conn.end()).catch((err: unknown) => {
        log.error({ err }, 'sftp login check failed');
        ctx.reject([]);
      });
    });
    conn.on('ready', () => { clearTimeout(loginTimer); });
    conn.on('session', (acceptSession) => {
      const session = acceptSession();
      const partner = state.partner;
      if (!partner) {
        session.close();
        return;
      }
      this.serveSession(session, partner, state.username ?? '', remote, client, log);
    });
    conn.on('tcpip', (_accept, reject, info) => {
      log.warn({ code: 'GW_ERR_SFTP_REFUSED', partner: state.partner?.id, to: `${info.destIP}:${info.destPort}` }, 'sftp: port forwarding refused');
      reject();
    });
    conn.on('openssh.streamlocal', (_accept, reject) => {
      log.warn({ code: 'GW_ERR_SFTP_REFUSED', partner: state.partner?.id }, 'sftp: socket forwarding refused');
      reject();
    });
    conn.on('request', (_accept, reject, name) => {
      log.warn({ code: 'GW_ERR_SFTP_REFUSED', partner: state.partner?.id, request: name }, 'sftp: forwarding request refused');
      reject?.();
    });
    conn.on('error', (err) => { log.debug({ err: err.message }, 'sftp connection error'); });
    conn.on('close', () => {
      clearTimeout(loginTimer);
      for (const s of client.sessions) void s.dispose();
      this.clients.delete(client);
    });
  }

  private serveSession(session: Session, partner: Partner, username: string, remote: string, client: Client, connLog: Logger): void {
    const log = connLog.child({ partner: partner.id, user: username });
    const refuse = (what: string) => (_accept: unknown, reject: () => void): void => {
      log.warn({ code: 'GW_ERR_SFTP_REFUSED', request: what }, `sftp: ${what} refused; only the sftp subsystem is served`);
      reject();
    };
    session.on('shell', refuse('shell'));
    session.on('exec', refuse('exec'));
    session.on('pty', refuse('pty'));
    session.on('x11', refuse('x11 forwarding'));
    session.on('auth-agent', refuse('agent forwarding'));
    session.on('subsystem', (_accept, reject, info) => { refuse(`subsystem ${info.name.slice(0, 64)}`)(_accept, reject); });
    session.on('sftp', (acceptSftp) => {
      const sftp: SFTPWrapper = acceptSftp();
      if (this.options.posixRename !== false) advertiseExtensions(sftp, { 'posix-rename@openssh.com': '1' });
      const paths = this.homeOf(partner.id);
      const s = new SftpSession(sftp, {
        partner,
        paths,
        outbox: new OutboxView(this.deps.store, partner.id),
        uploads: this.uploads,
        maxFileBytes: this.deps.config.sftp.maxFileBytes,
        logger: log,
        complete: (name, payload) => this.track(this.complete(partner, username, remote, paths, name, payload, log)),
        refuseOversize: (name, size) => this.refuseOversize(paths, name, size),
      });
      client.sessions.add(s);
      const end = (): void => {
        client.sessions.delete(s);
        void s.dispose();
      };
      // The client sent EOF (OpenSSH's sftp at the end of a batch): close our side, or its ssh waits for us.
      sftp.once('end', () => {
        end();
        sftp.end();
      });
      sftp.once('close', end);
    });
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.completing.add(p);
    void p.finally(() => this.completing.delete(p)).catch(() => undefined);
    return p;
  }

  /** Stores `inbox/<name>` through the gateway's ingest and moves it aside; answers whether it is stored. */
  private async complete(partner: Partner, username: string, remote: string, paths: InboxPaths, name: string, captured: Buffer | undefined, log: Logger): Promise<{ ok: boolean; message?: string }> {
    let payload = captured;
    if (payload === undefined) {
      const file = join(paths.inbox, name);
      const st = await lstat(file);
      if (!st.isFile()) return { ok: false, message: 'no such file' };
      const max = this.deps.config.sftp.maxFileBytes;
      if (st.size > max) {
        await this.refuseOversize(paths, name, st.size);
        return { ok: false, message: `GW_ERR_FILE_TOO_LARGE: files may be at most ${max} bytes` };
      }
      payload = await readFile(file);
    }
    let result;
    try {
      result = await this.deps.ingest({ partnerId: partner.id, channel: 'sftp', filename: name, payload, eventData: { sftpUser: username, remoteAddress: remote } });
    } catch (err) {
      log.error({ code: 'GW_ERR_FILE_STORE_FAILED', file: name, err }, 'sftp upload could not be stored; it stays in inbox/ and the client was told');
      return { ok: false, message: 'GW_ERR_FILE_STORE_FAILED: the gateway could not store the file; it was not accepted, upload it again' };
    }
    let movedTo = name;
    try {
      const settled = await settleFile(paths, name, result);
      movedTo = settled.name;
      if (result.outcome === 'accepted') {
        this.watcher?.watch({ messageId: result.id, partnerId: partner.id, paths, name: settled.name, original: name, since: Date.now() });
      }
      log.info({ file: name, outcome: result.outcome, messageId: 'id' in result ? result.id : undefined, movedTo: `${settled.where}/${settled.name}` }, 'sftp upload ingested');
    } catch (err) {
      log.warn({ file: name, outcome: result.outcome, err }, 'sftp upload answered, but could not be moved out of inbox/');
    }
    // CLOSE succeeds exactly when the file is stored (a duplicate is stored too, as the record of a resend).
    if (result.outcome !== 'refused') return { ok: true };
    const first = result.findings[0];
    return { ok: false, message: `${first ? `${first.code}: ${first.text}` : 'refused'} (see inbox/.rejected/${movedTo}.errors.txt)` };
  }

  private async refuseOversize(paths: InboxPaths, name: string, size: number): Promise<void> {
    const max = this.deps.config.sftp.maxFileBytes;
    await unlink(join(paths.inbox, name)).catch(() => undefined);
    const finding = makeIssue('GW_ERR_FILE_TOO_LARGE', `the file has at least ${size} bytes; files may be at most ${max} bytes (sftp.maxFileBytes); it was removed and not accepted`);
    await writeErrors(paths.rejected, name, errorsReport({ file: name, at: new Date(), verdict: 'refused: nothing was stored', findings: [finding] }));
  }
}
