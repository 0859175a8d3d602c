/**
 * Writes the TypeScript types of the canonical documents from their JSON Schemas, so the two cannot
 * drift: `node --import tsx src/catalogue/documents/codegen.ts` rewrites types.generated.ts, and a
 * test fails when the committed file differs from what this produces.
 *
 * It understands only the subset of JSON Schema the document schemas use ($ref, $defs, const,
 * enum, type, properties, required, items, allOf with one $ref to extend a base); anything else
 * that shapes a type makes it throw rather than emit a type that is looser than the schema.
 * Validation-only keywords (pattern, format, minItems, anyOf of `required`, if/then) do not
 * change the type and are left to ajv.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDocumentSchemas, type JsonSchema, type SchemaFile } from './schema-files.js';

const COMMON = 'common.schema.json';
const WIDTH = 110;

interface Context {
  readonly file: string;
  /** `<file>#<def>` (or `<file>#` for a document's root) to the TypeScript name. */
  readonly names: ReadonlyMap<string, string>;
  readonly schemas: ReadonlyMap<string, JsonSchema>;
}

function pascal(name: string): string {
  return name[0].toUpperCase() + name.slice(1);
}

function refKey(ref: string, file: string): string {
  const m = /^([A-Za-z]+\.schema\.json)?#\/\$defs\/([A-Za-z0-9]+)$/.exec(ref);
  if (!m) throw new Error(`${file}: unsupported $ref ${ref}`);
  return `${m[1] ?? file}#${m[2]}`;
}

function refName(ref: string, ctx: Context): string {
  const name = ctx.names.get(refKey(ref, ctx.file));
  if (name === undefined) throw new Error(`${ctx.file}: $ref ${ref} does not resolve`);
  return name;
}

function literal(value: string | number | boolean): string {
  return typeof value === 'string' ? `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'` : String(value);
}

