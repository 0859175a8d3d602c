/**
 * ajv's errors for a profile file, one plain sentence each at the most precise JSON Pointer.
 * `oneOf`/`anyOf` report their branches' failures too; where a branch failed deeper inside the
 * value, that deeper finding says what is wrong, and the branch failures at the value itself
 * (one per alternative) are noise.
 */
import type { ErrorObject } from 'ajv';

export interface SchemaFinding {
  readonly pointer: string;
  readonly text: string;
}

const show = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v));

function combinatorPaths(errors: readonly ErrorObject[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of errors) if (e.keyword === 'oneOf' || e.keyword === 'anyOf') out.set(e.schemaPath, e.instancePath);
  return out;
}

export function explainSchemaErrors(errors: readonly ErrorObject[]): SchemaFinding[] {
  const combinators = combinatorPaths(errors);
  const deeper = new Set<string>();
  const inner = (e: ErrorObject): string | undefined => {
    for (const [schemaPath, instancePath] of combinators) {
      if (e.schemaPath.startsWith(`${schemaPath}/`)) return instancePath;
    }
    return undefined;
  };
  for (const e of errors) {
    const at = inner(e);
    if (at !== undefined && e.instancePath !== at) deeper.add(at);
  }
  const out: SchemaFinding[] = [];
  const seen = new Set<string>();
  const push = (pointer: string, text: string): void => {
    const key = `${pointer}\u0000${text}`;
    if (!seen.has(key)) out.push({ pointer, text });
    seen.add(key);
  };
  for (const e of errors) {
    // The inner failure of `propertyNames` repeats the outer one, which names the property.
    if ((e as { propertyName?: string }).propertyName !== undefined) continue;
    const at = inner(e);
    if (at !== undefined && e.instancePath === at) continue;
    const p = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'oneOf':
      case 'anyOf': {
        if (deeper.has(e.instancePath)) break;
        const branches = (e.parentSchema as { anyOf?: { required?: string[] }[] } | undefined)?.anyOf;
        const required = branches?.map((b) => b.required?.[0]).filter((r): r is string => r !== undefined) ?? [];
        push(e.instancePath, required.length > 0 ? `needs at least one of: ${required.join(', ')}` : 'is not one of the allowed forms');
        break;
      }
      case 'required':
        push(e.instancePath, `missing required property "${String(p['missingProperty'])}"`);
        break;
      case 'additionalProperties':
        push(`${e.instancePath}/${String(p['additionalProperty'])}`, `unknown property "${String(p['additionalProperty'])}"`);
        break;
      case 'propertyNames':
        push(`${e.instancePath}/${String(p['propertyName'])}`, `property name "${String(p['propertyName'])}" is not allowed here`);
        break;
      case 'enum':
        push(e.instancePath, `must be one of: ${(p['allowedValues'] as unknown[]).map(show).join(', ')}`);
        break;
      case 'pattern': {
        const description = (e.parentSchema as { description?: string } | undefined)?.description;
        push(e.instancePath, `${show(e.data)} is not of the expected form${description ? ` (${description})` : ` (pattern ${String(p['pattern'])})`}`);
        break;
      }
      default:
        push(e.instancePath, e.message ?? `fails the schema rule "${e.keyword}"`);
    }
  }
  return out;
}
