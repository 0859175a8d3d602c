/**
 * Walks a CustomsMessage in the order the customs schema requires and reports elements, attributes
 * and text to a sink. The writer (write.ts) drives xmlbuilder2 with it; bench/xml-build.ts drives
 * the alternatives it was measured against. Element order comes from the XSD sequence of the
 * message's variant; elements the schema does not know follow the known ones, in their own order,
 * so a round trip keeps them.
 */
import { GatewayError } from '../../errors/index.js';
import { messageSchema, sequenceOf, variantFor, type VariantDef } from './schema.js';
import { ATTRIBUTE_PREFIX, HEAD_FIELDS, TEXT_KEY, isMessageType, type CustomsMessage, type MftHead, type XmlContent, type XmlElement, type XmlValue } from './types.js';

export interface XmlSink {
  open(name: string, attributes: Record<string, string> | undefined): void;
  text(value: string): void;
  close(): void;
}

function attributesOf(value: XmlValue): Record<string, string> | undefined {
  if (typeof value === 'string') return undefined;
  let attrs: Record<string, string> | undefined;
  for (const key in value) {
    if (key.startsWith(ATTRIBUTE_PREFIX)) {
      const v = value[key];
      if (typeof v !== 'string') throw new GatewayError('GW_ERR_XML_BUILD_INVALID', `Attribute ${key} must be a string.`);
      (attrs ??= {})[key.slice(ATTRIBUTE_PREFIX.length)] = v;
    }
  }
  return attrs;
}

function writeValue(sink: XmlSink, name: string, value: XmlValue, variant: VariantDef | undefined, typeName: string | undefined): void {
  if (typeof value === 'string') {
    sink.open(name, undefined);
    if (value !== '') sink.text(value);
    sink.close();
    return;
  }
  sink.open(name, attributesOf(value));
  const text = value[TEXT_KEY];
  if (typeof text === 'string' && text !== '') sink.text(text);
  writeChildren(sink, value, variant, typeName);
  sink.close();
}

function writeContent(sink: XmlSink, name: string, content: XmlContent, variant: VariantDef | undefined, typeName: string | undefined): void {
  if (Array.isArray(content)) {
    for (const item of content) writeValue(sink, name, item, variant, typeName);
  } else {
    writeValue(sink, name, content, variant, typeName);
  }
}

function writeChildren(sink: XmlSink, element: XmlElement, variant: VariantDef | undefined, typeName: string | undefined): void {
  const sequence = variant !== undefined && typeName !== undefined ? sequenceOf(variant, typeName) : [];
  let known: Set<string> | undefined;
  if (sequence.length > 0) {
    known = new Set();
    for (const def of sequence) {
      known.add(def.name);
      if (!Object.hasOwn(element, def.name)) continue;
      writeContent(sink, def.name, element[def.name], variant, def.type);
    }
  }
  for (const key in element) {
    if (key.startsWith(ATTRIBUTE_PREFIX) || key === TEXT_KEY || known?.has(key)) continue;
    writeContent(sink, key, element[key], undefined, undefined);
  }
}

/** The variant whose element order the writer follows (the writer refuses an unknown FunctionCode before walking). */
export function writerVariant(message: CustomsMessage): VariantDef {
  if (!isMessageType(message.type)) throw new GatewayError('GW_ERR_XML_BUILD_INVALID', `Unknown customs message type ${String(message.type)}.`);
  const schema = messageSchema(message.type);
  const variant = variantFor(schema, message.head.FunctionCode);
  if (!variant) throw new GatewayError('GW_ERR_XML_BUILD_INVALID', `FunctionCode ${message.head.FunctionCode.slice(0, 20)} is not defined for ${message.type}.`);
  return variant;
}

/** Reports the Manifest (Head, then Declaration in schema order) to the sink. */
export function walkManifest(message: CustomsMessage, sink: XmlSink, namespace: string | undefined): void {
  const variant = writerVariant(message);
  const declType = sequenceOf(variant, variant.root).find((d) => d.name === 'Declaration')?.type;
  sink.open('Manifest', namespace === undefined ? undefined : { xmlns: namespace });
  sink.open('Head', undefined);
  for (const field of HEAD_FIELDS) {
    sink.open(field, undefined);
    const value = message.head[field];
    if (value !== '') sink.text(value);
    sink.close();
  }
  sink.close();
  writeValue(sink, 'Declaration', message.declaration, variant, declType);
  sink.close();
}

/** Reports the port platform wrapper: MFTHead fields in their order, then `data` fills MFTData. */
export function walkWrapper(head: MftHead, sink: XmlSink, data: () => void): void {
  sink.open('MFTMessage', undefined);
  sink.open('MFTHead', undefined);
  for (const [field, value] of Object.entries(head)) {
    if (value === undefined) continue;
    sink.open(field, undefined);
    if (value !== '') sink.text(value);
    sink.close();
  }
  sink.close();
  sink.open('MFTData', undefined);
  data();
  sink.close();
  sink.close();
}
