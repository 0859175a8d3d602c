/**
 * Customs conventions the mapping checks on the documents it reads and writes, beyond the spec:
 * container size-types in trade shorthand, and the container index of a tally report.
 */
import type { XmlContent, XmlElement } from '../../syntax/xml/index.js';
import { isObj, type Obj } from '../paths.js';
import type { Consumed, IssueSink } from '../state.js';

/**
 * Trade shorthand seen in customs and platform messages, with the ISO 6346 code it stands for.
 * "20GP" reads under ISO 6346 as a 20 ft box 8 ft high, which is not what the sender means.
 */
const SHORTHAND: Readonly<Record<string, string>> = {
  '20GP': '22G1', '40GP': '42G1', '40HC': '45G1', '40HQ': '45G1', '45HC': 'L5G1', '45HQ': 'L5G1',
  '20RF': '22R1', '40RF': '42R1', '40RH': '45R1', '40RQ': '45R1', '20OT': '22U1', '40OT': '42U1',
  '20FR': '22P1', '40FR': '42P1', '20TK': '22T1',
};

function equipmentLists(doc: Obj): { list: unknown[]; ptr: string }[] {
  const out: { list: unknown[]; ptr: string }[] = [];
  if (Array.isArray(doc.equipment)) out.push({ list: doc.equipment, ptr: '/equipment' });
  if (Array.isArray(doc.consignments)) {
    doc.consignments.forEach((c, i) => {
      if (isObj(c) && Array.isArray(c.equipment)) out.push({ list: c.equipment, ptr: `/consignments/${i}/equipment` });
    });
  }
  return out;
}

/** Warns about size-types in shorthand in a document written as customs message `type`; they are written as they are. */
export function checkSizeTypes(doc: Obj, sink: IssueSink, type: string): void {
  for (const { list, ptr } of equipmentLists(doc)) {
    list.forEach((e, i) => {
      if (!isObj(e) || typeof e.sizeType !== 'string' || !Object.hasOwn(SHORTHAND, e.sizeType)) return;
      const code = e.sizeType;
      sink.add('GW_ERR_MAPPING_XML_SIZE_TYPE_SHORTHAND', `${ptr}/${i}/sizeType: "${code}" is trade shorthand, not an ISO 6346 size-type code as ${type} expects (for a standard box, ${SHORTHAND[code]}); written as it is`, { path: `${ptr}/${i}/sizeType` });
    });
  }
}

const list = (c: XmlContent | undefined): XmlContent[] => (c === undefined ? [] : Array.isArray(c) ? c : [c]);

/** The same check on a message as read, pointing at its CharacteristicCode elements. */
export function checkMessageSizeTypes(declaration: XmlElement, base: string, sink: IssueSink, type: string): void {
  const scan = (owner: XmlElement, path: string): void => {
    list(owner.TransportEquipment).forEach((te, i) => {
      const code = typeof te === 'object' && !Array.isArray(te) ? te.CharacteristicCode : undefined;
      if (typeof code !== 'string' || !Object.hasOwn(SHORTHAND, code)) return;
      const at = `${path}/TransportEquipment[${i + 1}]/CharacteristicCode`;
      sink.add('GW_ERR_MAPPING_XML_SIZE_TYPE_SHORTHAND', `${at}: "${code}" is trade shorthand, not an ISO 6346 size-type code as ${type} expects (for a standard box, ${SHORTHAND[code]}); kept as sent`, { path: at });
    });
  };
  scan(declaration, base);
  list(declaration.Consignment).forEach((c, i) => {
    if (typeof c === 'object' && !Array.isArray(c)) scan(c, `${base}/Consignment[${i + 1}]`);
  });
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Obj)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Obj)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Obj)[k], (b as Obj)[k]));
}

/**
 * A tally report lists every container it handled in `equipment`, including those the customs
 * message gives under a bill of lading: copies of those are added after reading.
 */
export function indexTalliedEquipment(doc: Obj): void {
  const top: unknown[] = Array.isArray(doc.equipment) ? doc.equipment : [];
  const seen = new Set(top.filter(isObj).map((e) => e.containerNumber));
  const added: unknown[] = [];
  if (!Array.isArray(doc.consignments)) return;
  for (const c of doc.consignments) {
    if (!isObj(c) || !Array.isArray(c.equipment)) continue;
    for (const e of c.equipment) {
      if (!isObj(e) || (e.containerNumber !== undefined && seen.has(e.containerNumber))) continue;
      seen.add(e.containerNumber);
      added.push(structuredClone(e));
    }
  }
  if (added.length > 0) doc.equipment = [...top, ...added];
}

function markAll(used: Consumed, value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => { used.mark(value, i); markAll(used, v); });
  } else if (isObj(value)) {
    for (const k of Object.keys(value)) { used.mark(value, k); markAll(used, value[k]); }
  }
}

/**
 * The other way: a container in `equipment` that a consignment lists with the same data is written
 * under that consignment only, so its copy is counted as carried.
 */
export function consumeTalliedEquipment(doc: Obj, used: Consumed): void {
  if (!Array.isArray(doc.equipment) || !Array.isArray(doc.consignments)) return;
  const under = new Map<unknown, unknown[]>();
  for (const c of doc.consignments) {
    if (!isObj(c) || !Array.isArray(c.equipment)) continue;
    for (const e of c.equipment) if (isObj(e)) under.set(e.containerNumber, [...(under.get(e.containerNumber) ?? []), e]);
  }
  const list = doc.equipment;
  let any = false;
  list.forEach((e, i) => {
    if (!isObj(e) || e.containerNumber === undefined || !(under.get(e.containerNumber) ?? []).some((c) => deepEqual(c, e))) return;
    used.mark(list, i);
    markAll(used, e);
    any = true;
  });
  if (any) used.mark(doc, 'equipment');
}
