/** UN/LOCODE form of port and place locations (LOC C517). */
import { describe, expect, it } from 'vitest';
import { brief, data, message, runRule } from './helpers.js';

const locs = (body: string): ReturnType<typeof message> => message('BAPLIE', 'D95B', `BGM++B1+9'${body}`);

describe('UN/LOCODE locations', () => {
  it('accepts codes with code list 139 / agency 6, without them for port qualifiers, and digits 2-9', () => {
    expect(runRule('location', locs("LOC+5+CNNGB:139:6'LOC+61+NLRTM'LOC+9+USLGB::6'LOC+11+CNSH2:139:6'LOC+8+XZABC'"))).toEqual([]);
  });

  it('refuses placeholders such as DEPARTPLACE, and says so', () => {
    const issues = runRule('location', locs("LOC+5+DEPARTPLACE'LOC+61+NEXTPORTOFCALL'"));
    expect(brief(issues)).toEqual(['GW_ERR_LOCATION_NOT_UNLOCODE@3.2.1', 'GW_ERR_LOCATION_NOT_UNLOCODE@4.2.1']);
    expect(issues[0].text).toContain('(it looks like a placeholder)');
  });

  it('refuses a code in port code list 139 whatever its qualifier, and a country that does not exist', () => {
    const issues = runRule('location', locs("LOC+147+CNNGB1:139:6'LOC+9+QQNGB:139:6'LOC+9+cnngb'"));
    expect(brief(issues)).toEqual(['GW_ERR_LOCATION_NOT_UNLOCODE@3.2.1', 'GW_ERR_LOCATION_NOT_UNLOCODE@4.2.1', 'GW_ERR_LOCATION_NOT_UNLOCODE@5.2.1']);
    expect(issues[1].text).toContain('"QQ" is not an ISO 3166 country code');
  });

  it('leaves stowage cells, terminals coded by other agencies and non-port qualifiers alone', () => {
    // LOC+147 with agency 6 is a stowage cell (ITIGG writes it so), LOC+165 a terminal, ZZZ/87 partner codes.
    expect(runRule('location', locs("LOC+147+0780690::5'LOC+147+261386::6'LOC+11+VTE:TER:ZZZ'LOC+9+TERMINAL-A::87'LOC+14+WAREHOUSE 7'"))).toEqual([]);
  });

  it('knows the 249 ISO 3166 codes and XZ', () => {
    expect(data.countries.size).toBe(250);
    for (const c of ['CN', 'NL', 'US', 'SS', 'XZ', 'BQ']) expect(data.countries.has(c)).toBe(true);
    for (const c of ['AN', 'UK', 'EU', 'YU']) expect(data.countries.has(c)).toBe(false);
  });
});
