/**
 * Parser for the segment table of an official message text (UNTDID section 4.3.1, in D.93A 4.2.2).
 *
 *   0050       ───── Segment group 1  ────────────────── M   1───────────┐
 *   0060   TDT Details of transport                      M   1           │
 *   0100   FTX Free text                                 C   9───────────┘
 *
 * A group line opens a group; each ┘ or ┴ (or + in the ASCII drawings of later directories) at
 * the end of a segment line closes one. D.93A has no position numbers; change indicators may stand
 * before the tag.
 */
import { sentenceCase } from './official-text.js';
import type { StructureJson } from './model.js';

export interface ParsedMessageText {
  /** Title of the text, e.g. "Container discharge/loading order message". */
  name: string;
  structure: StructureJson[];
  /** Segment names as the table gives them (mixed case), by tag. */
  segmentNames: Map<string, string>;
}

const GROUP = /Segment group\s+(\d+)\s*[─-]*\s+([MC])\s+(\d+)/i;
const SEGMENT = /^\s*(?:\d{4}\s+)?(?:[-+*#|X]{1,2}\s+)?([A-Z][A-Z0-9]{2})\s+(\S.*?)\s+([MC])\s+(\d+)(.*)$/;
const TITLE_NOISE = /^(UN\/EDIFACT|.*RECOMMENDATION|.*STANDARD MESSAGE.*|.*UNSM.*)$/i;

export function parseMessageText(lines: readonly string[], where: string): ParsedMessageText {
  const title = lines
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^[─Ä=*-]+$/.test(l))
    .slice(0, 6)
    .find((l) => !TITLE_NOISE.test(l));
  if (title === undefined) throw new Error(`${where}: no title`);

  // The table starts at the last UNH line that carries status and repeat (earlier UNH mentions
  // are in the text and the table of contents) and ends at UNT.
  let start = -1;
  lines.forEach((line, i) => {
    const m = SEGMENT.exec(line);
    if (m && m[1] === 'UNH') start = i;
  });
  if (start < 0) throw new Error(`${where}: no segment table`);

  const root: StructureJson[] = [];
  const stack: Array<{ id: number; children: StructureJson[] }> = [];
  const segmentNames = new Map<string, string>();
  let lastGroup = 0;
  let ended = false;
  for (let i = start; i < lines.length && !ended; i++) {
    const line = lines[i];
    const children = stack.length > 0 ? stack[stack.length - 1].children : root;
    const group = GROUP.exec(line);
    if (group) {
      const id = Number(group[1]);
      if (id !== lastGroup + 1) throw new Error(`${where}: segment group ${id} follows group ${lastGroup}`);
      lastGroup = id;
      const node: StructureJson = { kind: 'group', id: `SG${id}`, mandatory: group[2] === 'M', max: Number(group[3]), children: [] };
      children.push(node);
      stack.push({ id, children: node.children });
      continue;
    }
    const seg = SEGMENT.exec(line);
    if (!seg) {
      if (/[A-Z]{3}\s+\S/.test(line) && /\s[MC]\s+\d/.test(line)) throw new Error(`${where}: unreadable table line: ${line}`);
      continue;
    }
    const tag = seg[1];
    children.push({ kind: 'segment', tag, mandatory: seg[3] === 'M', max: Number(seg[4]) });
    if (!segmentNames.has(tag)) segmentNames.set(tag, seg[2].trim());
    const closes = (seg[5].match(/[┘┴+]/g) ?? []).length;
    if (closes > stack.length) throw new Error(`${where}: ${tag} closes ${closes} groups, ${stack.length} open`);
    stack.length -= closes;
    if (tag === 'UNT') ended = true;
  }
  if (!ended) throw new Error(`${where}: segment table has no UNT`);
  if (stack.length > 0) throw new Error(`${where}: ${stack.length} segment group(s) not closed at UNT`);
  return { name: sentenceCase(title), structure: root, segmentNames };
}
