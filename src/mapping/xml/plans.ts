/**
 * The customs XML specs of a mapping registry, found by message type (reading) or by document
 * (writing), each compiled once per registry: one plan for reading any variant, one per variant
 * for writing (a delete message's plan writes nothing where the delete XSD excludes it).
 */
import { GatewayError, makeIssue } from '../../errors/index.js';
import { isMessageType, messageSchema, type MessageType, type VariantDef } from '../../syntax/xml/index.js';
import { compilePlan, type CompiledPlan, type ResolvedSpec } from '../compile.js';
import { docTest } from '../conditions.js';
import type { Obj } from '../paths.js';
import type { MappingRegistry } from '../registry.js';
import type { MappingSpec } from '../spec.js';
import { XmlDialect, type XBuilder, type XNode } from './dialect.js';
import { declarationShape, excludedPaths } from './shape.js';

export interface XmlPlan {
  readonly spec: ResolvedSpec;
  readonly type: MessageType;
  readonly dialect: XmlDialect;
  readonly plan: CompiledPlan<XNode, XBuilder>;
  /** The variant this plan writes; undefined for the reading plan. */
  readonly variant: VariantDef | undefined;
}

const plans = new WeakMap<MappingRegistry, Map<string, XmlPlan>>();

function serves(spec: MappingSpec, direction: 'read' | 'write'): boolean {
  const d = spec.direction ?? 'both';
  return d === 'both' || d === direction;
}

function specInvalid(spec: ResolvedSpec, text: string): GatewayError {
  const msg = `${spec.spec.id}: ${text}`;
  return new GatewayError('GW_ERR_MAPPING_SPEC_INVALID', msg, { issues: [makeIssue('GW_ERR_MAPPING_SPEC_INVALID', msg)] });
}

/** The compiled plan of a customs XML spec, for reading (no variant) or for writing one variant. */
export function xmlPlan(registry: MappingRegistry, spec: ResolvedSpec, variant?: VariantDef): XmlPlan {
  let byKey = plans.get(registry);
  if (!byKey) {
    byKey = new Map();
    plans.set(registry, byKey);
  }
  const key = `${spec.spec.id}@${variant?.name ?? 'read'}`;
  let p = byKey.get(key);
  if (p) return p;
  const type = spec.spec.message;
  if (!isMessageType(type)) throw specInvalid(spec, `${type} is not a customs message type the gateway knows`);
  const dialect = new XmlDialect(type, declarationShape(type), variant ? excludedPaths(type, variant) : undefined);
  try {
    p = { spec, type, dialect, plan: compilePlan(spec, dialect), variant };
  } catch (err) {
    throw specInvalid(spec, (err as Error).message.replace(`${spec.spec.id}: `, ''));
  }
  byKey.set(key, p);
  return p;
}

/** Specs that read a customs message type, optionally into one document type, in file order. */
export function xmlSpecsForMessage(registry: MappingRegistry, type: string, document?: string): ResolvedSpec[] {
  return registry.specs.filter((r) => r.spec.format === 'xml' && r.spec.message === type && serves(r.spec, 'read') && (document === undefined || r.spec.document === document));
}

export interface DocumentSpecChoice {
  readonly spec?: ResolvedSpec;
  /** Why no spec writes the document, when none does. */
  readonly reason?: string;
}

/**
 * The spec that writes a document as customs XML: of those for its type (and the message type asked
 * for), the first whose `if` the document meets (a Manifest's direction picks MT1101 or MT2101).
 */
export function xmlSpecForDocument(registry: MappingRegistry, doc: Obj, message?: string): DocumentSpecChoice {
  const type = typeof doc.documentType === 'string' ? doc.documentType : '';
  const all = registry.specs.filter((r) => r.spec.format === 'xml' && r.spec.document === type && serves(r.spec, 'write') && (message === undefined || r.spec.message === message));
  if (all.length === 0) {
    const any = registry.specs.filter((r) => r.spec.format === 'xml' && r.spec.document === type && serves(r.spec, 'write')).map((r) => r.spec.message);
    return { reason: `no mapping writes ${type || 'a document without documentType'} as customs XML${message ? ` ${message}` : ''}${any.length > 0 ? ` (it can be written as ${[...new Set(any)].join(', ')})` : ''}` };
  }
  const fits = all.filter((r) => docTest(r.spec.if, r.spec.id)?.(doc, doc) ?? true);
  const messages = [...new Set(fits.map((r) => r.spec.message))];
  // A loading TallyReport is an MT4101 loading manifest or an MT5102 tally report: the partner says which.
  if (messages.length > 1) return { reason: `this ${type} can be written as ${messages.join(' or ')}; say which message to write` };
  if (fits.length > 0) return { spec: fits[0] };
  const conditions = all.map((r) => `${r.spec.message} carries ${Object.entries(r.spec.if ?? {}).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  return { reason: `this ${type} fits no customs message${message ? ` ${message}` : ''}: ${conditions.join('; ')}` };
}

/** Compiles every customs XML spec for reading and for each of its variants (start-up check; tests). */
export function compileXmlSpecs(registry: MappingRegistry): void {
  for (const spec of registry.specs) {
    if (spec.spec.format !== 'xml') continue;
    const p = xmlPlan(registry, spec);
    for (const variant of Object.values(messageSchema(p.type).variants)) xmlPlan(registry, spec, variant);
  }
}
