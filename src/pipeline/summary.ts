/**
 * What routing and the reference index need from one canonical document, read once. The document
 * is walked by field name rather than per type (as documentKeys does), so parties, locations and
 * references nested in consignments or equipment count as much as those in the header.
 */
import { documentKeys, KeyCollector, type CanonicalDocument, type DocumentKeys } from '../catalogue/documents/index.js';
import {
  DocumentEvent, PartyRole, ReferenceType, type DocumentFunction, type DocumentType, type TradeDirection,
} from '../config/types.js';
import type { RoutingSummary } from '../routing/summary.js';
import type { NewReference } from '../store/store.js';
import type { EnvelopeSummary } from '../store/types.js';

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const ROLES = new Set<string>(Object.values(PartyRole));
const EVENTS = new Set<string>(Object.values(DocumentEvent));
const REFERENCE_TYPES = new Set<string>(Object.values(ReferenceType));
const LOCATION_KEY = /(location|port|place|destination)s?$/i;
/** LOCATION_KEY's verdict per field name: documents repeat a few dozen names thousands of times. */
const locationKeys = new Map<string, boolean>();

function isLocationKey(key: string): boolean {
  let yes = locationKeys.get(key);
  if (yes === undefined) {
    yes = LOCATION_KEY.test(key);
    // Field names come from schemas, but a document posted as JSON may bring any; keep the cache small.
    if (locationKeys.size < 10_000) locationKeys.set(key, yes);
  }
  return yes;
}

export interface SummaryContext {
  /** The authenticated sender's partner id. */
  readonly senderId: string;
  readonly envelope: EnvelopeSummary;
  /** How the envelope names the recipient: UNB S003, or the customs Head ReceiverID. */
  readonly recipientKind: 'edifact' | 'customs' | 'none';
  readonly test: boolean;
}

/** `keys`: the document's documentKeys when the caller has them already (the walk is not free). */
export function routingSummaryOf(doc: CanonicalDocument, ctx: SummaryContext, keys: DocumentKeys = documentKeys(doc)): RoutingSummary {
  return summarize(doc, ctx, undefined, keys).summary;
}

/** The routing summary and the document's keys (as documentKeys gives them) from one walk over the document. */
export function routingSummaryAndKeys(doc: CanonicalDocument, ctx: SummaryContext): { readonly summary: RoutingSummary; readonly keys: DocumentKeys } {
  return summarize(doc, ctx, new KeyCollector(), undefined);
}

/** Walks the document once; with a collector, gathers its keys on the way (below key fields it stops looking for keys, as documentKeys does). */
function summarize(doc: CanonicalDocument, ctx: SummaryContext, collector: KeyCollector | undefined, given: DocumentKeys | undefined): { summary: RoutingSummary; keys: DocumentKeys } {
  const body = doc as unknown as Json;
  const parties = new Map<string, { role: PartyRole; id: string }>();
  const locations = new Set<string>();
  const references = new Map<string, { type: ReferenceType; value: string }>();
  const addParty = (role: string, id: unknown): void => {
    if (!ROLES.has(role) || typeof id !== 'string' || id === '') return;
    parties.set(`${role}\u0000${id}`, { role: role as PartyRole, id });
  };
  const addLocation = (v: unknown): void => {
    if (typeof v === 'string' && v !== '') locations.add(v);
  };

  // `keysOn`: this node is where documentKeys would look for keys (never without a collector).
  const visit = (node: unknown, key: string, keysOn: boolean): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, key, keysOn);
      return;
    }
    if (!isRecord(node)) return;
    if (keysOn) collector!.object(node);
    if (Array.isArray(node.roles) && Array.isArray(node.identifiers)) {
      for (const role of node.roles) {
        for (const ident of node.identifiers) if (isRecord(ident) && typeof role === 'string') addParty(role, ident.id);
      }
    }
    // Carrier references name a line by its SMDG code: the carrier of a voyage, the container operator.
    if (key === 'carrier' && typeof node.smdgCode === 'string') addParty('carrier', node.smdgCode);
    if (key === 'operator' && typeof node.smdgCode === 'string') addParty('containerOperator', node.smdgCode);
    if (isLocationKey(key)) {
      addLocation(node.unLocode);
      addLocation(node.code);
    }
    if (key === 'terminal') addLocation(node.code);
    if (typeof node.unLocode === 'string') addLocation(node.unLocode);
    if (key === 'references' && typeof node.type === 'string' && typeof node.value === 'string' && REFERENCE_TYPES.has(node.type)) {
      references.set(`${node.type}\u0000${node.value}`, { type: node.type as ReferenceType, value: node.value });
    }
    // for…in, not Object.entries: no pair arrays per field of every object of every routed document
    for (const k in node) {
      const v = node[k];
      visit(v, k, keysOn && !collector!.field(k, v));
    }
  };
  visit(body, '', collector !== undefined);
  const keys = given ?? collector!.keys();
  for (const c of keys.containers) references.set(`container\u0000${c}`, { type: 'container', value: c });

  const summary: { -readonly [K in keyof RoutingSummary]: RoutingSummary[K] } = {
    documentType: body.documentType as DocumentType,
    function: (body.function as DocumentFunction | undefined) ?? 'original',
    events: eventsOf(body),
    senderId: ctx.senderId,
    parties: [...parties.values()],
    locations: [...locations],
    references: [...references.values()],
    test: ctx.test || body.test === true,
  };
  const direction = directionOf(body);
  if (direction !== undefined) summary.direction = direction;
  const e = ctx.envelope;
  if (ctx.recipientKind === 'edifact' && e.recipientId !== undefined) {
    summary.recipient = { edifact: e.recipientQualifier === undefined ? { id: e.recipientId } : { id: e.recipientId, qualifier: e.recipientQualifier } };
  } else if (ctx.recipientKind === 'customs' && e.recipientId !== undefined) {
    summary.recipient = { customsId: e.recipientId };
  }
  return { summary, keys };
}

