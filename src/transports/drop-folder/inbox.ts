/**
 * An inbox directory on the gateway's disk (an SFTP partner's `inbox/`, a drop folder's `inbox/`)
 * and what happens to a file once the gateway has taken it: stored files move to `.processed/`;
 * files that were refused, duplicates, and files the pipeline later rejects move to `.rejected/`
 * with `<name>.errors.txt` beside them. Moves never overwrite: a second file of the same name gets
 * the message id (or a timestamp) before its extension.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Issue } from '../../errors/issue.js';
import { asideNames, compactTimestamp, ERRORS_SUFFIX, errorsReport, PROCESSED_DIR, REJECTED_DIR } from './files.js';
import type { FileIngestResult } from './ingest.js';

export interface InboxPaths {
  readonly inbox: string;
  readonly processed: string;
  readonly rejected: string;
}

export type Aside = 'processed' | 'rejected';

export function inboxPaths(inbox: string): InboxPaths {
  return { inbox, processed: join(inbox, PROCESSED_DIR), rejected: join(inbox, REJECTED_DIR) };
}

export async function ensureInbox(paths: InboxPaths): Promise<void> {
  await mkdir(paths.processed, { recursive: true, mode: 0o750 });
  await mkdir(paths.rejected, { recursive: true, mode: 0o750 });
}

/**
 * Moves `from` into `dir` under the first free name of `asideNames(name, suffix)`. A hard link
 * refuses an existing name atomically, so two moves racing for one name cannot overwrite each
 * other; file systems without hard links (some network shares) fall back to an exclusive
 * placeholder and a rename over it.
 */
export async function moveInto(from: string, dir: string, name: string, suffix: string): Promise<string> {
  let attempts = 0;
  for (const candidate of asideNames(name, suffix)) {
    if (++attempts > 1000) break;
    const to = join(dir, candidate);
    try {
      await link(from, to);
      await unlink(from);
      return candidate;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw err;
    }
    try {
      const placeholder = await open(to, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o640);
      await placeholder.close();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    await rename(from, to);
    return candidate;
  }
  throw new Error(`no free name for ${name} in ${dir}`);
}

/** Writes a file whole or not at all (temporary dot-name, then rename). */
export async function writeAtomically(path: string, dir: string, data: string | Buffer): Promise<void> {
  const tmp = join(dir, `.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(tmp, data, { mode: 0o640, flag: 'wx' });
  try {
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

/** Writes `<name>.errors.txt` into `dir` (beside a rejected file of that name). */
export async function writeErrors(dir: string, name: string, report: string): Promise<void> {
  await writeAtomically(join(dir, `${name}${ERRORS_SUFFIX}`), dir, report);
}

export interface Settled {
  readonly where: Aside;
  /** The file's name in `.processed/` or `.rejected/`. */
  readonly name: string;
}

/** One line on what became of the file, for `.errors.txt`. */
export function verdictOf(result: FileIngestResult): string {
  switch (result.outcome) {
    case 'accepted':
      return `accepted as message ${result.id}`;
    case 'replay':
      return `already collected as message ${result.id}`;
    case 'duplicate':
      return `duplicate: this interchange was received before${result.originalId !== undefined ? ` as message ${result.originalId}` : ''}; it is kept for the record and not processed`;
    case 'refused':
      return 'refused: nothing was stored; correct the file and send it again';
  }
}

/**
 * Moves `inbox/<name>` aside after the gateway answered for it: accepted and replayed files to
 * `.processed/`, duplicates and refusals to `.rejected/` with their findings beside them.
 */
export async function settleFile(paths: InboxPaths, name: string, result: FileIngestResult, at: Date = new Date()): Promise<Settled> {
  const from = join(paths.inbox, name);
  const suffix = result.outcome === 'refused' ? `${compactTimestamp(at)}-${randomBytes(2).toString('hex')}` : result.id;
  if (result.outcome === 'accepted' || result.outcome === 'replay') {
    return { where: 'processed', name: await moveInto(from, paths.processed, name, suffix) };
  }
  const moved = await moveInto(from, paths.rejected, name, suffix);
  await writeErrors(paths.rejected, moved, errorsReport({
    file: name, at, verdict: verdictOf(result), findings: result.findings,
    ...(result.outcome === 'duplicate' ? { messageId: result.id } : {}),
  }));
  return { where: 'rejected', name: moved };
}

/** A stored file the pipeline rejected afterwards: from `.processed/` to `.rejected/`, with its findings. */
export async function rejectProcessed(paths: InboxPaths, processedName: string, original: string, messageId: string, findings: readonly Issue[], at: Date = new Date()): Promise<string> {
  const moved = await moveInto(join(paths.processed, processedName), paths.rejected, processedName, messageId);
  await writeErrors(paths.rejected, moved, errorsReport({
    file: original, at, messageId, findings,
    verdict: 'rejected by validation: the message was stored, but not processed; the CONTRL or APERAK sent back says the same',
  }));
  return moved;
}
