/**
 * UN/LOCODE form of places (LOC C517 3225). A location must be a UN/LOCODE when its code list is
 * 139 (port), or when the profile lists its qualifier as a port or place (LOC+5, +9, +11, +61 ...)
 * and it names no other code list or agency than UN/ECE (6). Stowage cells (LOC+147), terminals
 * with a carrier's own code (agency 87, ZZZ) and the like are left alone.
 */
import { isUnLocode } from '../../catalogue/documents/formats.js';
import { qualifierOf, type RuleContext } from './context.js';
import { field } from '../fields.js';

const PORT_LIST = '139';
const UNECE = '6';

export function checkLocations(ctx: RuleContext): void {
  const qualifiers = ctx.profile.locationQualifiers;
  for (const seg of ctx.message.segments) {
    if (seg.tag !== 'LOC') continue;
    const code = field(seg, 2, 1);
    if (code === '') continue;
    const qualifier = qualifierOf(seg);
    const list = field(seg, 2, 2);
    const agency = field(seg, 2, 3);
    const expected = list === PORT_LIST || (qualifiers.has(qualifier) && (agency === UNECE || (agency === '' && list === '')));
    if (!expected) continue;
    const where = `LOC+${qualifier} location "${code}"`;
    if (!isUnLocode(code)) {
      const hint = /^[A-Z]{6,}$/.test(code) ? ' (it looks like a placeholder)' : '';
      ctx.report('GW_ERR_LOCATION_NOT_UNLOCODE', `${where} is not a UN/LOCODE${hint}: a UN/LOCODE is 5 characters, the ISO 3166 country code and 3 letters or digits 2-9, such as CNNGB`, seg, 2, 1);
    } else if (!ctx.data.countries.has(code.slice(0, 2))) {
      ctx.report('GW_ERR_LOCATION_NOT_UNLOCODE', `${where} is not a UN/LOCODE: "${code.slice(0, 2)}" is not an ISO 3166 country code`, seg, 2, 1);
    }
  }
}