function docComment(text: string | undefined, indent: string): string {
  if (text === undefined || text === '') return '';
  const words = text.replaceAll('*/', '*\\/').split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && indent.length + 3 + line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  if (lines.length === 1 && indent.length + lines[0].length + 7 <= WIDTH) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((l) => `${indent} * ${l}\n`).join('')}${indent} */\n`;
}

/** The one `$ref` of an `allOf` that extends a base definition, or undefined when there is none. */
function baseRef(schema: JsonSchema, where: string): string | undefined {
  if (schema.allOf === undefined) return undefined;
  const ref = schema.allOf[0]?.$ref;
  if (schema.allOf.length !== 1 || ref === undefined) throw new Error(`${where}: allOf must hold exactly one $ref`);
  return ref;
}

function renderType(schema: JsonSchema, ctx: Context, indent: string, where: string): string {
  if (schema.$ref !== undefined) return refName(schema.$ref, ctx);
  if (schema.const !== undefined) return literal(schema.const);
  if (schema.enum !== undefined) return schema.enum.map(literal).join(' | ');
  const base = baseRef(schema, where);
  if (base !== undefined && schema.properties === undefined) return refName(base, ctx);
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array': {
      if (schema.items === undefined) throw new Error(`${where}: array without items`);
      const item = renderType(schema.items, ctx, indent, `${where}/items`);
      return item.includes(' | ') ? `(${item})[]` : `${item}[]`;
    }
    case 'object':
      if (base !== undefined) throw new Error(`${where}: an inline object cannot extend a base; make it a $def`);
      return `{\n${renderMembers(schema, ctx, `${indent}  `, where)}${indent}}`;
    case undefined:
      throw new Error(`${where}: schema without type, $ref, const or enum`);
  }
}

function findProperty(schema: JsonSchema, name: string, ctx: Context, where: string): { prop: JsonSchema; ctx: Context } | undefined {
  const own = schema.properties?.[name];
  if (own !== undefined) return { prop: own, ctx };
  const base = baseRef(schema, where);
  if (base === undefined) return undefined;
  const key = refKey(base, ctx.file);
  const baseSchema = ctx.schemas.get(key);
  if (baseSchema === undefined) throw new Error(`${where}: base ${base} does not resolve`);
  return findProperty(baseSchema, name, { ...ctx, file: key.split('#')[0] }, where);
}

function renderMembers(schema: JsonSchema, ctx: Context, indent: string, where: string): string {
  const required = new Set(schema.required ?? []);
  let out = '';
  const own = schema.properties ?? {};
  for (const [name, prop] of Object.entries(own)) {
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error(`${where}: property name ${name} is not an identifier`);
    out += docComment(prop.description, indent);
    out += `${indent}${name}${required.has(name) ? '' : '?'}: ${renderType(prop, ctx, indent, `${where}/${name}`)};\n`;
  }
  // A field the base declares optional but this schema requires is declared again, required.
  for (const name of required) {
    if (name in own) continue;
    const inherited = findProperty(schema, name, ctx, where);
    if (inherited === undefined) throw new Error(`${where}: required ${name} is not a property`);
    out += docComment(inherited.prop.description, indent);
    out += `${indent}${name}: ${renderType(inherited.prop, inherited.ctx, indent, `${where}/${name}`)};\n`;
  }
  return out;
}

function renderDeclaration(name: string, schema: JsonSchema, ctx: Context, where: string): string {
  const doc = docComment(schema.title !== undefined ? `${schema.title}. ${schema.description ?? ''}` : schema.description, '');
  const base = baseRef(schema, where);
  if (schema.properties !== undefined) {
    const heritage = base === undefined ? '' : ` extends ${refName(base, ctx)}`;
    return `${doc}export interface ${name}${heritage} {\n${renderMembers(schema, ctx, '  ', where)}}\n`;
  }
  const type = renderType(schema, ctx, '', where);
  const oneLine = `export type ${name} = ${type};`;
  if (oneLine.length <= WIDTH || schema.enum === undefined) return `${doc}${oneLine}\n`;
  return `${doc}export type ${name} =\n${schema.enum.map((v) => `  | ${literal(v)}`).join('\n')};\n`;
}

/** Renders types.generated.ts from the document schemas (common.schema.json first, then each document). */
export function renderDocumentTypes(files: readonly SchemaFile[]): string {
  const names = new Map<string, string>();
  const schemas = new Map<string, JsonSchema>();
  const owners = new Map<string, string>();
  const claim = (key: string, name: string, schema: JsonSchema): void => {
    const other = owners.get(name);
    if (other !== undefined) throw new Error(`type name ${name} is defined by both ${other} and ${key}`);
    owners.set(name, key);
    names.set(key, name);
    schemas.set(key, schema);
  };
  const ordered = [...files].sort((a, b) => Number(b.fileName === COMMON) - Number(a.fileName === COMMON));
  for (const { fileName, schema } of ordered) {
    if (fileName !== COMMON) claim(`${fileName}#`, fileName.replace('.schema.json', ''), schema);
    for (const [def, sub] of Object.entries(schema.$defs ?? {})) claim(`${fileName}#${def}`, pascal(def), sub);
  }
  const documentEnum = schemas.get(`${COMMON}#documentType`)?.enum;
  if (documentEnum === undefined) throw new Error(`${COMMON}: $defs/documentType has no enum`);
  const documentTypes = documentEnum.map(String);

  let out = '// Generated by src/catalogue/documents/codegen.ts from schemas/documents/*.schema.json: do not edit.\n';
  out += '// Change the schemas, then run `node --import tsx src/catalogue/documents/codegen.ts`.\n';
  for (const { fileName, schema } of ordered) {
    const ctx: Context = { file: fileName, names, schemas };
    out += `\n// ${fileName}\n`;
    if (fileName !== COMMON) out += `\n${renderDeclaration(names.get(`${fileName}#`)!, schema, ctx, fileName)}`;
    for (const [def, sub] of Object.entries(schema.$defs ?? {})) {
      out += `\n${renderDeclaration(names.get(`${fileName}#${def}`)!, sub, ctx, `${fileName}#/$defs/${def}`)}`;
    }
  }
  for (const type of documentTypes) {
    if (!names.has(`${type}.schema.json#`)) throw new Error(`document type ${type} has no ${type}.schema.json`);
  }
  out += '\n// Every document\n\n';
  out += '/** Every canonical document; `documentType` tells them apart. */\n';
  out += `export type CanonicalDocument =\n${documentTypes.map((t) => `  | ${t}`).join('\n')};\n\n`;
  out += '/** The document interface of each document type. */\n';
  out += `export interface DocumentTypeMap {\n${documentTypes.map((t) => `  ${t}: ${t};`).join('\n')}\n}\n\n`;
  out += '/** The document types, in the order of the schema. */\n';
  out += `export const DOCUMENT_TYPES = [${documentTypes.map(literal).join(', ')}] as const satisfies readonly DocumentType[];\n`;
  return out;
}

export const GENERATED_TYPES_FILE = new URL('./types.generated.ts', import.meta.url);

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(GENERATED_TYPES_FILE, renderDocumentTypes(loadDocumentSchemas()));
  process.stdout.write(`wrote ${fileURLToPath(GENERATED_TYPES_FILE)}\n`);
}
