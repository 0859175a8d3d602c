/**
 * UN/LOCODE form of places (LOC C517 3225). A location must be a UN/LOCODE when its code list is
 * 139 (port), or when the profile lists its qualifier as a port or place (LOC+5, +9, +11, +61 ...)
 * and it names no other code list or agency than UN/ECE (6). Stowage cells (LOC+147), terminals
 * with a carrier's own code (agency 87, ZZZ) and the like are left alone.
 */
import { qualifierOf, tagCode, type RuleContext } from './context.js';
import { field } from '../fields.js';

const PORT_LIST = '139';
const UNECE = '6';
const LOC = tagCode('LOC');

/** `isUnLocode` by character codes: every LOC of every message asks (/^[A-Z]{2}[A-Z2-9]{3}$/). */
function unLocodeForm(code: string): boolean {
  if (code.length !== 5) return false;
  for (let i = 0; i < 5; i++) {
    const c = code.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) continue;
    if (i >= 2 && c >= 0x32 && c <= 0x39) continue;
    return false;
  }
  return true;
}

/** The country codes as numbers (first character code × 256 + second), made once per set. */
const countryKeys = new WeakMap<ReadonlySet<string>, ReadonlySet<number>>();

function isCountry(countries: ReadonlySet<string>, code: string): boolean {
  let keys = countryKeys.get(countries);
  if (keys === undefined) {
    const made = new Set<number>();
    for (const c of countries) if (c.length === 2) made.add(c.charCodeAt(0) * 256 + c.charCodeAt(1));
    countryKeys.set(countries, (keys = made));
  }
  return keys.has(code.charCodeAt(0) * 256 + code.charCodeAt(1));
}

export function checkLocations(ctx: RuleContext): void {
  const qualifiers = ctx.profile.locationQualifiers;
  const segments = ctx.message.segments;
  const tags = ctx.tags();
  for (let i = 0; i < segments.length; i++) {
    if (tags[i] !== LOC) continue;
    const seg = segments[i];
    const list = field(seg, 2, 2);
    const agency = field(seg, 2, 3);
    const expected = list === PORT_LIST || (qualifiers.has(qualifierOf(seg)) && (agency === UNECE || (agency === '' && list === '')));
    if (!expected) continue;
    const code = field(seg, 2, 1);
    if (code === '') continue;
    const where = (): string => `LOC+${qualifierOf(seg)} location "${code}"`;
    if (!unLocodeForm(code)) {
      const hint = /^[A-Z]{6,}$/.test(code) ? ' (it looks like a placeholder)' : '';
      ctx.report('GW_ERR_LOCATION_NOT_UNLOCODE', `${where()} is not a UN/LOCODE${hint}: a UN/LOCODE is 5 characters, the ISO 3166 country code and 3 letters or digits 2-9, such as CNNGB`, seg, 2, 1);
    } else if (!isCountry(ctx.data.countries, code)) {
      ctx.report('GW_ERR_LOCATION_NOT_UNLOCODE', `${where()} is not a UN/LOCODE: "${code.slice(0, 2)}" is not an ISO 3166 country code`, seg, 2, 1);
    }
  }
}
