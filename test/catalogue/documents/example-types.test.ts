import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Proves the JSON examples fit the generated TypeScript types, not only the schemas: each example
// becomes `export const doc = <the JSON> satisfies <Type>;` in a virtual module beside
// types.generated.ts, and the TypeScript compiler checks it (literal types and excess properties
// included, which a JSON import would lose).

const EXAMPLES = new URL('../../../schemas/documents/examples/', import.meta.url);
const TYPES_DIR = fileURLToPath(new URL('../../../src/catalogue/documents/', import.meta.url));

function typecheck(sources: ReadonlyMap<string, string>): string[] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => sources.get(name) ?? readFile(name);
  host.fileExists = (name) => sources.has(name) || fileExists(name);
  host.getSourceFile = (name, version, onError, create) => {
    const text = sources.get(name);
    return text !== undefined ? ts.createSourceFile(name, text, version) : getSourceFile(name, version, onError, create);
  };
  const program = ts.createProgram([...sources.keys()], options, host);
  return ts.getPreEmitDiagnostics(program)
    .filter((d) => d.file !== undefined && sources.has(d.file.fileName))
    .map((d) => `${d.file!.fileName.slice(TYPES_DIR.length)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

function moduleFor(type: string, json: string): string {
  return `import type { ${type} } from './types.generated.js';\nexport const doc = (${json}) satisfies ${type};\n`;
}

describe('the examples against the TypeScript types', () => {
  it('typecheck with `satisfies`, and a wrong value or unknown field does not', () => {
    const sources = new Map<string, string>();
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.example.json'));
    for (const [i, file] of files.entries()) {
      const type = file.split('.')[0];
      sources.set(`${TYPES_DIR}__example_${i}.ts`, moduleFor(type, readFileSync(new URL(file, EXAMPLES), 'utf8')));
    }
    // Controls: the same check must reject a value outside an enum and a field the type lacks.
    const eir = JSON.parse(readFileSync(new URL('EquipmentInterchangeReceipt.example.json', EXAMPLES), 'utf8')) as Record<string, unknown>;
    sources.set(`${TYPES_DIR}__control_enum.ts`, moduleFor('EquipmentInterchangeReceipt', JSON.stringify({ ...eir, direction: 'sideways' })));
    sources.set(`${TYPES_DIR}__control_field.ts`, moduleFor('EquipmentInterchangeReceipt', JSON.stringify({ ...eir, colour: 'blue' })));

    const errors = typecheck(sources);
    expect(errors.filter((e) => e.startsWith('__example_'))).toEqual([]);
    expect(errors.filter((e) => e.startsWith('__control_enum'))).toEqual([expect.stringContaining("'\"sideways\"' is not assignable")]);
    expect(errors.filter((e) => e.startsWith('__control_field'))).toEqual([expect.stringContaining(`'"colour"' does not exist`)]);
  });
});
