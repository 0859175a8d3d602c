/**
 * Canonical documents posted to the hub with names of Object.prototype members ("toString",
 * "constructor", "__proto__" …) as documentType, as field names and as a reference type. Each is an
 * unknown value with the verdict any other unknown value gets: the schema check rejects it (an
 * unknown type, an unknown field, a value outside the list), and the walks that collect a
 * document's keys never take it for a table entry (a reference of type "constructor" crashed
 * documentKeys with a TypeError once).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { documentKeys } from '../../../src/catalogue/documents/keys.js';
import type { CanonicalDocument } from '../../../src/catalogue/documents/types.generated.js';
import { validateDocument } from '../../../src/catalogue/documents/validate.js';
import { checkJson } from '../../../src/pipeline/validate.js';

const NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype'])];

/** The example delivery order as JSON text, the way a partner posts it. */
const EXAMPLE = readFileSync(new URL('../../../schemas/documents/examples/DeliveryOrder.example.json', import.meta.url), 'utf8');

/** The example with `field` added first at the top, in `sender` and in the first reference (JSON.parse keeps "__proto__" as a field). */
function withField(field: string, where: 'top' | 'sender' | 'reference'): unknown {
  const doc = JSON.parse(EXAMPLE) as Record<string, unknown>;
  const extra = JSON.stringify({ [field]: 'x' }).slice(1, -1);
  const text = JSON.stringify(doc);
  switch (where) {
    case 'top': return JSON.parse(text.replace(/^\{/, `{${extra},`));
    case 'sender': return JSON.parse(text.replace('"sender":{', `"sender":{${extra},`));
    case 'reference': return JSON.parse(text.replace('"references":[{', `"references":[{${extra},`));
  }
}

function withReferenceType(type: string): CanonicalDocument {
  const doc = JSON.parse(EXAMPLE) as { references: { type: string; value: string }[] };
  doc.references.push({ type, value: 'MSCU1234565' });
  return doc as unknown as CanonicalDocument;
}

const codesOf = (r: { issues: readonly { code: string }[] }): string[] => r.issues.map((i) => i.code);

describe('canonical documents with names of Object.prototype members', () => {
  it('are documents of an unknown type when documentType is one', () => {
    const unknown = validateDocument({ ...(JSON.parse(EXAMPLE) as object), documentType: 'Nonsense' });
    expect(codesOf(unknown)).toEqual(['GW_ERR_DOCUMENT_TYPE_UNKNOWN']);
    for (const name of NAMES) {
      const r = validateDocument({ ...(JSON.parse(EXAMPLE) as object), documentType: name });
      expect(r.ok, name).toBe(false);
      expect(codesOf(r), name).toEqual(codesOf(unknown));
    }
  });

  it('have unknown fields when a field is named so, at the top and below', () => {
    expect(validateDocument(JSON.parse(EXAMPLE)).ok).toBe(true);
    const paths = { top: '', sender: '/sender', reference: '/references/0' } as const;
    for (const name of NAMES) {
      for (const where of ['top', 'sender', 'reference'] as const) {
        const r = validateDocument(withField(name, where));
        expect(r.ok, `${name} at ${where}`).toBe(false);
        expect(r.issues.map((i) => [i.code, i.location?.path]), `${name} at ${where}`).toEqual([['GW_ERR_DOCUMENT_FIELD_UNKNOWN', `${paths[where]}/${name}`]]);
      }
    }
  });

  it('are refused when posted as a JSON body, one finding per document', () => {
    for (const name of NAMES) {
      const body = `[${JSON.stringify(withField(name, 'top'))},${JSON.stringify({ ...(JSON.parse(EXAMPLE) as object), documentType: name })}]`;
      const r = checkJson(Buffer.from(body, 'utf8'));
      expect(r.documents, name).toEqual([]);
      expect(r.issues.map((i) => [i.code, i.location?.messageIndex]), name).toEqual([['GW_ERR_DOCUMENT_FIELD_UNKNOWN', 1], ['GW_ERR_DOCUMENT_TYPE_UNKNOWN', 2]]);
    }
  });

  it('are references of no key kind when a reference type is one, as an unknown type is', () => {
    const unknown = withReferenceType('notAKind');
    expect(codesOf(validateDocument(unknown))).toEqual(['GW_ERR_DOCUMENT_VALUE_INVALID']);
    const keys = documentKeys(unknown);
    for (const name of NAMES) {
      const doc = withReferenceType(name);
      expect(codesOf(validateDocument(doc)), name).toEqual(['GW_ERR_DOCUMENT_VALUE_INVALID']);
      expect(documentKeys(doc), name).toEqual(keys);
    }
  });
});
