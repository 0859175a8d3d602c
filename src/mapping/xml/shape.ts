/**
 * The element tree a customs XML mapping spec is resolved against: every element any variant of a
 * message type defines (first, secondly, edit, delete …), merged into one tree, with the largest
 * occurrence and length any variant allows. Reading uses the merged tree (a message of any variant
 * reads with one plan); writing additionally knows which elements the variant being written
 * excludes (`excludedPaths`), so the plan compiled for a delete message writes nothing there and the
 * document fields that would have gone there are reported as not sent.
 */
import { messageSchema, type ElementDef, type MessageType, type VariantDef } from '../../syntax/xml/index.js';
import { sequenceOf } from '../../syntax/xml/schema.js';

export interface Shape {
  readonly name: string;
  /** Element path below Manifest: `Declaration/Consignment/TransportEquipment`. */
  readonly path: string;
  /** Position in the parent's XSD sequence. */
  readonly order: number;
  /** May occur more than once in some variant (the reader makes it an array). */
  readonly repeating: boolean;
  /** Largest maximum over the variants; null: unbounded. */
  readonly max: number | null;
  /** Whether the element has child elements (otherwise: text, and attributes). */
  readonly complex: boolean;
  readonly attributes: readonly string[];
  /** Longest value any variant allows (the gateway's own XSDs only). */
  readonly maxLength: number | undefined;
  /** WCO documentation of the element, for findings. */
  readonly doc: string | undefined;
  readonly children: ReadonlyMap<string, Shape>;
}

const unbounded = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : Math.max(a, b));

interface Draft {
  name: string;
  path: string;
  order: number;
  max: number | null;
  complex: boolean;
  attributes: Set<string>;
  maxLength: number | undefined;
  doc: string | undefined;
  children: Map<string, Draft>;
}

function draftOf(def: ElementDef, path: string, order: number): Draft {
  return { name: def.name, path, order, max: def.max, complex: def.content === 'complex', attributes: new Set(def.attributes ?? []), maxLength: def.maxLength, doc: def.doc, children: new Map() };
}

function mergeVariant(variant: VariantDef, typeName: string, into: Draft, depth: number): void {
  if (depth > 32) return; // the customs XSDs are not recursive; never loop if one ever is
  sequenceOf(variant, typeName).forEach((def, i) => {
    const path = into.path === '' ? def.name : `${into.path}/${def.name}`;
    let child = into.children.get(def.name);
    if (!child) {
      child = draftOf(def, path, i);
      into.children.set(def.name, child);
    } else {
      // max 0 (excluded in this variant) says nothing about how often the element may occur elsewhere.
      if (def.max !== 0) child.max = child.max === 0 ? def.max : unbounded(child.max, def.max);
      if (def.content === 'complex') child.complex = true;
      for (const a of def.attributes ?? []) child.attributes.add(a);
      if (def.maxLength !== undefined) child.maxLength = Math.max(child.maxLength ?? 0, def.maxLength);
      child.doc ??= def.doc;
    }
    if (def.type !== undefined) mergeVariant(variant, def.type, child, depth + 1);
  });
}

function freeze(d: Draft): Shape {
  const children = new Map<string, Shape>();
  for (const [k, c] of d.children) children.set(k, freeze(c));
  return { name: d.name, path: d.path, order: d.order, repeating: d.max === null || d.max > 1, max: d.max, complex: d.complex || children.size > 0, attributes: [...d.attributes], maxLength: d.maxLength, doc: d.doc, children };
}

const declarationCache = new Map<MessageType, Shape>();

/** The merged `Declaration` element of a message type. */
export function declarationShape(type: MessageType): Shape {
  let shape = declarationCache.get(type);
  if (!shape) {
    const root: Draft = { name: '', path: '', order: 0, max: 1, complex: true, attributes: new Set(), maxLength: undefined, doc: undefined, children: new Map() };
    for (const variant of Object.values(messageSchema(type).variants)) mergeVariant(variant, variant.root, root, 0);
    const decl = root.children.get('Declaration');
    if (!decl) throw new Error(`the schema of ${type} has no Declaration`);
    shape = freeze(decl);
    declarationCache.set(type, shape);
  }
  return shape;
}

const excludedCache = new Map<string, ReadonlySet<string>>();

/**
 * Element paths (as in `Shape.path`) a variant does not allow: an element with maximum 0, and
 * everything below it.
 */
export function excludedPaths(type: MessageType, variant: VariantDef): ReadonlySet<string> {
  const key = `${type}:${variant.name}`;
  let set = excludedCache.get(key);
  if (!set) {
    const out = new Set<string>();
    const walk = (typeName: string, prefix: string, excluded: boolean, depth: number): void => {
      if (depth > 32) return;
      for (const def of sequenceOf(variant, typeName)) {
        const path = prefix === '' ? def.name : `${prefix}/${def.name}`;
        const ex = excluded || def.max === 0;
        if (ex) out.add(path);
        if (def.type !== undefined) walk(def.type, path, ex, depth + 1);
      }
    };
    walk(variant.root, '', false, 0);
    set = out;
    excludedCache.set(key, set);
  }
  return set;
}
