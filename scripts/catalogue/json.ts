/**
 * Stable, diff-friendly JSON for the generated catalogue: one line per map entry (a segment, an
 * element, a code list), one line per segment of a message table with groups nested by indentation.
 * The same input always gives the same bytes, so the freshness test can compare files directly.
 */

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const INLINE_LIMIT = 100;

export function formatJson(value: unknown): string {
  return `${formatRoot(value as Json)}\n`;
}

function formatRoot(value: Json): string {
  if (!isObject(value)) return JSON.stringify(value);
  const lines = Object.entries(value).map(([k, v]) => `  ${JSON.stringify(k)}: ${formatMember(v, '  ')}`);
  return `{\n${lines.join(',\n')}\n}`;
}

function formatMember(value: Json, indent: string): string {
  const compact = JSON.stringify(value);
  if (Array.isArray(value) && value.some(isStructureNode)) return formatStructure(value, indent);
  if (compact.length <= INLINE_LIMIT || (!Array.isArray(value) && !isObject(value))) return compact;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + JSON.stringify(v)).join(',\n')}\n${indent}]`;
  const lines = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

function formatStructure(nodes: Json[], indent: string): string {
  const inner = `${indent}  `;
  const lines = nodes.map((node) => {
    if (!isObject(node) || !Array.isArray(node.children)) return inner + JSON.stringify(node);
    const { children, ...head } = node;
    const open = JSON.stringify(head).slice(0, -1);
    return `${inner}${open},"children":${formatStructure(children, inner)}}`;
  });
  return `[\n${lines.join(',\n')}\n${indent}]`;
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStructureNode(value: Json): boolean {
  return isObject(value) && (value.kind === 'segment' || value.kind === 'group');
}

/**
 * Object with keys in a fixed order: integer-like keys ascend numerically in any JS object, so the
 * rest are sorted by code unit to make the whole order independent of insertion.
 */
export function sortedRecord<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out[k] = v;
  return out;
}
