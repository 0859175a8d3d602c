/**
 * Walks one message through its compiled segment table, one segment at a time, keeping only a
 * stack of open groups (depth of the table, four at most in the port messages): the state of a
 * streaming check is the same small object whatever the message's size.
 *
 * Where a segment goes, the way ISO 9735 segment tables are read:
 * - in the innermost open group, at the current position (a repetition) or any later one, either
 *   as a segment or as the trigger segment that opens a nested group;
 * - failing that, in the enclosing group, from its current position on: the current position is
 *   the group just left, so meeting its trigger again starts its next repetition; and so on
 *   outwards to the message level.
 * The first place with room wins. Mandatory positions passed over on the way (in the groups left
 * and at the level where the segment lands) are missing. Only when no place has room does a
 * segment count as repeated too often (where it matched a full position) or as unexpected.
 */
import type { Segment } from '../../syntax/edifact/index.js';
import type { CompiledMessage, Position, Table } from './table.js';

export interface WalkSink {
  /** A mandatory position was passed over; `after` is the last segment processed before it (UCS 0096). */
  missing(position: Position, within: Table, after: Segment | undefined): void;
  /** `seg` fits nowhere from the current place on; the walk stays where it was. */
  unexpected(seg: Segment, within: Table, after: Segment | undefined): void;
  /** `seg` went to a position (or opened a group) already at its maximum; it is counted there anyway. */
  tooMany(seg: Segment, position: Position, count: number, within: Table): void;
}

export class TableWalker {
  private readonly tables: Table[];
  private readonly pos: number[];
  private readonly count: number[];
  private depth = 1;
  private prev: Segment | undefined;
  private readonly sink: WalkSink;
  /** The position the segment fed last was placed at, undefined when it fit nowhere. */
  placed: Position | undefined;

  constructor(message: CompiledMessage, sink: WalkSink) {
    this.tables = [message.root];
    this.pos = [0];
    this.count = [0];
    this.sink = sink;
  }

  /** Places one segment (`code`: its `tagCode`, when the caller has it); returns the group it was placed in (the message level is the root table), undefined when it fits nowhere. */
  feed(seg: Segment, code = seg.code): Table | undefined {
    const tag = seg.tag;
    let overLevel = -1;
    let overIndex = -1;
    for (let level = this.depth - 1; level >= 0; level--) {
      const table = this.tables[level];
      const list = code >= 0 ? table.byCode.get(code) : table.byTag.get(tag);
      if (list === undefined) continue;
      const p = this.pos[level];
      for (let k = 0; k < list.length; k++) {
        const i = list[k];
        // A group's trigger again means the group's next repetition: the enclosing level decides.
        if (i < p || (i === 0 && level > 0)) continue;
        if (i === p && this.count[level] >= table.positions[i].max) {
          if (overLevel < 0) { overLevel = level; overIndex = i; }
          continue;
        }
        return this.enter(seg, level, i, false);
      }
    }
    if (overLevel >= 0) return this.enter(seg, overLevel, overIndex, true);
    this.placed = undefined;
    this.sink.unexpected(seg, this.tables[this.depth - 1], this.prev);
    this.prev = seg;
    return undefined;
  }

  /** The group the walk is in now. */
  get current(): Table {
    return this.tables[this.depth - 1];
  }

  private enter(seg: Segment, level: number, index: number, over: boolean): Table {
    // Leave the groups nested deeper than `level`: what they still required is missing.
    for (let l = this.depth - 1; l > level; l--) this.missingBetween(l, this.pos[l] + 1, this.tables[l].positions.length);
    this.depth = level + 1;
    const table = this.tables[level];
    const p = this.pos[level];
    if (index === p) {
      this.count[level]++;
    } else {
      this.missingBetween(level, this.count[level] === 0 ? p : p + 1, index);
      this.pos[level] = index;
      this.count[level] = 1;
    }
    const position = table.positions[index];
    this.placed = position;
    if (over) this.sink.tooMany(seg, position, this.count[level], table);
    this.prev = seg;
    const group = position.group;
    if (group === undefined) return table;
    // The segment is the group's trigger: the new repetition starts at its first position.
    const d = this.depth++;
    this.tables[d] = group;
    this.pos[d] = 0;
    this.count[d] = 1;
    return group;
  }

  private missingBetween(level: number, from: number, to: number): void {
    const table = this.tables[level];
    const positions = table.positions;
    for (let j = from; j < to; j++) if (positions[j].mandatory) this.sink.missing(positions[j], table, this.prev);
  }
}
