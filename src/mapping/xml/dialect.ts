/**
 * The customs XML dialect of the mapping language. Rules name elements (`"element": "Consignment"`),
 * one level at a time, below `Declaration`; addresses are element paths relative to the rule's
 * element, with an optional value form (forms.ts):
 *
 *   .                    the rule element's own text (SealID, RoutingCountryCode)
 *   Name                 text of a child element;  Address/Line  of a grandchild
 *   @AgencyCode          an attribute of the rule element;  ValueAmount/@CurrencyTypeCode  of a child
 *   ID~imo, ID~code      a part of the text, by customs convention (forms.ts)
 *
 * Everything is resolved against the merged schema tree of the message type (shape.ts) when a spec
 * compiles. A child element that some rule names becomes a node of its own; every other element
 * below a rule's element is a value of that rule, and a value no binding reads is reported.
 *
 * A dialect compiled for writing one variant (a delete message, say) writes nothing into elements
 * the variant excludes: `has` answers true and `peek` nothing, so the bindings leave the document
 * fields unused and the adapter reports each as not sent.
 */
import type { Location } from '../../errors/index.js';
import { ATTRIBUTE_PREFIX, TEXT_KEY, type MessageType, type XmlContent, type XmlElement, type XmlValue } from '../../syntax/xml/index.js';
import type { Dialect, LeafAccessor, NodeRef } from '../dialect.js';
import type { RuleSpec } from '../spec.js';
import type { IssueSink } from '../state.js';
import { FORM_NAMES, formOf, joinParts, PLAIN, type Layout, type Parts } from './forms.js';
import type { Shape } from './shape.js';

/** An element of a message being read. */
export class XNode {
  readonly name: string;
  readonly value: XmlValue;
  /** Element path for findings: `/Manifest/Declaration/Consignment[2]/Consignee`. */
  readonly path: string;
  readonly shape: Shape;

  constructor(name: string, value: XmlValue, path: string, shape: Shape) {
    this.name = name;
    this.value = value;
    this.path = path;
    this.shape = shape;
  }
}

/** One element text or attribute a spec addresses below a rule's element. */
interface LeafDef {
  readonly steps: readonly string[];
  /** The shapes of the steps (to make repeating elements arrays, as the reader does). */
  readonly shapes: readonly Shape[];
  readonly attribute: string | undefined;
  readonly layout: Layout;
  readonly id: number;
  readonly rel: string;
}

/** An element being written: values per leaf until it is finished, child elements as attached. */
export class XBuilder {
  readonly shape: Shape;
  /** The variant being written excludes this element. */
  readonly excluded: boolean;
  readonly slots = new Map<LeafDef, Parts>();
  readonly children: XmlElement = {};
  /** Where the first value came from in the document, for findings about the whole element. */
  origin: string | undefined;

  constructor(shape: Shape, excluded: boolean) {
    this.shape = shape;
    this.excluded = excluded;
  }
}

export interface XmlRef extends NodeRef {
  readonly shape: Shape;
}

interface XmlAccessor extends LeafAccessor<XNode, XBuilder> {
  readonly rel: string;
}

const ADDRESS_STEP = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function firstOf(content: XmlContent | undefined): XmlValue | undefined {
  return Array.isArray(content) ? content[0] : content;
}

export class XmlDialect implements Dialect<XNode, XBuilder, XmlRef> {
  readonly format = 'xml' as const;
  readonly type: MessageType;
  private readonly declaration: Shape;
  /** Element paths the variant being written excludes (undefined: a reading plan). */
  private readonly excluded: ReadonlySet<string> | undefined;
  /** Child element names rules make nodes of, per element. */
  private readonly ruleKeys = new Map<Shape, Set<string>>();
  /** Child element names addresses read through, per rule element (a name cannot be both). */
  private readonly addressed = new Map<Shape, Set<string>>();
  private readonly leaves = new Map<string, LeafDef>();
  private readonly textIds = new Map<Shape, number>();
  private readonly attributeIds = new Map<Shape, Map<string, number>>();
  private nextId = 1;
  /** Findings of the message being written (set by the adapter; writing is synchronous). */
  sink: IssueSink | undefined;

  constructor(type: MessageType, declaration: Shape, excluded?: ReadonlySet<string>) {
    this.type = type;
    this.declaration = declaration;
    this.excluded = excluded;
  }

