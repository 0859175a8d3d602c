/**
 * A message's segment table compiled for the walker: every group (the message itself is the
 * outermost one) keeps its positions in order and, per tag, the positions that tag can take there,
 * either as a segment or as the trigger (first segment) of a nested group. Finding where a
 * segment goes is then a lookup and a short scan of one or two positions per group level, never
 * a search through the table.
 */
import type { MessageDef, StructureNode } from '../../catalogue/edifact/index.js';
import { tagCode } from '../../syntax/edifact/segment.js';

export interface Position {
  readonly group: Table | undefined;
  /** The segment's tag, or the trigger tag of the group. */
  readonly tag: string;
  readonly mandatory: boolean;
  readonly max: number;
  /** 'BGM', or 'SG3' for a group. */
  readonly name: string;
  /** The segment rule of `tag` as `ruleFrom` compiled it, kept here once looked up (validator.ts). */
  rule?: unknown;
  ruleFrom?: unknown;
}

export interface Table {
  /** '' for the message level, else 'SG3'. */
  readonly id: string;
  /** '' for the message level, else 'SG1/SG3'. */
  readonly path: string;
  readonly positions: readonly Position[];
  /** tag -> positions (ascending) where it can stand at this level. */
  readonly byTag: ReadonlyMap<string, readonly number[]>;
  /** The same by `tagCode`: a number key is looked up faster than the parser's tag strings. */
  readonly byCode: ReadonlyMap<number, readonly number[]>;
}

export { tagCode };

export interface CompiledMessage {
  readonly def: MessageDef;
  readonly root: Table;
  /** Every tag the table has anywhere, to tell "out of order" from "not part of the message". */
  readonly tags: ReadonlySet<string>;
}

function compileGroup(id: string, path: string, nodes: readonly StructureNode[], tags: Set<string>, where: string): Table {
  const positions: Position[] = [];
  const byTag = new Map<string, number[]>();
  nodes.forEach((n, i) => {
    let pos: Position;
    if (n.kind === 'segment') {
      tags.add(n.tag);
      pos = { group: undefined, tag: n.tag, mandatory: n.mandatory, max: n.max, name: n.tag };
    } else {
      const first = n.children[0];
      // Every UN segment group opens with its trigger segment; the walker relies on it.
      if (first?.kind !== 'segment') throw new Error(`${where}: group ${n.id} does not start with a segment`);
      const group = compileGroup(n.id, path === '' ? n.id : `${path}/${n.id}`, n.children, tags, where);
      pos = { group, tag: first.tag, mandatory: n.mandatory, max: n.max, name: n.id };
    }
    positions.push(pos);
    const list = byTag.get(pos.tag);
    if (list) list.push(i);
    else byTag.set(pos.tag, [i]);
  });
  const byCode = new Map<number, number[]>();
  for (const [tag, list] of byTag) if (tagCode(tag) >= 0) byCode.set(tagCode(tag), list);
  return { id, path, positions, byTag, byCode };
}

export function compileMessage(def: MessageDef): CompiledMessage {
  const tags = new Set<string>();
  const root = compileGroup('', '', def.structure, tags, `${def.directory} ${def.type}`);
  return { def, root, tags };
}

/** "SG3 (EQD …)" or "segment BGM", for texts. */
export function describePosition(p: Position): string {
  return p.group ? `segment group ${p.name} (opened by ${p.tag})` : `segment ${p.tag}`;
}
