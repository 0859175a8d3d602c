/**
 * UN/EDIFACT data element representation (ISO 9735 / UNTDID notation): `a` alphabetic, `n` numeric,
 * `an` alphanumeric, then either a fixed length (`an3`) or a maximum length (`an..35`).
 */
export type ReprType = 'a' | 'n' | 'an';

export interface Repr {
  readonly type: ReprType;
  /** Fixed-length representations have min = max; variable ones have min 1 (an empty value is absent). */
  readonly min: number;
  readonly max: number;
}

const REPR = /^(an|a|n)(\.\.)?([1-9]\d*)$/;

/** Parses `an..35`, `n6`, `a3`; returns undefined for anything else. */
export function parseRepr(repr: string): Repr | undefined {
  const m = REPR.exec(repr);
  if (!m) return undefined;
  const length = Number(m[3]);
  return { type: m[1] as ReprType, min: m[2] ? 1 : length, max: length };
}

export function formatRepr(type: ReprType, length: number, fixed: boolean): string {
  return `${type}${fixed ? '' : '..'}${length}`;
}