  root(): XmlRef {
    return { key: 'Declaration', order: 0, container: true, leaves: false, label: `${this.type} Declaration`, shape: this.declaration };
  }

  child(parent: XmlRef, rule: RuleSpec): XmlRef {
    if (rule.segment !== undefined || rule.group !== undefined) throw new Error('customs XML rules name an "element", not a "segment" or "group"');
    const name = rule.element;
    if (name === undefined) throw new Error('a rule names an "element" or "use"');
    if (name.includes('/')) throw new Error(`"${name}": a rule names one child element; nest rules for deeper elements`);
    const shape = parent.shape.children.get(name);
    if (!shape) throw new Error(`${parent.shape.path || parent.label} has no element ${name} in ${this.type} (there: ${[...parent.shape.children.keys()].join(', ') || 'none'})`);
    if (this.addressed.get(parent.shape)?.has(name)) throw new Error(`${shape.path} is already read through an address of the enclosing rule; address its values there or give it a rule, not both`);
    let keys = this.ruleKeys.get(parent.shape);
    if (!keys) {
      keys = new Set();
      this.ruleKeys.set(parent.shape, keys);
    }
    keys.add(name);
    return { key: name, order: shape.order, container: shape.complex, leaves: true, label: `element ${shape.path}`, shape };
  }

  private textId(shape: Shape): number {
    let id = this.textIds.get(shape);
    if (id === undefined) {
      id = this.nextId++;
      this.textIds.set(shape, id);
    }
    return id;
  }

  private attributeId(shape: Shape, name: string): number {
    let ids = this.attributeIds.get(shape);
    if (!ids) {
      ids = new Map();
      this.attributeIds.set(shape, ids);
    }
    let id = ids.get(name);
    if (id === undefined) {
      id = this.nextId++;
      ids.set(name, id);
    }
    return id;
  }

  /** Resolves the element path and attribute of an address against the rule's element. */
  private leaf(node: XmlRef, rel: string, layout: Layout): LeafDef {
    const key = `${node.shape.path}|${rel}`;
    const known = this.leaves.get(key);
    if (known) {
      if (known.layout !== layout) throw new Error(`"${rel}" is addressed with forms that split its text differently`);
      return known;
    }
    const parts = rel === '.' ? [] : rel.split('/');
    let attribute: string | undefined;
    if (parts.length > 0 && parts[parts.length - 1].startsWith('@')) attribute = parts.pop()!.slice(1);
    const shapes: Shape[] = [];
    let shape = node.shape;
    for (const step of parts) {
      if (!ADDRESS_STEP.test(step)) throw new Error(`"${rel}" is not an element path (Name, Name/Name, @Attribute, Name/@Attribute or .)`);
      const next = shape.children.get(step);
      if (!next) throw new Error(`${shape.path} has no element ${step} in ${this.type} (there: ${[...shape.children.keys()].join(', ') || 'none'})`);
      shapes.push(next);
      shape = next;
    }
    if (attribute !== undefined && !shape.attributes.includes(attribute)) {
      throw new Error(`${shape.path} has no attribute ${attribute} in ${this.type} (it has: ${shape.attributes.join(', ') || 'none'})`);
    }
    if (attribute === undefined && shape.children.size > 0) throw new Error(`${shape.path} holds elements, not text; address one of them (${[...shape.children.keys()].join(', ')})`);
    if (parts.length > 0) {
      if (this.ruleKeys.get(node.shape)?.has(parts[0])) throw new Error(`${node.shape.path}/${parts[0]} has a rule of its own; address its values in that rule`);
      let set = this.addressed.get(node.shape);
      if (!set) {
        set = new Set();
        this.addressed.set(node.shape, set);
      }
      set.add(parts[0]);
    }
    const id = attribute === undefined ? this.textId(shape) : this.attributeId(shape, attribute);
    const def: LeafDef = { steps: parts, shapes, attribute, layout, id, rel };
    this.leaves.set(key, def);
    return def;
  }

