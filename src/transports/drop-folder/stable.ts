/**
 * When a file someone else writes is complete. Nothing tells a poller that a writer has finished,
 * so a file is taken only when two consecutive looks, one poll interval apart, find it with the
 * same size and modification time (and, on a local disk, the same inode). A writer that stalls for
 * longer than a poll interval mid-file would be taken early: writers should use a temporary name
 * (a leading dot, `.part`, `.tmp`) and rename the finished file into place, which is atomic and
 * never shows a half-written file under its final name.
 */
import { createHash } from 'node:crypto';

export interface Sighting {
  readonly size: number;
  readonly mtimeMs: number;
  /** Inode on a local disk; absent remotely. */
  readonly ino?: number;
}

export class StabilityTracker {
  private seen = new Map<string, Sighting>();

  /** Records this look; returns the names that look exactly as they did the previous time. */
  settle(current: ReadonlyMap<string, Sighting>): string[] {
    const stable: string[] = [];
    for (const [name, now] of current) {
      const before = this.seen.get(name);
      if (before && before.size === now.size && before.mtimeMs === now.mtimeMs && before.ino === now.ino) stable.push(name);
    }
    this.seen = new Map(current);
    return stable;
  }

  /** Taken or moved away: the next file of that name starts over. */
  forget(name: string): void {
    this.seen.delete(name);
  }
}

/**
 * The Idempotency-Key of a collected file: the same file collected twice (the gateway stopped after
 * storing it but before moving it) is recognised as a replay instead of being stored again.
 */
export function collectedFileKey(where: string, name: string, s: Sighting, payload: Buffer): string {
  // Whole milliseconds: copies and network file systems keep no finer time.
  const digest = createHash('sha256').update(`${where}\u0000${name}\u0000${s.size}\u0000${Math.floor(s.mtimeMs)}\u0000`).update(payload).digest('hex');
  return `file:${digest}`;
}
