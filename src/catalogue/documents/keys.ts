/**
 * The business keys of a canonical document, for the reference index that tracking and routing use
 * (GET /v1/containers/{number}/timeline, /v1/bills/{number}/timeline, search by reference). Keys
 * sit at many depths (a container number in equipment, in goods placements, in customs decisions),
 * so the document is walked by field name rather than per document type: a field added to a
 * schema under one of these names is indexed without a change here.
 */
import type { CanonicalDocument, ReferenceType } from './types.generated.js';

export interface DocumentKeys {
  /** B/L numbers, master and house (billOfLadingNumber, houseBillOfLadingNumber, B/L references). */
  readonly billsOfLading: string[];
  /** ISO 6346 container numbers. */
  readonly containers: string[];
  readonly bookings: string[];
  readonly releaseNumbers: string[];
  readonly customsDeclarations: string[];
  /** `<vessel>/<voyage>`, the vessel being its IMO number, else its call sign, else its name. */
  readonly vesselCalls: string[];
}

type KeyKind = Exclude<keyof DocumentKeys, 'vesselCalls'>;

const REFERENCE_KINDS: Partial<Record<ReferenceType, KeyKind>> = {
  billOfLading: 'billsOfLading',
  masterBillOfLading: 'billsOfLading',
  houseBillOfLading: 'billsOfLading',
  booking: 'bookings',
  releaseNumber: 'releaseNumbers',
  customsDeclaration: 'customsDeclarations',
};

const FIELD_KINDS: Readonly<Record<string, KeyKind>> = {
  billOfLadingNumber: 'billsOfLading',
  houseBillOfLadingNumber: 'billsOfLading',
  containerNumber: 'containers',
  containerNumbers: 'containers',
  releaseNumber: 'releaseNumbers',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function vesselCallKey(call: Record<string, unknown>): string | undefined {
  const vessel = call.imoNumber ?? call.callSign ?? call.vesselName;
  if (typeof vessel !== 'string' || typeof call.voyageNumber !== 'string') return undefined;
  return `${vessel.toUpperCase()}/${call.voyageNumber}`;
}

/**
 * Gathers keys object by object, for a walk over a document that does more than collect keys (the
 * routing summary walks every object anyway; one walk instead of two). `documentKeys` is its
 * simplest user.
 */
export class KeyCollector {
  private readonly found = {
    billsOfLading: new Set<string>(),
    containers: new Set<string>(),
    bookings: new Set<string>(),
    releaseNumbers: new Set<string>(),
    customsDeclarations: new Set<string>(),
    vesselCalls: new Set<string>(),
  };

  /** An object of the document (a reference names its kind in `type`). */
  object(node: Record<string, unknown>): void {
    if (typeof node.type === 'string' && typeof node.value === 'string') {
      // An own property only: a reference of type "constructor" or "toString" is of no key kind.
      const kind = Object.hasOwn(REFERENCE_KINDS, node.type) ? REFERENCE_KINDS[node.type as ReferenceType] : undefined;
      if (kind !== undefined) this.found[kind].add(node.value);
    }
  }

  /** A field of an object; true when it was a key field, whose value holds no further keys to look for. */
  field(field: string, value: unknown): boolean {
    // An own property only: a field named "constructor" or "toString" is no key field.
    const kind = Object.hasOwn(FIELD_KINDS, field) ? FIELD_KINDS[field] : undefined;
    if (kind !== undefined) {
      if (typeof value === 'string') this.found[kind].add(value);
      else if (Array.isArray(value)) for (const v of value as unknown[]) if (typeof v === 'string') this.found[kind].add(v);
      return true;
    }
    if (field === 'vesselCall' && isRecord(value)) {
      const key = vesselCallKey(value);
      if (key !== undefined) this.found.vesselCalls.add(key);
      return true;
    }
    return false;
  }

  /** Each list sorted, each key once. */
  keys(): DocumentKeys {
    const sorted = (s: Set<string>): string[] => [...s].sort();
    const f = this.found;
    return {
      billsOfLading: sorted(f.billsOfLading),
      containers: sorted(f.containers),
      bookings: sorted(f.bookings),
      releaseNumbers: sorted(f.releaseNumbers),
      customsDeclarations: sorted(f.customsDeclarations),
      vesselCalls: sorted(f.vesselCalls),
    };
  }
}

/** Collects the keys of a document; each list is sorted and holds each key once. */
export function documentKeys(doc: CanonicalDocument): DocumentKeys {
  const collector = new KeyCollector();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (!isRecord(node)) return;
    collector.object(node);
    // for…in, not Object.entries: no pair arrays per field (this runs over every object of every routed document)
    for (const field in node) {
      const value = node[field];
      if (!collector.field(field, value)) visit(value);
    }
  };
  visit(doc);
  return collector.keys();
}