  address(node: XmlRef, address: string): LeafAccessor<XNode, XBuilder> {
    const tilde = address.indexOf('~');
    const rel = tilde === -1 ? address : address.slice(0, tilde);
    const form = tilde === -1 ? PLAIN : formOf(address.slice(tilde + 1));
    if (!form) throw new Error(`"${address}": unknown value form ~${address.slice(tilde + 1)} (known: ${FORM_NAMES.map((f) => `~${f}`).join(', ')})`);
    const leaf = this.leaf(node, rel, form.layout);
    const { steps, attribute } = leaf;
    const attributeKey = attribute === undefined ? undefined : `${ATTRIBUTE_PREFIX}${attribute}`;
    const leafShape = leaf.shapes.length > 0 ? leaf.shapes[leaf.shapes.length - 1] : node.shape;
    // A leaf below an element the variant excludes is never written (see the header comment).
    const excluded = this.excluded !== undefined && this.excluded.has(leafShape.path);
    const text = (n: XNode): string | undefined => {
      let cur: XmlValue | undefined = n.value;
      for (let i = 0; i < steps.length; i++) {
        if (cur === undefined || typeof cur === 'string') return undefined;
        cur = firstOf(cur[steps[i]]);
      }
      if (cur === undefined) return undefined;
      let v: XmlContent | undefined;
      if (attributeKey !== undefined) v = typeof cur === 'string' ? undefined : cur[attributeKey];
      else v = typeof cur === 'string' ? cur : cur[TEXT_KEY];
      return typeof v === 'string' && v !== '' ? v : undefined;
    };
    const slot = (b: XBuilder): Parts => {
      let parts = b.slots.get(leaf);
      if (!parts) {
        parts = [];
        b.slots.set(leaf, parts);
      }
      return parts;
    };
    const accessor: XmlAccessor = {
      ids: [leaf.id],
      label: address,
      rel: rel === '.' ? '' : rel,
      maxLength: leafShape.maxLength,
      count: form.count,
      get(n, k = 0) {
        const t = text(n);
        return t === undefined ? undefined : form.read(t, k);
      },
      set: (b, value, origin, k = 0) => {
        if (excluded || b.excluded) return;
        b.origin ??= origin;
        form.put(slot(b), value, k);
      },
      has(b, k = 0) {
        if (excluded || b.excluded) return true;
        const parts = b.slots.get(leaf);
        return parts !== undefined && form.has(parts, k);
      },
      peek(b, k = 0) {
        if (excluded || b.excluded) return undefined;
        const parts = b.slots.get(leaf);
        return parts === undefined ? undefined : form.peek(parts, k);
      },
    };
    return accessor;
  }

  keyOf(node: XNode): string {
    return node.name;
  }

  children(node: XNode): readonly XNode[] {
    const keys = this.ruleKeys.get(node.shape);
    const value = node.value;
    if (!keys || typeof value === 'string') return [];
    const out: XNode[] = [];
    for (const key in value) {
      if (!keys.has(key)) continue;
      const shape = node.shape.children.get(key)!;
      const content = value[key];
      if (Array.isArray(content)) {
        const indexed = shape.repeating || content.length > 1;
        for (let i = 0; i < content.length; i++) out.push(new XNode(key, content[i], indexed ? `${node.path}/${key}[${i + 1}]` : `${node.path}/${key}`, shape));
      } else {
        out.push(new XNode(key, content, shape.repeating ? `${node.path}/${key}[1]` : `${node.path}/${key}`, shape));
      }
    }
    return out;
  }

  locate(node: XNode, accessor?: LeafAccessor<XNode, XBuilder>): Location {
    const rel = accessor ? (accessor as XmlAccessor).rel : '';
    return { path: rel === '' ? node.path : `${node.path}/${rel}` };
  }

  describe(node: XNode): string {
    return node.path;
  }

