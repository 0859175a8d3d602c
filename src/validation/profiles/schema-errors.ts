/**
 * ajv's errors for a profile file, one plain sentence each at the most precise JSON Pointer.
 * `oneOf`/`anyOf` report their branches' failures too: the branch failures at the value itself
 * (one per alternative) are noise, and where the value failed deeper inside, that deeper finding
 * says what is wrong better than "not one of the allowed forms".
 */
import type { ErrorObject } from 'ajv';

export interface SchemaFinding {
  readonly pointer: string;
  readonly text: string;
}

const show = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v));

interface Combinator {
  readonly keyword: string;
  readonly schemaPath: string;
  readonly instancePath: string;
}

export function explainSchemaErrors(errors: readonly ErrorObject[]): SchemaFinding[] {
  const combinators: Combinator[] = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  // A branch failure sits at the combinator's value, under its schema path (schema paths restart
  // at every $ref, so failures deeper in the value are recognised by their instance path instead).
  const isBranch = (e: ErrorObject): boolean => combinators.some((c) => c !== e && e.instancePath === c.instancePath && e.schemaPath.startsWith(`${c.schemaPath}/`));
  const hasDeeper = (path: string): boolean => errors.some((e) => e.instancePath.startsWith(`${path}/`));
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
    if (isBranch(e)) continue;
    const p = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'oneOf':
      case 'anyOf': {
        // "one of these forms" says less than the failure inside the value that explains it.
        if (e.keyword === 'oneOf' && hasDeeper(e.instancePath)) break;
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
