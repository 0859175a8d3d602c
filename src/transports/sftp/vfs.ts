/**
 * The virtual file system a partner sees over SFTP. Its home is `/`, with exactly these entries:
 *
 * ```
 * /inbox/             files the partner uploads (a directory per partner under the data dir)
 * /inbox/.processed/  stored files
 * /inbox/.rejected/   refused or rejected files, each with <name>.errors.txt
 * /outbox/            the partner's pending deliveries on the SFTP channel (read from the store)
 * ```
 *
 * Paths are resolved here, lexically, before anything touches the disk: `..` stops at `/`, an
 * absolute path is a path inside the home, and a name is only ever one plain component joined to a
 * directory the gateway chose. Nothing a client sends can name a file outside the partner's
 * directory, and files are opened with O_NOFOLLOW, so a symbolic link planted on the host is never
 * followed either.
 */
import type { Attributes } from 'ssh2';
import { isValidFileName, PROCESSED_DIR, REJECTED_DIR } from '../drop-folder/files.js';
import type { Aside } from '../drop-folder/inbox.js';

export type VNode =
  | { readonly kind: 'root' }
  | { readonly kind: 'inbox' }
  | { readonly kind: 'aside-dir'; readonly where: Aside }
  | { readonly kind: 'inbox-file'; readonly name: string }
  | { readonly kind: 'aside-file'; readonly where: Aside; readonly name: string }
  | { readonly kind: 'outbox' }
  | { readonly kind: 'outbox-file'; readonly name: string }
  /** Nothing can exist there (a path outside the fixed tree, or a name that is not a plain component). */
  | { readonly kind: 'none' };

/** `/`-joined absolute form of a client's path: `.` and `..` resolved lexically, never above `/`. */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

const ASIDE: Readonly<Record<string, Aside>> = { [PROCESSED_DIR]: 'processed', [REJECTED_DIR]: 'rejected' };

export function resolvePath(path: string): VNode {
  if (path.includes('\u0000')) return { kind: 'none' };
  const parts = normalizePath(path).split('/').slice(1).filter((p) => p !== '');
  const [top, second, third, ...rest] = parts;
  if (top === undefined) return { kind: 'root' };
  if (top === 'outbox') {
    if (second === undefined) return { kind: 'outbox' };
    return third === undefined && isValidFileName(second) ? { kind: 'outbox-file', name: second } : { kind: 'none' };
  }
  if (top !== 'inbox') return { kind: 'none' };
  if (second === undefined) return { kind: 'inbox' };
  const where = Object.hasOwn(ASIDE, second) ? ASIDE[second] : undefined;
  if (where === undefined) return third === undefined && isValidFileName(second) ? { kind: 'inbox-file', name: second } : { kind: 'none' };
  if (third === undefined) return { kind: 'aside-dir', where };
  // Dot-names inside .processed/ and .rejected/ are the gateway's own bookkeeping.
  return rest.length === 0 && isValidFileName(third) && !third.startsWith('.') ? { kind: 'aside-file', where, name: third } : { kind: 'none' };
}

/** Every path a node can be reached by prints as this (REALPATH answers). */
export function pathOf(node: VNode): string {
  switch (node.kind) {
    case 'root':
    case 'none':
      return '/';
    case 'inbox':
      return '/inbox';
    case 'aside-dir':
      return `/inbox/${node.where === 'processed' ? PROCESSED_DIR : REJECTED_DIR}`;
    case 'inbox-file':
      return `/inbox/${node.name}`;
    case 'aside-file':
      return `/inbox/${node.where === 'processed' ? PROCESSED_DIR : REJECTED_DIR}/${node.name}`;
    case 'outbox':
      return '/outbox';
    case 'outbox-file':
      return `/outbox/${node.name}`;
  }
}

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;

export function dirAttrs(mtimeMs: number, writable: boolean): Attributes {
  const t = Math.floor(mtimeMs / 1000);
  return { mode: S_IFDIR | (writable ? 0o755 : 0o555), uid: 0, gid: 0, size: 4096, atime: t, mtime: t };
}

export function fileAttrs(size: number, mtimeMs: number, writable: boolean): Attributes {
  const t = Math.floor(mtimeMs / 1000);
  return { mode: S_IFREG | (writable ? 0o644 : 0o444), uid: 0, gid: 0, size, atime: t, mtime: t };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `ls -l` style line, as OpenSSH's server sends it in READDIR (clients show it, some parse its first column). */
export function longname(name: string, a: Attributes): string {
  const type = (a.mode & S_IFDIR) === S_IFDIR ? 'd' : '-';
  let perms = '';
  for (let shift = 6; shift >= 0; shift -= 3) {
    const bits = (a.mode >> shift) & 7;
    perms += `${bits & 4 ? 'r' : '-'}${bits & 2 ? 'w' : '-'}${bits & 1 ? 'x' : '-'}`;
  }
  const d = new Date(a.mtime * 1000);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const time = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  return `${type}${perms}    1 edigw    edigw    ${String(a.size).padStart(10, ' ')} ${MONTHS[d.getUTCMonth()]} ${day} ${time} ${name}`;
}