function eventsOf(body: Json): DocumentEvent[] {
  const out = new Set<string>();
  if (body.documentType === 'EquipmentInterchangeReceipt' && typeof body.direction === 'string') out.add(body.direction);
  if (typeof body.operation === 'string') out.add(body.operation);
  if (Array.isArray(body.decisions)) {
    for (const d of body.decisions) if (isRecord(d) && typeof d.decision === 'string') out.add(d.decision);
  }
  return [...out].filter((e): e is DocumentEvent => EVENTS.has(e));
}

/**
 * The trade direction when the document states it: a manifest says so; a gate report says it per
 * container (EQD 8249), and counts only when every container agrees.
 */
function directionOf(body: Json): TradeDirection | undefined {
  const d = body.direction;
  if (d === 'import' || d === 'export' || d === 'transhipment') return d;
  if (!Array.isArray(body.equipment)) return undefined;
  const statuses = new Set(body.equipment.map((e) => (isRecord(e) ? e.equipmentStatus : undefined)));
  if (statuses.size !== 1) return undefined;
  const only = [...statuses][0];
  return only === 'import' || only === 'export' || only === 'transhipment' ? only : undefined;
}

/** The document's keys as reference-index entries (kinds of the store's ReferenceKind). */
export function referencesOf(k: DocumentKeys): NewReference[] {
  return [
    ...k.billsOfLading.map((value) => ({ kind: 'bill-of-lading', value })),
    ...k.containers.map((value) => ({ kind: 'container', value })),
    ...k.bookings.map((value) => ({ kind: 'booking', value })),
    ...k.releaseNumbers.map((value) => ({ kind: 'release', value })),
    ...k.customsDeclarations.map((value) => ({ kind: 'customs-declaration', value })),
    ...k.vesselCalls.map((value) => ({ kind: 'vessel-call', value })),
  ];
}

/**
 * What a replace or cancel is matched on: the earlier document's number. Customs edit and delete
 * messages carry new MessageIDs and name the earlier one in a `previousMessage` reference; EDIFACT
 * replaces repeat the BGM document number.
 */
export function businessKeyOf(doc: CanonicalDocument): string | undefined {
  const body = doc as unknown as Json;
  if (body.function !== 'original' && Array.isArray(body.references)) {
    const refs: unknown[] = body.references;
    const prev = refs.find((r): r is Json => isRecord(r) && r.type === 'previousMessage' && typeof r.value === 'string');
    if (prev !== undefined) return prev.value as string;
  }
  return typeof body.documentId === 'string' ? body.documentId : undefined;
}