  /** Values below a node that no covered id reads, child elements with rules of their own left out. */
  uncovered(node: XNode, covered: ReadonlySet<number>): { label: string; value: string; location: Location }[] {
    const out: { label: string; value: string; location: Location }[] = [];
    const skip = this.ruleKeys.get(node.shape);
    const report = (rel: string, value: string): void => {
      out.push({ label: rel === '' ? '(text)' : rel, value: value.length > 60 ? `${value.slice(0, 60)}…` : value, location: { path: rel === '' ? node.path : `${node.path}/${rel}` } });
    };
    const walk = (value: XmlValue, shape: Shape | undefined, rel: string, top: boolean, anyCovered: boolean): void => {
      if (typeof value === 'string') {
        if (value !== '' && !(anyCovered && shape !== undefined && covered.has(this.textIds.get(shape) ?? 0))) report(rel, value);
        return;
      }
      for (const key in value) {
        const v = value[key];
        if (key === TEXT_KEY) {
          if (typeof v === 'string' && v !== '' && !(anyCovered && shape !== undefined && covered.has(this.textIds.get(shape) ?? 0))) report(rel, v);
          continue;
        }
        if (key.startsWith(ATTRIBUTE_PREFIX)) {
          const id = shape === undefined ? undefined : this.attributeIds.get(shape)?.get(key.slice(ATTRIBUTE_PREFIX.length));
          if (typeof v === 'string' && v !== '' && !(anyCovered && id !== undefined && covered.has(id))) report(`${rel === '' ? '' : `${rel}/`}${key}`, v);
          continue;
        }
        if (top && skip?.has(key)) continue;
        const child = shape?.children.get(key);
        const childRel = rel === '' ? key : `${rel}/${key}`;
        if (Array.isArray(v)) {
          // Addresses read the first occurrence of an element without a rule; later ones are nobody's.
          const indexed = child?.repeating === true || v.length > 1;
          for (let i = 0; i < v.length; i++) walk(v[i], child, indexed ? `${childRel}[${i + 1}]` : childRel, false, anyCovered && i === 0);
        } else {
          walk(v, child, childRel, false, anyCovered);
        }
      }
    };
    walk(node.value, node.shape, '', true, true);
    return out;
  }

  create(ref: XmlRef): XBuilder {
    return new XBuilder(ref.shape, this.excluded !== undefined && this.excluded.has(ref.shape.path));
  }

  attach(parent: XBuilder, child: XBuilder): void {
    const value = this.finish(child);
    const { name, repeating, max, path } = child.shape;
    const current = parent.children[name];
    if (current === undefined) {
      parent.children[name] = repeating ? [value] : value;
      return;
    }
    if (repeating && Array.isArray(current) && (max === null || current.length < max)) {
      current.push(value);
      return;
    }
    const origin = child.origin ?? '';
    this.sink?.add('GW_ERR_MAPPING_UNMAPPED_FIELD', `${origin || path}: ${path} may occur ${repeating ? `at most ${max} times` : 'once'} in ${this.type}; this one is not sent`, { path: origin });
  }

  /** The element a builder made: its values placed, text alone as a string (as the reader gives it). */
  finish(b: XBuilder): XmlValue {
    const el = b.children;
    for (const [leaf, parts] of b.slots) {
      const text = joinParts(leaf.layout, parts);
      if (text !== undefined && text !== '') place(el, leaf, text);
    }
    const keys = Object.keys(el);
    if (keys.length === 0) return '';
    if (keys.length === 1 && keys[0] === TEXT_KEY) return el[TEXT_KEY] as string;
    return el;
  }
}

/** Puts a leaf's text into an element, creating the elements on its path. */
function place(el: XmlElement, leaf: LeafDef, text: string): void {
  let cur = el;
  const n = leaf.steps.length;
  const last = leaf.attribute === undefined ? n - 1 : n;
  for (let i = 0; i < last; i++) cur = objectChild(cur, leaf.steps[i], leaf.shapes[i]);
  if (leaf.attribute !== undefined) {
    cur[`${ATTRIBUTE_PREFIX}${leaf.attribute}`] = text;
    return;
  }
  if (n === 0) {
    cur[TEXT_KEY] = text;
    return;
  }
  const name = leaf.steps[n - 1];
  const existing = firstOf(cur[name]);
  if (existing !== undefined && typeof existing !== 'string') existing[TEXT_KEY] = text;
  else cur[name] = leaf.shapes[n - 1].repeating ? [text] : text;
}

function objectChild(el: XmlElement, name: string, shape: Shape): XmlElement {
  const existing = firstOf(el[name]);
  if (existing !== undefined && typeof existing !== 'string') return existing;
  const obj: XmlElement = existing === undefined || existing === '' ? {} : { [TEXT_KEY]: existing };
  el[name] = shape.repeating ? [obj] : obj;
  return obj;
}
