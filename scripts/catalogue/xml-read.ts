/** Readers for the pieces of the machine-readable (XML) directories shared by several generators. */
import type { StructureJson } from './model.js';
import type { CodeList } from './official-codes.js';
import type { XmlNode } from './sources.js';

export function structureFromXml(root: XmlNode): StructureJson[] {
  const nodes: StructureJson[] = [];
  for (const child of root.children) {
    const mandatory = child.attrs.required === 'true';
    const max = Number(child.attrs.maxrepeat ?? '1');
    if (child.tag === 'segment') nodes.push({ kind: 'segment', tag: child.attrs.id, mandatory, max });
    else if (child.tag === 'group') nodes.push({ kind: 'group', id: child.attrs.id, mandatory, max, children: structureFromXml(child) });
  }
  return nodes;
}

export function reprFromXml(node: XmlNode): string {
  const type = node.attrs.type;
  const fixed = node.attrs.length;
  const max = node.attrs.maxlength;
  if (type === undefined || (fixed === undefined && max === undefined)) {
    throw new Error(`data element ${node.attrs.id} has no type or length`);
  }
  return fixed !== undefined ? `${type}${fixed}` : `${type}..${max}`;
}

/**
 * Code lists of a machine-readable directory. Some files repeat a list (D96A) or a code (7161 AA);
 * the lists are merged and the first name of a code wins, later ones are kept in `duplicates`.
 */
export function codeListsFromXml(root: XmlNode): Map<string, CodeList> {
  const lists = new Map<string, CodeList>();
  for (const node of root.children) {
    if (node.tag !== 'data_element') continue;
    const id = node.attrs.id;
    let list = lists.get(id);
    if (!list) lists.set(id, (list = { id, name: '', repr: '', codes: new Map(), duplicates: [] }));
    for (const c of node.children) {
      if (c.tag !== 'code') continue;
      const name = (c.attrs.desc ?? '').replace(/\s+/g, ' ').trim();
      if (!list.codes.has(c.attrs.id)) list.codes.set(c.attrs.id, name);
      else if (list.codes.get(c.attrs.id) !== name) list.duplicates!.push([c.attrs.id, name]);
    }
  }
  return lists;
}
