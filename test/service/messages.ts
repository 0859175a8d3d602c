/**
 * Messages for the service tests and benchmarks: CODECO gate-ins as a terminal sends them
 * (SMDG ITG style, D.95B), CONTRLs as a line answers, and canonical JSON documents from the
 * catalogue's examples with the parties the demo routes look for.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { iso6346CheckDigit } from '../../src/catalogue/documents/index.js';

const repo = join(import.meta.dirname, '..', '..');

export function example(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(repo, 'schemas', 'documents', 'examples', `${name}.example.json`), 'utf8')) as Record<string, unknown>;
}

/** A valid ISO 6346 container number for owner + n. */
export function containerNumber(owner: string, n: number): string {
  const serial = String(n % 1_000_000).padStart(6, '0');
  return `${owner}${serial}${iso6346CheckDigit(owner + serial)}`;
}

export interface CodecoOptions {
  /** UNB 0020; every interchange needs its own (else it is a duplicate). */
  readonly controlRef: string;
  readonly sender?: string;
  readonly recipient?: string;
  readonly containers?: number;
  /** First container serial; containers are numbered from it. */
  readonly serial?: number;
  readonly ackRequested?: boolean;
  readonly test?: boolean;
  /** BGM 1225: 9 original, 5 replace, 1 cancel. */
  readonly function?: '9' | '5' | '1';
  readonly documentNumber?: string;
  /** Break the message on purpose: wrong UNT count. */
  readonly badCount?: boolean;
  readonly forwarder?: string;
}

/** A CODECO gate-in interchange (one message) from a terminal. */
export function codeco(o: CodecoOptions): string {
  const n = o.containers ?? 1;
  const segs: string[] = [
    'UNH+1+CODECO:D:95B:UN:ITG14',
    `BGM+34+${o.documentNumber ?? `GIN${o.controlRef}`}+${o.function ?? '9'}`,
    'TDT+20+042W+1++COS:172:20+++9783758:146:11:COSCO SHIPPING ARIES',
    `NAD+MS+${o.sender ?? 'NBCT'}:160:ZZZ`,
    'NAD+CF+COS:160:20',
  ];
  if (o.forwarder !== undefined) segs.push(`NAD+FW+${o.forwarder}:160:ZZZ`);
  for (let i = 0; i < n; i++) {
    segs.push(
      `EQD+CN+${containerNumber('CSNU', (o.serial ?? 100000) + i)}+45G1:102:5++2+5`,
      'RFF+BN:6301458812',
      'TMD+3',
      `DTM+7:2025031714${String(i % 60).padStart(2, '0')}:203`,
      'LOC+11+NLRTM:139:6',
      `MEA+AAE+G+KGM:${20000 + i}`,
      `SEL+COS${String(2290451 + i)}+CA`,
      'TDT+1++3+31+NBSD:172:ZZZ',
    );
  }
  segs.push(`CNT+16:${n}`);
  segs.push(`UNT+${segs.length + (o.badCount === true ? 2 : 1)}+1`);
  const unb = `UNB+UNOC:3+${o.sender ?? 'NBCT'}:ZZZ+${o.recipient ?? 'EDIGWNGB'}:ZZZ+250317:1430+${o.controlRef}${o.ackRequested === true || o.test === true ? `++++${o.ackRequested === true ? '1' : ''}${o.test === true ? '++1' : ''}` : ''}`;
  return [unb, ...segs, `UNZ+1+${o.controlRef}`].map((s) => `${s}'`).join('\n') + '\n';
}

/** A CONTRL from `sender` acknowledging interchange `acknowledged` (UCI action 7 accepted, 4 rejected). */
export function contrl(o: { controlRef: string; acknowledged: string; sender: string; action?: '7' | '4' }): string {
  return [
    `UNB+UNOC:3+${o.sender}:ZZZ+EDIGWNGB:ZZZ+250317:1500+${o.controlRef}`,
    'UNH+1+CONTRL:D:3:UN',
    `UCI+${o.acknowledged}+EDIGWNGB:ZZZ+${o.sender}:ZZZ+${o.action ?? '7'}`,
    'UNT+3+1',
    `UNZ+1+${o.controlRef}`,
  ].map((s) => `${s}'`).join('\n') + '\n';
}

/** The catalogue's gate-in example, naming a forwarder by its party id, so the demo routes send it there. */
export function gateInJson(o: { documentId?: string; forwarder?: string | string[]; containers?: string[]; function?: 'original' | 'replace' | 'cancel'; test?: boolean } = {}): Record<string, unknown> {
  const doc = example('EquipmentInterchangeReceipt');
  doc.documentId = o.documentId ?? doc.documentId;
  if (o.function !== undefined) doc.function = o.function;
  if (o.test === true) doc.test = true;
  const forwarders = Array.isArray(o.forwarder) ? o.forwarder : [o.forwarder ?? 'SINOTRANS-NB'];
  doc.parties = forwarders.map((id) => ({ roles: ['forwarder'], name: `Forwarder ${id}`, identifiers: [{ id, scheme: 'partner' }] }));
  if (o.containers !== undefined) {
    const first = (doc.equipment as Record<string, unknown>[])[0];
    doc.equipment = o.containers.map((c) => ({ ...first, containerNumber: c }));
    doc.controlTotals = { equipment: o.containers.length };
  }
  return doc;
}

/** A delivery order releasing to the forwarder with party id `forwarder`. */
export function deliveryOrderJson(o: { forwarder: string; releaseNumber: string; documentId?: string; function?: 'original' | 'replace' | 'cancel'; container?: string }): Record<string, unknown> {
  const doc = example('DeliveryOrder');
  doc.documentId = o.documentId ?? `DO-${o.releaseNumber}`;
  doc.releaseNumber = o.releaseNumber;
  if (o.function !== undefined) doc.function = o.function;
  const party = { roles: ['deliveryParty', 'forwarder'], name: o.forwarder, identifiers: [{ id: o.forwarder, scheme: 'partner' }] };
  doc.deliveryParty = party;
  doc.recipients = [party];
  if (o.container !== undefined) {
    doc.equipment = [{ ...(doc.equipment as Record<string, unknown>[])[0], containerNumber: o.container }];
    doc.controlTotals = { equipment: 1 };
  }
  return doc;
}
