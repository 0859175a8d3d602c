import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_TYPES, type Finding } from '../../../src/catalogue/documents/types.generated.js';
import {
  createDocumentValidator, isDocumentType, validateDocument, type DocumentValidator,
} from '../../../src/catalogue/documents/validate.js';
import { ErrorCodes } from '../../../src/errors/codes.js';

const EXAMPLES = new URL('../../../schemas/documents/examples/', import.meta.url);

function readJson(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, EXAMPLES), 'utf8'));
}

const exampleFiles = readdirSync(EXAMPLES).filter((f) => f.endsWith('.example.json')).sort();

interface PatchOp { op: 'add' | 'replace' | 'remove'; path: string; value?: unknown }
interface InvalidCase { name: string; example: string; patch: PatchOp[]; expect: { code: string; path: string }[] }
const invalidCases = (readJson('invalid-cases.json') as { cases: InvalidCase[] }).cases;

/** RFC 6902 add/replace/remove, enough for the cases. */
function applyPatch(doc: unknown, ops: readonly PatchOp[]): unknown {
  const copy = structuredClone(doc);
  for (const { op, path, value } of ops) {
    const tokens = path.split('/').slice(1).map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
    const last = tokens.pop()!;
    let parent = copy as Record<string, unknown>;
    for (const t of tokens) parent = parent[t] as Record<string, unknown>;
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (op === 'remove') parent.splice(index, 1);
      else parent.splice(index, op === 'replace' ? 1 : 0, value);
    } else if (op === 'remove') {
      expect(parent, `patch removes ${path}, which does not exist`).toHaveProperty([last]);
      Reflect.deleteProperty(parent, last);
    } else {
      parent[last] = value;
    }
  }
  return copy;
}

