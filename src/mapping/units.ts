/**
 * UN/ECE Recommendation 20 units the canonical documents use, and conversion between units of the
 * same quantity. A spec converts only where a partner or format needs one unit (`measure.convert`);
 * otherwise a measure keeps the unit it came with, so round trips give back the same numbers.
 */

interface UnitDef {
  readonly quantity: 'mass' | 'volume' | 'length' | 'temperature';
  /** Factor to the quantity's base unit (kilogram, cubic metre, metre); temperature is affine. */
  readonly factor: number;
  readonly offset?: number;
}

const UNITS: Readonly<Record<string, UnitDef>> = {
  KGM: { quantity: 'mass', factor: 1 },
  TNE: { quantity: 'mass', factor: 1000 },
  LBR: { quantity: 'mass', factor: 0.45359237 },
  MTQ: { quantity: 'volume', factor: 1 },
  LTR: { quantity: 'volume', factor: 0.001 },
  FTQ: { quantity: 'volume', factor: 0.028316846592 },
  MTR: { quantity: 'length', factor: 1 },
  CMT: { quantity: 'length', factor: 0.01 },
  MMT: { quantity: 'length', factor: 0.001 },
  INH: { quantity: 'length', factor: 0.0254 },
  FOT: { quantity: 'length', factor: 0.3048 },
  // kelvin as the base: CEL + 273.15, FAH × 5/9 + 255.372…
  CEL: { quantity: 'temperature', factor: 1, offset: 273.15 },
  FAH: { quantity: 'temperature', factor: 5 / 9, offset: 273.15 - (32 * 5) / 9 },
};

const KNOWN_UNITS = new Set(Object.keys(UNITS));

export function isKnownUnit(unit: string): boolean {
  // The set alone: units come from partners' messages, and `unit in UNITS` was true for "constructor".
  return KNOWN_UNITS.has(unit);
}

/**
 * Converts a value between units of one quantity, rounded to 6 significant decimals so that
 * 25.74 TNE becomes 25740 KGM and not 25739.999999999996. Undefined when the units do not match.
 */
export function convertUnit(value: number, from: string, to: string): number | undefined {
  if (from === to) return value;
  // Own properties only: unit codes come from partners' messages ("constructor" is no unit).
  const a = Object.hasOwn(UNITS, from) ? UNITS[from] : undefined;
  const b = Object.hasOwn(UNITS, to) ? UNITS[to] : undefined;
  if (!a || !b || a.quantity !== b.quantity) return undefined;
  const base = value * a.factor + (a.offset ?? 0);
  const out = (base - (b.offset ?? 0)) / b.factor;
  return Number(out.toFixed(6));
}
