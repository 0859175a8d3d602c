/**
 * Customs XML with names of Object.prototype members ("toString", "constructor", "__proto__" …) as
 * MessageType, FunctionCode, coded values, element and attribute names, and canonical documents
 * with them as function, declaration stage and document type to be written as customs XML. Each
 * must get exactly the verdict an unknown value of the same length gets: the same findings and the
 * same document, never a message type, schema variant, code or table entry found on
 * Object.prototype. (isMessageType takes own properties only: with `in`, a Head/MessageType
 * "toString" passed for a known type and the reader went looking for its schema file.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCustomsXml, writeCustomsXml } from '../../../src/mapping/xml/adapter.js';
import { MappingRegistry } from '../../../src/mapping/registry.js';
import { readCustomsHead } from '../../../src/pipeline/detect.js';
import { parseCustomsXml } from '../../../src/syntax/xml/index.js';

const NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype'])];
/** Names the safe reader refuses as element or attribute names (GW_ERR_XML_NAME_RESERVED). */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);
const registry = new MappingRegistry();
const text = (name: string): string => readFileSync(new URL(`../../../fixtures/xml/${name}`, import.meta.url), 'utf8');
const FIXTURES = ['mt1101-ningbo-first.xml', 'mt9999-ningbo-receipt.xml'].map((f) => [f, text(f)] as const);

/** Findings (codes, sorted) and documents of reading `xml`, with `value` written as § in both. */
function verdict(xml: string, value: string): { codes: string[]; documents: string } {
  const parsed = parseCustomsXml(xml);
  const read = readCustomsXml(xml, registry);
  const codes = [...parsed.issues, ...read.issues, ...read.documents.flatMap((d) => d.issues)].map((i) => i.code).sort();
  return { codes, documents: read.documents.map((d) => JSON.stringify(d.document).split(value).join('§')).join('\n') };
}

/** The same check for `name` and for an unknown value as long as it. */
function sameAsUnknown(make: (value: string) => string, name: string, what: string): void {
  const unknown = 'q'.repeat(name.length);
  expect(verdict(make(name), name), what).toEqual(verdict(make(unknown), unknown));
}

describe('customs XML values named like Object.prototype members', () => {
  it('as MessageType, FunctionCode and every coded value: read and mapped like an unknown value', () => {
    for (const [file, xml] of FIXTURES) {
      const coded = [...new Set([...xml.matchAll(/<(\w*(?:Code|Type|TypeID))>[^<]*</g)].map((m) => m[1]))];
      expect(coded, file).toContain('FunctionCode');
      expect(coded, file).toContain('MessageType');
      for (const element of coded) {
        const make = (value: string): string => xml.replace(new RegExp(`<${element}>[^<]*<`, 'g'), `<${element}>${value}<`);
        for (const name of NAMES) sameAsUnknown(make, name, `${file} ${element} ${name}`);
      }
    }
  });

  it('are unknown message types and function codes', () => {
    const [, xml] = FIXTURES[0];
    for (const name of NAMES) {
      const noNamespace = xml.replace(' xmlns="urn:Declaration:datamodel:standard:CN:MT1101:1"', '');
      const type = parseCustomsXml(noNamespace.replace('<MessageType>MT1101<', `<MessageType>${name}<`));
      expect(type.message, name).toBeUndefined();
      expect(type.issues.map((i) => i.code), name).toContain('GW_ERR_XML_MESSAGE_TYPE_UNKNOWN');
      const fn = parseCustomsXml(xml.replace('<FunctionCode>9<', `<FunctionCode>${name}<`));
      expect(fn.issues.map((i) => i.code), name).toContain('GW_ERR_XML_FUNCTION_CODE_UNKNOWN');
      expect(readCustomsHead(Buffer.from(noNamespace.replace('<MessageType>MT1101<', `<MessageType>${name}<`)))?.messageTypes, name).toEqual([name]);
    }
  });

  it('as element and attribute names: unknown elements and attributes, or refused when reserved', () => {
    for (const [file, xml] of FIXTURES) {
      const places: readonly [string, (value: string) => string][] = [
        ['Head', (v) => xml.replace('</Head>', `<${v}>x</${v}></Head>`)],
        ['Declaration', (v) => xml.replace('<Declaration>', `<Declaration><${v}><ID>y</ID></${v}>`)],
        ['attribute', (v) => xml.replace('<Head>', `<Head ${v}="x">`).replace('<Declaration>', `<Declaration ${v}="y">`)],
        ['MFTHead', (v) => `<MFTMessage><MFTHead><${v}>a</${v}></MFTHead><MFTData>${Buffer.from(xml).toString('base64')}</MFTData></MFTMessage>`],
      ];
      for (const [place, make] of places) {
        for (const name of NAMES) {
          if (RESERVED.has(name)) expect(parseCustomsXml(make(name)).issues.map((i) => i.code), `${file} ${place} ${name}`).toEqual(['GW_ERR_XML_NAME_RESERVED']);
          else sameAsUnknown(make, name, `${file} ${place} ${name}`);
        }
      }
    }
  });

  it('in a canonical document to be written: no FunctionCode, no mapping, an unmapped field, as an unknown value', () => {
    const [, xml] = FIXTURES[0];
    const doc = readCustomsXml(xml, registry).documents[0].document;
    const written = (d: unknown): string[] => {
      const r = writeCustomsXml(d, registry);
      return [r.output === undefined ? 'no output' : 'output', ...r.issues.map((i) => `${i.code} ${i.location?.path ?? ''}`)];
    };
    expect(written(doc)).toEqual(['output']);
    const changes: readonly [string, (value: string) => unknown][] = [
      ['function', (v) => ({ ...doc, function: v })],
      ['declarationStage', (v) => ({ ...doc, declarationStage: v })],
      ['documentType', (v) => ({ ...doc, documentType: v })],
      ['field', (v) => JSON.parse(JSON.stringify(doc).replace(/^\{/, `{${JSON.stringify(v)}:"x",`)) as unknown],
      ['consignment field', (v) => JSON.parse(JSON.stringify(doc).replace('"consignments":[{', `"consignments":[{${JSON.stringify(v)}:"x",`)) as unknown],
    ];
    for (const [what, make] of changes) {
      for (const name of NAMES) {
        const unknown = 'q'.repeat(name.length);
        expect(written(make(name)).map((s) => s.split(name).join('§')), `${what} ${name}`).toEqual(written(make(unknown)).map((s) => s.split(unknown).join('§')));
      }
    }
  });
});
