import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_PATH } from '../../src/config/load.js';
import { DocumentEvent, DocumentFunction, DocumentType, PartnerRole, PartyRole, ReferenceType } from '../../src/config/types.js';

// Route rules speak the canonical documents' words, so the pipeline can hand parties, references and
// events over unchanged. These tests keep the configuration schema, its TypeScript types and the
// document schemas in step.
const documents = (JSON.parse(readFileSync(new URL('../../schemas/documents/common.schema.json', import.meta.url), 'utf8')) as { $defs: Record<string, { enum: string[] }> }).$defs;
const config = JSON.parse(readFileSync(CONFIG_SCHEMA_PATH, 'utf8')) as {
  $defs: Record<string, { enum?: string[] }> & {
    route: { properties: { match: { properties: { event: { items: { enum: string[] } }; references: { propertyNames: { enum: string[] } } } } } };
  };
};
const match = config.$defs.route.properties.match.properties;

describe('routing vocabulary', () => {
  it('party roles are the canonical documents\' party roles', () => {
    expect(Object.values(PartyRole)).toEqual(documents['partyRole'].enum);
    expect(config.$defs['partyRole'].enum).toEqual(documents['partyRole'].enum);
  });

  it('reference types are the canonical documents\' reference types, plus container numbers', () => {
    expect(Object.values(ReferenceType)).toEqual([...documents['referenceType'].enum, 'container']);
    expect(match.references.propertyNames.enum).toEqual(Object.values(ReferenceType));
  });

  it('document types and functions are the canonical ones', () => {
    expect(Object.values(DocumentType)).toEqual(documents['documentType'].enum);
    expect(config.$defs['documentType'].enum).toEqual(documents['documentType'].enum);
    expect(Object.values(DocumentFunction)).toEqual(documents['documentFunction'].enum);
  });

  it('events and partner roles agree between the schema and the types', () => {
    expect(match.event.items.enum).toEqual(Object.values(DocumentEvent));
    expect(config.$defs['partnerRole'].enum).toEqual(Object.values(PartnerRole));
  });
});
