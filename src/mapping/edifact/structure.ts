/**
 * Places a message's segments into its segment groups, following the message table of the
 * catalogue (schemas/edifact/<DIR>/<TYPE>.json). A segment that fits nowhere is kept where it
 * stands and marked stray; checking the structure is the validator's job, the mapping only needs
 * to know which group instance each segment belongs to.
 */
import type { MessageDef, StructureNode } from '../../catalogue/edifact/index.js';
import type { Segment } from '../../syntax/edifact/index.js';

export interface LevelDef {
  /** Group id (SG5), '' for the message level. */
  readonly id: string;
  readonly children: readonly ChildDef[];
}

export type ChildDef =
  | { readonly kind: 'segment'; readonly tag: string; readonly max: number }
  | { readonly kind: 'group'; readonly id: string; readonly trigger: string; readonly max: number; readonly level: LevelDef };

/** A group instance (or the whole message, id ''): its segments and nested groups in message order. */
export interface GroupNode {
  readonly id: string;
  readonly items: (Segment | GroupNode)[];
}

export function levelOf(def: MessageDef): LevelDef {
  const build = (id: string, nodes: readonly StructureNode[]): LevelDef => ({
    id,
    children: nodes
      .filter((n) => !(n.kind === 'segment' && (n.tag === 'UNH' || n.tag === 'UNT')))
      .map((n): ChildDef => {
        if (n.kind === 'segment') return { kind: 'segment', tag: n.tag, max: n.max };
        const first = n.children[0];
        if (first.kind !== 'segment') throw new Error(`${def.type} ${def.directory} ${n.id} does not start with a segment`);
        return { kind: 'group', id: n.id, trigger: first.tag, max: n.max, level: build(n.id, n.children) };
      }),
  });
  return build('', def.structure);
}

interface Frame {
  readonly level: LevelDef;
  readonly node: GroupNode;
  pos: number;
  count: number;
}

function tagOf(c: ChildDef): string {
  return c.kind === 'segment' ? c.tag : c.trigger;
}

/** Index of the child a segment continues with, searching forward from the frame's position. */
function find(f: Frame, tag: string, strict: boolean): number {
  const kids = f.level.children;
  for (let i = f.pos; i < kids.length; i++) {
    if (tagOf(kids[i]) !== tag) continue;
    // A repeat of the current position only while its maximum allows; a group's trigger repeating
    // inside the group means the next instance of the group, found by the parent.
    if (i === f.pos && f.count >= kids[i].max && strict) continue;
    return i;
  }
  return -1;
}

/** Builds the group tree of a message body (UNH and UNT left out); `stray` collects segments the table has no place for. */
export function groupTree(body: Iterable<Segment>, level: LevelDef, stray: Set<Segment>): GroupNode {
  const root: GroupNode = { id: '', items: [] };
  const stack: Frame[] = [{ level, node: root, pos: 0, count: 0 }];
  for (const seg of body) {
    const tag = seg.tag;
    // Look in the open group and then outwards; only a match closes the groups in between, so a
    // segment out of place does not lose the context of the ones after it.
    let depth = stack.length - 1;
    let i = -1;
    for (; depth >= 0; depth--) {
      i = find(stack[depth], tag, true);
      if (i === -1 && depth === 0) i = find(stack[0], tag, false);
      if (i !== -1) break;
    }
    if (i === -1) {
      stray.add(seg);
      stack[stack.length - 1].node.items.push(seg);
      continue;
    }
    // pop, not `stack.length = depth + 1`: the length setter is a call into the runtime, once per segment
    while (stack.length > depth + 1) stack.pop();
    const f = stack[depth];
    const child = f.level.children[i];
    if (i === f.pos) f.count++;
    else {
      f.pos = i;
      f.count = 1;
    }
    if (child.kind === 'segment') {
      f.node.items.push(seg);
    } else {
      const g: GroupNode = { id: child.id, items: [seg] };
      f.node.items.push(g);
      stack.push({ level: child.level, node: g, pos: 0, count: 1 });
    }
  }
  return root;
}
