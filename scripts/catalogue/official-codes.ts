/**
 * Parser for the code list files of the official directories (UNCL, and UNSL for service codes).
 *
 * The layout is positional. Up to D.99A a list header has its element number in column 2, codes
 * sit in columns 3-8 (numbers right-aligned), the code name starts in column 10 and its description
 * in column 13. From D.99B on, the header number is in column 5, codes start in column 5, names in
 * column 11 and descriptions in column 14. Change indicators (+ * # | X -) occupy the columns before
 * the code; `-` marks a deleted code, which is left out, `X` one marked for deletion (still valid).
 * A name that does not fit on one line continues in the name column.
 */
import { isSeparator, splitEntries } from './official-text.js';

export interface CodeList {
  readonly id: string;
  readonly name: string;
  readonly repr: string;
  /** code → name, in the order of the directory. */
  readonly codes: Map<string, string>;
  /** Machine-readable sources only: a code listed again under another name (code, name). */
  readonly duplicates?: Array<[string, string]>;
}

const HEADER = /^([-+*#|X ]*?)\s*(\d{4})\s+(.+?)\s*(?:\[[BIC]\])?\s*$/;
const PARAGRAPH = /^\s*(Desc|Repr|Note|Function):\s*(.*)$/;
const CODE = /^[A-Za-z0-9][A-Za-z0-9./-]*$/;

export function parseCodeLists(lines: readonly string[]): Map<string, CodeList> {
  const lists = new Map<string, CodeList>();
  for (const entry of splitEntries(lines)) {
    const list = parseEntry(entry);
    if (list) lists.set(list.id, list);
  }
  return lists;
}

function parseEntry(entry: readonly string[]): CodeList | undefined {
  const start = entry.findIndex((l) => l.trim() !== '');
  if (start < 0) return undefined;
  const header = HEADER.exec(entry[start]);
  if (!header) return undefined;
  const headerCol = entry[start].indexOf(header[2]);
  const layout = headerCol <= 3 ? { codeCol: 3, nameCol: 10 } : { codeCol: 5, nameCol: 11 };

  let repr = '';
  const codes = new Map<string, string>();
  let inParagraph = false;
  let current: { code: string; name: string; deleted: boolean; inDescription: boolean } | undefined;
  const flush = (): void => {
    if (current && !current.deleted) codes.set(current.code, current.name.replace(/\s+/g, ' '));
    current = undefined;
  };

  for (const raw of entry.slice(start + 1)) {
    if (raw.trim() === '' || isSeparator(raw)) {
      inParagraph = false;
      continue;
    }
    const paragraph = PARAGRAPH.exec(raw);
    if (paragraph && (current === undefined || raw.search(/\S/) < layout.nameCol)) {
      if (paragraph[1] === 'Repr') repr = paragraph[2].trim();
      inParagraph = true;
      continue;
    }
    if (inParagraph && current === undefined) continue;
    const prefix = raw.slice(0, layout.codeCol);
    if (!/^[-+*#|X ]*$/.test(prefix)) throw new Error(`unexpected code list line in ${header[2]}: ${raw}`);
    const line = ' '.repeat(layout.codeCol) + raw.slice(layout.codeCol);
    const col = line.search(/\S/);
    if (col < layout.nameCol - 1) {
      flush();
      const m = /^(\S+)\s+(.*)$/.exec(line.trim());
      const code = m ? m[1] : line.trim();
      if (!CODE.test(code)) throw new Error(`unexpected code "${code}" in list ${header[2]}: ${raw}`);
      current = { code, name: m ? m[2].trim() : '', deleted: prefix.includes('-'), inDescription: false };
    } else if (current && !current.inDescription && col < layout.nameCol + 2) {
      current.name = `${current.name} ${line.trim()}`.trim();
    } else if (current) {
      current.inDescription = true;
    }
  }
  flush();
  return { id: header[2], name: header[3].trim(), repr, codes };
}
