/**
 * One partner's SFTP session: answers the SFTP requests of one channel against the virtual file
 * system of vfs.ts. What a partner can do:
 *
 * - `inbox/`: upload (a file counts as uploaded when the client closes it; see `closeFile`), read,
 *   rename within `inbox/` (SFTPv3 RENAME refuses an existing target; posix-rename@openssh.com
 *   replaces it), remove; set attributes is accepted and ignored.
 * - `inbox/.processed/`, `inbox/.rejected/`: read and remove.
 * - `outbox/`: list, read, remove (= acknowledge).
 * - nothing else: no directories, links, or writes anywhere but `inbox/`.
 */
import { constants } from 'node:fs';
import { lstat, open, rename, link, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { Attributes, FileEntry, SFTPWrapper } from 'ssh2';
import type { Partner } from '../../config/types.js';
import type { Logger } from '../../observability/logger.js';
import { isIgnoredName } from '../drop-folder/files.js';
import type { InboxPaths } from '../drop-folder/inbox.js';
import { entry, listInboxDir, outboxPages } from './listing.js';
import { busy, denied, failure, noSuchFile, readString, Refusal, statusFor } from './refusal.js';
import type { OutboxView } from './outbox.js';
import type { Upload, UploadRegistry } from './uploads.js';
import { dirAttrs, fileAttrs, normalizePath, pathOf, resolvePath, type VNode } from './vfs.js';

const { OPEN_MODE, STATUS_CODE } = ssh2.utils.sftp;
const MAX_HANDLES = 64;
/** Uploads up to this size are kept in memory as they are written, for the ingest at close. */
const CAPTURE_LIMIT = 1024 * 1024;
const MAX_READ = 256 * 1024;
const DIR_CHUNK = 100;

export interface SessionContext {
  readonly partner: Partner;
  readonly paths: InboxPaths;
  readonly outbox: OutboxView;
  readonly uploads: UploadRegistry;
  readonly maxFileBytes: number;
  /** Carries partner, user and remote address. */
  readonly logger: Logger;
  /**
   * Stores `inbox/<name>` (already claimed) and moves it aside; `message` says why not, when it
   * could not. `payload`: the file's bytes when the session has them (else they are read back).
   */
  readonly complete: (name: string, payload?: Buffer) => Promise<{ readonly ok: boolean; readonly message?: string }>;
  /** `inbox/<name>` grew past the limit: it is removed and its `.errors.txt` put in `.rejected/`. */
  readonly refuseOversize: (name: string, size: number) => Promise<void>;
}

type Handle =
  | { readonly kind: 'file'; readonly fh: FileHandle; readonly writable: boolean; readonly append: boolean; readonly upload: Upload | undefined; readonly pending: Set<Promise<unknown>> }
  | { readonly kind: 'memory'; readonly data: Buffer; readonly mtimeMs: number }
  | { readonly kind: 'dir'; entries: FileEntry[]; more: (() => Promise<FileEntry[] | null>) | undefined };

export class SftpSession {
  private readonly ctx: SessionContext;
  private readonly sftp: SFTPWrapper;
  private readonly handles = new Map<number, Handle>();
  private nextHandle = 1;
  private closed = false;

  constructor(sftp: SFTPWrapper, ctx: SessionContext) {
    this.sftp = sftp;
    this.ctx = ctx;
    sftp.on('OPEN', (id, path, flags) => { this.run(id, () => this.openFile(id, path, flags)); });
    sftp.on('READ', (id, h, offset, len) => { this.run(id, () => this.read(id, h, offset, len)); });
    sftp.on('WRITE', (id, h, offset, data) => { this.run(id, () => this.write(id, h, offset, data)); });
    sftp.on('FSTAT', (id, h) => { this.run(id, () => this.fstat(id, h)); });
    sftp.on('FSETSTAT', (id, h) => { this.run(id, () => { this.handle(h); this.ok(id); return Promise.resolve(); }); });
    sftp.on('CLOSE', (id, h) => { this.run(id, () => this.closeHandle(id, h)); });
    sftp.on('OPENDIR', (id, path) => { this.run(id, () => this.openDir(id, path)); });
    sftp.on('READDIR', (id, h) => { this.run(id, () => this.readDir(id, h)); });
    sftp.on('STAT', (id, path) => { this.run(id, () => this.stat(id, path)); });
    sftp.on('LSTAT', (id, path) => { this.run(id, () => this.stat(id, path)); });
    sftp.on('SETSTAT', (id, path) => { this.run(id, () => this.setStat(id, path)); });
    sftp.on('REALPATH', (id, path) => { this.run(id, () => this.realPath(id, path)); });
    sftp.on('REMOVE', (id, path) => { this.run(id, () => this.remove(id, path)); });
    sftp.on('RENAME', (id, from, to) => { this.run(id, () => this.rename(id, from, to, false)); });
    sftp.on('EXTENDED', (id, name, data) => { this.run(id, () => this.extended(id, name, data)); });
    sftp.on('MKDIR', (id, path) => { this.run(id, () => Promise.reject(this.refuse('MKDIR', path, 'directories cannot be created; upload files into /inbox'))); });
    sftp.on('RMDIR', (id, path) => { this.run(id, () => Promise.reject(this.refuse('RMDIR', path, 'directories cannot be removed'))); });
    sftp.on('SYMLINK', (id, target, path) => { this.run(id, () => Promise.reject(this.refuse('SYMLINK', `${path} -> ${target}`, 'links are not allowed'))); });
    sftp.on('READLINK', (id) => { this.run(id, () => Promise.reject(new Refusal(STATUS_CODE.NO_SUCH_FILE, 'there are no links here'))); });
  }

  /** The channel ended: open files are closed, and an upload that was never closed is never ingested. */
  async dispose(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const h of this.handles.values()) {
      if (h.kind !== 'file') continue;
      await Promise.allSettled([...h.pending]);
      await h.fh.close().catch(() => undefined);
      if (h.upload) {
        this.ctx.uploads.release(h.upload);
        this.ctx.logger.info({ file: h.upload.name, bytes: h.upload.size }, 'sftp upload cut off before the client closed it; not ingested');
      }
    }
    this.handles.clear();
  }

  private run(id: number, fn: () => Promise<void>): void {
    fn().catch((err: unknown) => {
      const [status, message, internal] = statusFor(err);
      if (internal) this.ctx.logger.error({ err }, 'sftp request failed inside the gateway');
      this.reply(id, status, message);
    });
  }

  private reply(id: number, status: number, message?: string): void {
    if (this.closed) return;
    try {
      this.sftp.status(id, status, message);
    } catch {
      // The channel went away while we worked; nobody is waiting for the answer.
    }
  }

  private ok(id: number): void {
    this.reply(id, STATUS_CODE.OK);
  }

  private refuse(op: string, path: string, why: string): Refusal {
    this.ctx.logger.info({ code: 'GW_ERR_SFTP_REFUSED', op, path: path.slice(0, 512) }, `sftp request refused: ${why}`);
    return denied(why);
  }

  private handle(raw: Buffer): Handle {
    const h = raw.length === 4 ? this.handles.get(raw.readUInt32BE(0)) : undefined;
    if (!h) throw failure('invalid handle');
    return h;
  }

  private addHandle(id: number, h: Handle): void {
    const n = this.nextHandle++;
    this.handles.set(n, h);
    const raw = Buffer.alloc(4);
    raw.writeUInt32BE(n >>> 0, 0);
    this.sftp.handle(id, raw);
  }

  private diskPath(node: VNode): string | undefined {
    if (node.kind === 'inbox-file') return join(this.ctx.paths.inbox, node.name);
    if (node.kind === 'aside-file') return join(node.where === 'processed' ? this.ctx.paths.processed : this.ctx.paths.rejected, node.name);
    return undefined;
  }

  private async openFile(id: number, path: string, flags: number): Promise<void> {
    if (this.handles.size >= MAX_HANDLES) throw failure(`at most ${MAX_HANDLES} open files per session`);
    const node = resolvePath(path);
    const wantsWrite = (flags & (OPEN_MODE.WRITE | OPEN_MODE.APPEND | OPEN_MODE.CREAT | OPEN_MODE.TRUNC)) !== 0;
    if (node.kind === 'outbox-file') {
      if (wantsWrite) throw this.refuse('OPEN', path, 'the outbox is read-only; delete a file to acknowledge it');
      const d = await this.ctx.outbox.find(node.name);
      const data = d ? await this.ctx.outbox.read(d) : undefined;
      if (!d || !data) throw noSuchFile();
      this.addHandle(id, { kind: 'memory', data, mtimeMs: Date.parse(d.createdAt) });
      return;
    }
    const disk = this.diskPath(node);
    if (disk === undefined) {
      if (wantsWrite) throw this.refuse('OPEN', path, 'files can only be uploaded into /inbox');
      throw node.kind === 'none' ? noSuchFile() : failure('that is a directory');
    }
    if (!wantsWrite) {
      const fh = await open(disk, constants.O_RDONLY | constants.O_NOFOLLOW);
      if (!(await fh.stat()).isFile()) {
        await fh.close();
        throw noSuchFile();
      }
      this.addHandle(id, { kind: 'file', fh, writable: false, append: false, upload: undefined, pending: new Set() });
      return;
    }
    if (node.kind !== 'inbox-file') throw this.refuse('OPEN', path, `${pathOf(node)} is read-only; upload into /inbox`);
    const upload = this.ctx.uploads.open(disk, node.name);
    if (!upload) throw busy(node.name);
    try {
      let mode = constants.O_NOFOLLOW | ((flags & OPEN_MODE.READ) !== 0 ? constants.O_RDWR : constants.O_WRONLY);
      if ((flags & OPEN_MODE.CREAT) !== 0) mode |= constants.O_CREAT;
      if ((flags & OPEN_MODE.TRUNC) !== 0) mode |= constants.O_TRUNC;
      if ((flags & OPEN_MODE.EXCL) !== 0) mode |= constants.O_EXCL;
      if ((flags & OPEN_MODE.APPEND) !== 0) mode |= constants.O_APPEND;
      const fh = await open(disk, mode, 0o640);
      const st = await fh.stat();
      if (!st.isFile()) {
        await fh.close();
        throw noSuchFile();
      }
      upload.size = st.size;
      upload.chunks = st.size === 0 && (flags & OPEN_MODE.APPEND) === 0 ? [] : undefined;
      this.addHandle(id, { kind: 'file', fh, writable: true, append: (flags & OPEN_MODE.APPEND) !== 0, upload, pending: new Set() });
    } catch (err) {
      this.ctx.uploads.release(upload);
      throw err;
    }
  }

  private async read(id: number, raw: Buffer, offset: number, len: number): Promise<void> {
    const h = this.handle(raw);
    if (h.kind === 'memory') {
      if (offset >= h.data.length) {
        this.reply(id, STATUS_CODE.EOF);
        return;
      }
      this.sftp.data(id, h.data.subarray(offset, offset + Math.min(len, MAX_READ)));
      return;
    }
    if (h.kind !== 'file') throw failure('not a file handle');
    const buf = Buffer.allocUnsafe(Math.min(len, MAX_READ));
    const { bytesRead } = await h.fh.read(buf, 0, buf.length, offset);
    if (bytesRead === 0) {
      this.reply(id, STATUS_CODE.EOF);
      return;
    }
    this.sftp.data(id, buf.subarray(0, bytesRead));
  }

  private async write(id: number, raw: Buffer, offset: number, data: Buffer): Promise<void> {
    const h = this.handle(raw);
    if (h.kind !== 'file' || !h.writable || !h.upload) throw new Refusal(STATUS_CODE.PERMISSION_DENIED, 'not opened for writing');
    const upload = h.upload;
    // O_APPEND writes land at the end whatever offset the client names.
    const end = (h.append ? upload.size : offset) + data.length;
    if (upload.oversize || end > this.ctx.maxFileBytes) {
      upload.oversize = true;
      upload.size = Math.max(upload.size, end);
      throw failure(`GW_ERR_FILE_TOO_LARGE: files may be at most ${this.ctx.maxFileBytes} bytes; this one is not accepted`);
    }
    // Captured in the order the client sent the writes (before any await), which is file order for a plain upload.
    if (upload.chunks && !h.append && offset === upload.chunkBytes && end <= CAPTURE_LIMIT) {
      upload.chunks.push(Buffer.from(data));
      upload.chunkBytes = end;
    } else {
      upload.chunks = undefined;
    }
    const p = h.fh.write(data, 0, data.length, offset);
    h.pending.add(p);
    try {
      await p;
    } catch (err) {
      upload.chunks = undefined;
      throw err;
    } finally {
      h.pending.delete(p);
    }
    upload.size = Math.max(upload.size, end);
    this.ok(id);
  }

  private async fstat(id: number, raw: Buffer): Promise<void> {
    const h = this.handle(raw);
    if (h.kind === 'memory') {
      this.sftp.attrs(id, fileAttrs(h.data.length, h.mtimeMs, false));
      return;
    }
    if (h.kind !== 'file') throw failure('not a file handle');
    const st = await h.fh.stat();
    this.sftp.attrs(id, fileAttrs(st.size, st.mtimeMs, h.writable));
  }

  private async closeHandle(id: number, raw: Buffer): Promise<void> {
    const h = this.handle(raw);
    this.handles.delete(raw.readUInt32BE(0));
    if (h.kind !== 'file') {
      this.ok(id);
      return;
    }
    await Promise.allSettled([...h.pending]);
    await h.fh.close();
    const upload = h.upload;
    if (!upload) {
      this.ok(id);
      return;
    }
    this.ctx.uploads.release(upload);
    await this.closeUpload(id, upload);
  }

  /**
   * A file counts as uploaded when the client closes it: then, and only then, it is stored, and the
   * CLOSE is answered once the store has it (so a client that saw its upload succeed can rely on
   * it). Files under a temporary name wait for their rename.
   */
  private async closeUpload(id: number, upload: Upload): Promise<void> {
    if (upload.oversize) {
      await this.ctx.refuseOversize(upload.name, upload.size);
      this.reply(id, STATUS_CODE.FAILURE, `GW_ERR_FILE_TOO_LARGE: files may be at most ${this.ctx.maxFileBytes} bytes; see inbox/.rejected/${upload.name}.errors.txt`);
      return;
    }
    if (isIgnoredName(upload.name)) {
      this.ok(id);
      return;
    }
    const whole = upload.chunks !== undefined && upload.chunkBytes === upload.size ? Buffer.concat(upload.chunks, upload.chunkBytes) : undefined;
    await this.ingest(id, upload.name, upload.path, whole);
  }

  private async ingest(id: number, name: string, disk: string, payload?: Buffer): Promise<void> {
    if (!this.ctx.uploads.claim(disk)) throw busy(name);
    let answer: { ok: boolean; message?: string };
    try {
      answer = await this.ctx.complete(name, payload);
    } finally {
      this.ctx.uploads.unclaim(disk);
    }
    if (answer.ok) this.ok(id);
    else this.reply(id, STATUS_CODE.FAILURE, answer.message ?? 'the file could not be stored; upload it again');
  }

  private async openDir(id: number, path: string): Promise<void> {
    const node = resolvePath(path);
    const now = Date.now();
    switch (node.kind) {
      case 'root':
        this.addHandle(id, { kind: 'dir', more: undefined, entries: [entry('inbox', dirAttrs(now, true)), entry('outbox', dirAttrs(now, false))] });
        return;
      case 'inbox':
      case 'aside-dir':
        this.addHandle(id, { kind: 'dir', more: undefined, entries: await listInboxDir(this.ctx.paths, node) });
        return;
      case 'outbox':
        this.addHandle(id, { kind: 'dir', entries: [], more: outboxPages(this.ctx.outbox) });
        return;
      case 'inbox-file':
      case 'aside-file':
      case 'outbox-file':
        throw failure('not a directory');
      case 'none':
        throw noSuchFile();
    }
  }

  private async readDir(id: number, raw: Buffer): Promise<void> {
    const h = this.handle(raw);
    if (h.kind !== 'dir') throw failure('not a directory handle');
    while (h.entries.length === 0 && h.more) {
      const next = await h.more();
      if (next === null) h.more = undefined;
      else h.entries.push(...next);
    }
    if (h.entries.length === 0) {
      this.reply(id, STATUS_CODE.EOF);
      return;
    }
    this.sftp.name(id, h.entries.splice(0, DIR_CHUNK));
  }

  private async attrsOf(node: VNode): Promise<Attributes> {
    const now = Date.now();
    switch (node.kind) {
      case 'root':
      case 'inbox':
        return dirAttrs(now, node.kind === 'inbox');
      case 'aside-dir':
      case 'outbox':
        return dirAttrs(now, false);
      case 'inbox-file':
      case 'aside-file': {
        const st = await lstat(this.diskPath(node)!);
        if (!st.isFile()) throw noSuchFile();
        return fileAttrs(st.size, st.mtimeMs, node.kind === 'inbox-file');
      }
      case 'outbox-file': {
        const d = await this.ctx.outbox.find(node.name);
        if (!d) throw noSuchFile();
        return fileAttrs(d.size ?? 0, Date.parse(d.createdAt), false);
      }
      case 'none':
        throw noSuchFile();
    }
  }

  private async stat(id: number, path: string): Promise<void> {
    this.sftp.attrs(id, await this.attrsOf(resolvePath(path)));
  }

  /** Attributes (times, permissions) are accepted and ignored, so clients that preserve them do not fail. */
  private async setStat(id: number, path: string): Promise<void> {
    const node = resolvePath(path);
    if (node.kind === 'none') throw noSuchFile();
    if (node.kind !== 'inbox-file') await this.attrsOf(node);
    this.ok(id);
  }

  private realPath(id: number, path: string): Promise<void> {
    const abs = normalizePath(path);
    this.sftp.name(id, [{ filename: abs, longname: abs, attrs: dirAttrs(Date.now(), false) }]);
    return Promise.resolve();
  }

  private async remove(id: number, path: string): Promise<void> {
    const node = resolvePath(path);
    if (node.kind === 'outbox-file') {
      const result = await this.ctx.outbox.remove(node.name);
      if (result === 'not-found') throw noSuchFile();
      if (result === 'refused') throw failure('this delivery cannot be acknowledged');
      this.ctx.logger.info({ file: node.name }, 'sftp outbox file deleted: delivery acknowledged');
      this.ok(id);
      return;
    }
    const disk = this.diskPath(node);
    if (disk === undefined) throw node.kind === 'none' ? noSuchFile() : this.refuse('REMOVE', path, 'only files can be removed');
    if (node.kind === 'inbox-file' && this.ctx.uploads.busy(disk)) throw busy(node.name);
    await unlink(disk);
    this.ok(id);
  }

  private async extended(id: number, name: string, data: Buffer | undefined): Promise<void> {
    if (name !== 'posix-rename@openssh.com' || data === undefined) throw new Refusal(STATUS_CODE.OP_UNSUPPORTED, `${name} is not supported`);
    const from = readString(data, 0);
    const to = from ? readString(data, from.end) : undefined;
    if (!from || !to) throw new Refusal(STATUS_CODE.BAD_MESSAGE, 'malformed posix-rename request');
    await this.rename(id, from.value, to.value, true);
  }

  /** Within `inbox/` only. A rename to a final name is how a file under a temporary name gets ingested. */
  private async rename(id: number, fromPath: string, toPath: string, replace: boolean): Promise<void> {
    const from = resolvePath(fromPath);
    const to = resolvePath(toPath);
    if (from.kind !== 'inbox-file' || to.kind !== 'inbox-file') throw this.refuse('RENAME', `${fromPath} -> ${toPath}`, 'files can only be renamed within /inbox');
    const src = join(this.ctx.paths.inbox, from.name);
    const dst = join(this.ctx.paths.inbox, to.name);
    if (src === dst) {
      this.ok(id);
      return;
    }
    if (this.ctx.uploads.busy(dst) || (this.ctx.uploads.busy(src) && !this.ctx.uploads.isWriting(src))) throw busy(to.name);
    if (!(await lstat(src)).isFile()) throw noSuchFile();
    if (replace) {
      await rename(src, dst);
    } else {
      // SFTPv3 RENAME must fail over an existing file; a link refuses one atomically.
      await link(src, dst);
      await unlink(src);
    }
    this.ctx.uploads.moved(src, dst, to.name);
    if (isIgnoredName(to.name) || this.ctx.uploads.isWriting(dst)) {
      this.ok(id);
      return;
    }
    await this.ingest(id, to.name, dst);
  }
}