/** The value a JSON Pointer names, or undefined when nothing is there. */
function resolvePointer(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const token of pointer.split('/').slice(1)) {
    const key = token.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

describe('the examples in schemas/documents/examples/', () => {
  it('include at least one for every document type', () => {
    const covered = new Set(exampleFiles.map((f) => f.split('.')[0]));
    expect([...covered].sort()).toEqual([...DOCUMENT_TYPES].sort());
  });

  it.each(exampleFiles)('%s is valid and of the type its name says', (file) => {
    const doc = readJson(file) as { documentType: string };
    expect(doc.documentType).toBe(file.split('.')[0]);
    const result = validateDocument(doc);
    expect(result.issues).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('carry Chinese names, addresses and goods descriptions', () => {
    const text = exampleFiles.map((f) => readFileSync(new URL(f, EXAMPLES), 'utf8')).join('\n');
    for (const s of ['宁波港国际物流有限公司', '浙江省宁波市北仑区明州路', '机械零件', 'COSCO SHIPPING ARIES', 'CNNGB', 'NBCT']) expect(text).toContain(s);
  });
});

describe('documents that must fail', () => {
  let validator: DocumentValidator;
  beforeAll(() => {
    validator = createDocumentValidator();
  });

  it.each(invalidCases.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const doc = applyPatch(readJson(testCase.example), testCase.patch);
    const result = validator.validate(doc);
    expect(result.ok).toBe(false);
    const found = result.issues.map((i) => ({ code: i.code, path: i.location?.path }));
    expect(found).toEqual(expect.arrayContaining(testCase.expect));
    expect(found).toHaveLength(testCase.expect.length);
    for (const issue of result.issues) {
      expect(issue.severity).toBe('error');
      expect(issue.text.startsWith(`${issue.location!.path === '' ? 'document' : issue.location!.path}: `)).toBe(true);
    }
  });

  it('say what is wrong in words, naming the value', () => {
    const doc = applyPatch(readJson('EquipmentInterchangeReceipt.example.json'), [
      { op: 'replace', path: '/equipment/0/containerNumber', value: 'CSNU8203746' },
      { op: 'add', path: '/equipment/1/fullEmty', value: 'empty' },
      { op: 'replace', path: '/gateAt', value: '2025-03-17T14:05:00' },
      { op: 'replace', path: '/direction', value: 'in' },
      { op: 'remove', path: '/vesselCall/voyageNumber' },
      { op: 'replace', path: '/equipment/1/tareWeight/value', value: '2230' },
    ]);
    const texts = validator.validate(doc).issues.map((i) => i.text);
    expect(texts).toEqual(expect.arrayContaining([
      '/equipment/0/containerNumber: "CSNU8203746" is not a valid ISO 6346 container number: check digit is 6, ISO 6346 gives 5',
      '/equipment/1/fullEmty: unknown field "fullEmty" (did you mean "fullEmpty"?)',
      '/gateAt: "2025-03-17T14:05:00" has no UTC offset: write it as 2025-03-14T08:30:00+08:00 (or Z for UTC)',
      '/direction: "in" is not allowed; use one of: gateIn, gateOut',
      '/vesselCall/voyageNumber: required field is missing',
      '/equipment/1/tareWeight/value: must be a number, not text',
    ]));
  });

  it('point at the field itself when a name in the path needs JSON Pointer escaping', () => {
    const doc = applyPatch(readJson('ContainerList.example.json'), [{ op: 'add', path: '/equipment/0/a~1b~0c', value: 1 }]);
    expect(validator.validate(doc).issues.map((i) => i.location?.path)).toEqual(['/equipment/0/a~1b~0c']);
  });
});

describe('validateDocument before the schema', () => {
  it('refuses anything but a JSON object', () => {
    for (const input of [null, [], 'Manifest', 42, true, undefined]) {
      const result = validateDocument(input);
      expect(result.ok).toBe(false);
      expect(result.issues).toMatchObject([{ code: 'GW_ERR_DOCUMENT_NOT_OBJECT', location: { path: '' } }]);
    }
  });

  it('needs a known documentType unless the caller names the type', () => {
    expect(validateDocument({}).issues).toMatchObject([{ code: 'GW_ERR_DOCUMENT_TYPE_UNKNOWN', location: { path: '/documentType' } }]);
    expect(validateDocument({ documentType: 7 }).issues).toMatchObject([{ code: 'GW_ERR_DOCUMENT_TYPE_UNKNOWN', location: { path: '/documentType' } }]);
    const named = validateDocument({}, 'TallyReport');
    expect(named.issues.map((i) => i.location?.path)).toEqual(expect.arrayContaining(['/documentType', '/operation', '/vesselCall', '/equipment']));
    expect(named.issues.every((i) => i.code === 'GW_ERR_DOCUMENT_FIELD_MISSING')).toBe(true);
  });

  it('refuses a document of another type than the one expected', () => {
    const result = validateDocument(readJson('Manifest.example.json'), 'BillOfLading');
    expect(result.issues).toMatchObject([{ code: 'GW_ERR_DOCUMENT_TYPE_MISMATCH', location: { path: '/documentType' } }]);
  });

  it('refuses an unknown expected type from an untyped caller', () => {
    const result = validateDocument(readJson('Manifest.example.json'), 'Invoice' as never);
    expect(result.issues).toMatchObject([{ code: 'GW_ERR_DOCUMENT_TYPE_UNKNOWN', location: { path: '' } }]);
  });

  it('knows the document types', () => {
    expect(isDocumentType('DeliveryOrder')).toBe(true);
    expect(isDocumentType('deliveryOrder')).toBe(false);
    expect(isDocumentType(undefined)).toBe(false);
  });
});

describe('findings', () => {
  it('use only catalogued GW_ERR_DOCUMENT_* codes', () => {
    const codes = new Set<string>();
    for (const c of invalidCases) for (const e of c.expect) codes.add(e.code);
    for (const code of codes) expect(ErrorCodes).toHaveProperty(code);
    expect([...codes].every((c) => c.startsWith('GW_ERR_DOCUMENT_'))).toBe(true);
  });

  it('fit an Acknowledgement unchanged: an Issue is a Finding', () => {
    const result = validateDocument(applyPatch(readJson('TallyReport.example.json'), [{ op: 'replace', path: '/operation', value: 'unload' }]));
    const findings: Finding[] = result.issues; // compile-time check that the shapes agree
    const ack = { ...(readJson('Acknowledgement.example.json') as object), status: 'rejected', findings };
    expect(validateDocument(ack).issues).toEqual([]);
  });

  it('are capped, with a warning that counts the rest', () => {
    const validator = createDocumentValidator({ maxIssues: 5 });
    const doc = readJson('ContainerList.example.json') as { equipment: Record<string, unknown>[] };
    for (const [i, e] of doc.equipment.entries()) e.containerNumber = `NOT A NUMBER ${i}`;
    for (let i = 0; i < 6; i++) doc.equipment.push({ containerNumber: `NOT A NUMBER ${i + 4}` });
    const result = validator.validate(doc);
    expect(result.ok).toBe(false);
    expect(result.issues).toHaveLength(6);
    expect(result.issues[5]).toMatchObject({ code: 'GW_ERR_DOCUMENT_ISSUES_TRUNCATED', severity: 'warning', text: 'document: 5 more findings not listed' });
  });

  it('never throw and always point into the document or at a missing field', () => {
    const validator = createDocumentValidator();
    const base = readJson('DeliveryOrder.example.json') as Record<string, unknown>;
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...Object.keys(base), 'extra', 'documentType'), fc.jsonValue({ maxDepth: 3 })), (overrides) => {
        const doc = { ...base, ...overrides };
        const result = validator.validate(doc);
        expect(result.ok).toBe(result.issues.every((i) => i.severity !== 'error'));
        for (const issue of result.issues) {
          expect(issue.code).toMatch(/^GW_ERR_DOCUMENT_/);
          const path = issue.location!.path!;
          if (issue.code === 'GW_ERR_DOCUMENT_FIELD_MISSING' || path === '') continue;
          expect(resolvePointer(doc, path), `${issue.code} at ${path}`).not.toBeUndefined();
        }
      }),
      { numRuns: 300 },
    );
  });
});
