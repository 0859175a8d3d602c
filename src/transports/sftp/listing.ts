/**
 * Directory listings of the virtual file system: `inbox/` and its two aside directories from the
 * disk (regular files only: links, directories and devices planted on the host stay invisible),
 * `outbox/` page by page from the store.
 */
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Attributes, FileEntry } from 'ssh2';
import type { InboxPaths } from '../drop-folder/inbox.js';
import type { OutboxView } from './outbox.js';
import { dirAttrs, fileAttrs, longname, resolvePath, type VNode } from './vfs.js';

export function entry(name: string, attrs: Attributes): FileEntry {
  return { filename: name, longname: longname(name, attrs), attrs };
}

export async function listInboxDir(paths: InboxPaths, node: Extract<VNode, { kind: 'inbox' | 'aside-dir' }>): Promise<FileEntry[]> {
  const inInbox = node.kind === 'inbox';
  const dir = inInbox ? paths.inbox : node.where === 'processed' ? paths.processed : paths.rejected;
  const out: FileEntry[] = [];
  for (const d of await readdir(dir, { withFileTypes: true })) {
    if (inInbox && d.isDirectory() && resolvePath(`/inbox/${d.name}`).kind === 'aside-dir') {
      const st = await lstat(join(dir, d.name)).catch(() => undefined);
      if (st) out.push(entry(d.name, dirAttrs(st.mtimeMs, false)));
      continue;
    }
    // In the aside directories, dot-names are the gateway's own bookkeeping.
    if (!d.isFile() || (!inInbox && d.name.startsWith('.'))) continue;
    const st = await lstat(join(dir, d.name)).catch(() => undefined);
    if (st?.isFile()) out.push(entry(d.name, fileAttrs(st.size, st.mtimeMs, inInbox)));
  }
  return out;
}

/** Pages of the outbox for READDIR, fetched as the client reads on; null when there are no more. */
export function outboxPages(outbox: OutboxView): () => Promise<FileEntry[] | null> {
  let cursor: string | undefined;
  let done = false;
  return async () => {
    if (done) return null;
    const page = await outbox.list(cursor);
    done = page.next === null;
    cursor = page.next ?? undefined;
    return page.entries.map((e) => entry(e.name, fileAttrs(e.delivery.size ?? 0, Date.parse(e.delivery.createdAt), false)));
  };
}
