/** Envelope checks: every finding with its code, severity, CONTRL code and exact place. */
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../../src/errors/index.js';
import { parseInterchange } from '../../../src/syntax/edifact/parse.js';

function f(text: string | Buffer, options = {}): string[] {
  return parseInterchange(text, options).issues.filter((i: Issue) => i.severity !== 'info').map((i) => {
    const l = i.location ?? {};
    const at = [l.segment !== undefined ? `s${l.segment}` : '', l.element !== undefined ? `e${l.element}` : '', l.component !== undefined ? `c${l.component}` : ''].join('');
    return `${i.severity[0]} ${i.code.replace('GW_ERR_', '')}@${at || '-'} ${i.contrl ?? '-'}`;
  });
}

const UNB3 = "UNB+UNOA:3+SENDER:ZZZ+RECIPIENT:ZZZ+261128:0930+IC1'";
const msg = (ref: string, n = 0): string => `UNH+${ref}+CODECO:D:95B:UN'BGM+34+${ref}+9'${'EQD+CN+MSCU1234565'.concat("'").repeat(n)}UNT+${3 + n}+${ref}'`;

describe('interchange envelope', () => {
  it('a consistent interchange has no findings', () => {
    expect(f(`${UNB3}${msg('1')}${msg('2', 2)}UNZ+2+IC1'`)).toEqual([]);
  });

  it('UNZ count and reference', () => {
    expect(f(`${UNB3}${msg('1')}UNZ+2+IC9'`)).toEqual(['e UNZ_COUNT@s5e1 29', 'e UNZ_REFERENCE@s5e2 28']);
  });

  it('UNZ missing, a truncated last segment', () => {
    expect(f(`${UNB3}${msg('1')}UNZ+1`)).toEqual(['e SERVICE_ELEMENT_MISSING@s5e2 13', 'e SEGMENT_UNTERMINATED@s5 13']);
    expect(f(`${UNB3}UNH+1+CODECO:D:95B:UN'BGM+34`)).toEqual(['e SEGMENT_UNTERMINATED@s3 13', 'e UNT_MISSING@s2 13', 'e UNZ_MISSING@s3 13']);
  });

  it('data after UNZ', () => {
    expect(f(`${UNB3}${msg('1')}UNZ+1+IC1'${msg('2')}`)).toEqual(['e DATA_AFTER_UNZ@s6 33']);
  });

  it('empty interchange and empty input', () => {
    expect(f(`${UNB3}UNZ+0+IC1'`)).toEqual(['e EMPTY_INTERCHANGE@s1 32']);
    expect(f('')).toEqual(['e EMPTY_INPUT@- 32']);
    expect(f('\r\n  \r\n')).toEqual(['e EMPTY_INPUT@- 32']);
  });

  it('not EDIFACT at all', () => {
    expect(f('{"hello":"world"}')).toEqual(['e SEGMENT_TAG_INVALID@s1 12', 'e NOT_EDIFACT@s1 13', 'e SEGMENT_UNTERMINATED@s1 13']);
  });

  it('segments outside any message, reported once per run', () => {
    expect(f(`${UNB3}BGM+1'BGM+2'${msg('1')}FTX+AAA'${msg('2')}UNZ+2+IC1'`)).toEqual(['e SEGMENT_OUTSIDE_MESSAGE@s2 33', 'e SEGMENT_OUTSIDE_MESSAGE@s7 33']);
  });

  it('a second UNB', () => {
    expect(f(`${UNB3}${msg('1')}${UNB3}UNZ+1+IC1'`)).toEqual(['e NESTED_ENVELOPE@s5 15']);
  });
});

describe('messages', () => {
  it('UNT count and reference', () => {
    expect(f(`${UNB3}UNH+1+CODECO:D:95B:UN'BGM+34'UNT+9+2'UNZ+1+IC1'`)).toEqual(['e UNT_COUNT@s4e1 29', 'e UNT_REFERENCE@s4e2 28']);
  });

  it('UNT missing before the next UNH, UNT without UNH', () => {
    expect(f(`${UNB3}UNH+1+CODECO:D:95B:UN'BGM+34'${msg('2')}UNT+2+3'UNZ+2+IC1'`)).toEqual(['e UNT_MISSING@s2 13', 'e UNT_UNEXPECTED@s7 33']);
  });

  it('duplicate message references', () => {
    expect(f(`${UNB3}${msg('7')}${msg('7')}UNZ+2+IC1'`)).toEqual(['e DUPLICATE_MESSAGE_REFERENCE@s5e1 26']);
  });

  it('mandatory S009 components and too many components', () => {
    expect(f(`${UNB3}UNH+1+CODECO::95B:UN'UNT+2+1'UNZ+1+IC1'`)).toEqual(['e SERVICE_ELEMENT_MISSING@s2e2c2 13']);
    expect(f(`${UNB3}UNH+1+CODECO:D:95B:UN:SMDG:X:Y:Z'UNT+2+1'UNZ+1+IC1'`)).toEqual(['e SERVICE_TOO_MANY_ELEMENTS@s2e2c6 16']);
  });

  it('UNT count that is not a number', () => {
    expect(f(`${UNB3}UNH+1+CODECO:D:95B:UN'UNT+AB+1'UNZ+1+IC1'`)).toEqual(['e SERVICE_CHAR_TYPE@s3e1 37']);
  });
});

describe('functional groups', () => {
  const ung = (ref: string): string => `UNG+CODECO+S:ZZZ+R:ZZZ+261128:0930+${ref}+UN+D:95B'`;

  it('UNE count and reference', () => {
    expect(f(`${UNB3}${ung('G1')}${msg('1')}UNE+2+G2'UNZ+1+IC1'`)).toEqual(['e UNG_UNE_COUNT@s6e1 29', 'e UNG_UNE_REFERENCE@s6e2 28']);
  });

  it('UNE missing, UNE without UNG, duplicate group references', () => {
    expect(f(`${UNB3}${ung('G1')}${msg('1')}UNZ+1+IC1'`)).toEqual(['e UNE_MISSING@s6 13']);
    expect(f(`${UNB3}${msg('1')}UNE+1+G1'UNZ+1+IC1'`)).toEqual(['e UNE_UNEXPECTED@s5 33']);
    expect(f(`${UNB3}${ung('G1')}${msg('1')}UNE+1+G1'${ung('G1')}${msg('2')}UNE+1+G1'UNZ+2+IC1'`)).toEqual(['e DUPLICATE_GROUP_REFERENCE@s7e5 26']);
  });

  it('groups and messages mixed; more than one message type in a group', () => {
    expect(f(`${UNB3}${msg('1')}${ung('G1')}${msg('2')}UNE+1+G1'UNZ+2+IC1'`)).toEqual(['e GROUPS_AND_MESSAGES_MIXED@s5 30']);
    expect(f(`${UNB3}${ung('G1')}${msg('1')}UNH+2+COARRI:D:95B:UN'UNT+2+2'UNE+2+G1'UNZ+1+IC1'`)).toEqual(['w GROUP_MIXED_TYPES@s2 31']);
  });

  it('UNZ counts groups when there are groups', () => {
    expect(f(`${UNB3}${ung('G1')}${msg('1')}${msg('2')}UNE+2+G1'UNZ+1+IC1'`)).toEqual([]);
  });
});

describe('UNB service elements', () => {
  it('syntax identifier and version', () => {
    expect(f(`UNB+XXXX:3+S+R+261128:0930+1'${msg('1')}UNZ+1+1'`)).toEqual(['e SYNTAX_ID_UNKNOWN@s1e1c1 2']);
    expect(f(`UNB+UNOA:7+S+R+261128:0930+1'${msg('1')}UNZ+1+1'`)).toEqual(['e SYNTAX_VERSION_UNSUPPORTED@s1e1c2 2']);
    expect(f(`UNB+UNOW:3+S+R+261128:0930+1'${msg('1')}UNZ+1+1'`)).toEqual(['w SYNTAX_ID_LATER_VERSION@s1e1c1 2']);
  });

  it('mandatory elements, length and codes', () => {
    expect(f(`UNB+UNOA:3+S+R+261128:0930'${msg('1')}UNZ+1+'`)).toEqual(['e SERVICE_ELEMENT_MISSING@s1e5 13', 'e SERVICE_ELEMENT_MISSING@s5e2 13']);
    expect(f(`UNB+UNOA:3+S+R+261128:0930+123456789012345'${msg('1')}UNZ+1+123456789012345'`)).toEqual(['e SERVICE_TOO_LONG@s1e5 39', 'e SERVICE_TOO_LONG@s5e2 39']);
    expect(f(`UNB+UNOA:3+S+R+261128:0930+1++++2'${msg('1')}UNZ+1+1'`)).toEqual(['e SERVICE_CODE_INVALID@s1e9 12']);
    expect(f(`UNB+UNOA:3+S+R+261128:0930+1+++++++X'${msg('1')}UNZ+1+1'`)).toEqual(['e SERVICE_TOO_MANY_ELEMENTS@s1e12 16']);
  });

  it('reads acknowledgement request and test indicator', () => {
    const ic = parseInterchange(`UNB+UNOA:3+S+R+261128:0930+1++++1++1'${msg('1')}UNZ+1+1'`);
    expect(ic.header).toMatchObject({ ackRequested: true, test: true });
  });

  it('dates and times per syntax version', () => {
    const at = (v: number, date: string, time = '0930'): string[] => f(`UNB+UNOA:${v}+S+R+${date}:${time}+1'${msg('1')}UNZ+1+1'`);
    expect(at(3, '261128')).toEqual([]);
    expect(at(4, '20261128')).toEqual([]);
    expect(at(3, '20261128')).toEqual(['w DATE_FORMAT_VERSION@s1e4c1 12']);
    expect(at(4, '261128')).toEqual(['w DATE_FORMAT_VERSION@s1e4c1 12']);
    expect(at(3, '261332')).toEqual(['e DATE_INVALID@s1e4c1 12']);
    expect(at(3, '260229')).toEqual(['e DATE_INVALID@s1e4c1 12']);
    expect(at(3, '280229')).toEqual([]);
    expect(at(3, '261128', '2460')).toEqual(['e DATE_INVALID@s1e4c2 12']);
    // Month lengths and leap years, century rule included.
    expect(at(4, '20000229')).toEqual([]);
    expect(at(4, '21000229')).toEqual(['e DATE_INVALID@s1e4c1 12']);
    expect(at(4, '20240229')).toEqual([]);
    expect(at(4, '20260431')).toEqual(['e DATE_INVALID@s1e4c1 12']);
    expect(at(4, '20261231')).toEqual([]);
    expect(at(4, '20261200')).toEqual(['e DATE_INVALID@s1e4c1 12']);
    expect(at(3, '000229')).toEqual([]);
  });

  it('version 4 components under version 3 only warn', () => {
    expect(f(`UNB+UNOA:3+S+R+261128:0930+1'UNH+1+BAPLIE:D:13B:UN:SMDG31:CL:ST'UNT+2+1'UNZ+1+1'`)).toEqual(['w SERVICE_LATER_VERSION@s2e2c6 16']);
  });
});

describe('service characters and segments', () => {
  it('an invalid UNA is reported and the defaults are used', () => {
    expect(f(`UNA::.? '${UNB3}${msg('1')}UNZ+1+IC1'`)).toEqual(['e UNA_INVALID@- 20']);
    expect(f(`UNAA+.? '${UNB3}${msg('1')}UNZ+1+IC1'`)).toEqual(['e UNA_INVALID@- 20']);
  });

  it('an empty segment warns and is not counted', () => {
    expect(f(`${UNB3}UNH+1+CODECO:D:95B:UN''BGM+34'UNT+3+1'UNZ+1+IC1'`)).toEqual(['w EMPTY_SEGMENT@s2 12']);
  });

  it('a bad segment tag', () => {
    expect(f(`${UNB3}UNH+1+CODECO:D:95B:UN'bgm+34'UNT+3+1'UNZ+1+IC1'`)).toEqual(['e SEGMENT_TAG_INVALID@s3 12', 'w LOWERCASE_UNDER_UNOA@s3 21']);
  });

  it('a release character at the very end releases nothing', () => {
    expect(f(`${UNB3}${msg('1')}UNZ+1+IC1?`)).toEqual(['e DANGLING_RELEASE@s5 22']);
  });

  it('caps repeated findings and says how many more there were', () => {
    const body = Array.from({ length: 150 }, () => "FTX+AAA+++A@B'").join('');
    const issues = parseInterchange(`${UNB3}UNH+1+CODECO:D:95B:UN'${body}UNT+152+1'UNZ+1+IC1'`).issues;
    expect(issues.filter((i) => i.code === 'GW_ERR_INVALID_CHARACTER')).toHaveLength(101);
    expect(issues.at(-1)?.text).toBe('50 more findings of this kind are not listed');
  });

  it('partner leniency changes severity, not the finding', () => {
    expect(f(`UNB+UNOA:3+S+R+20261128:0930+1'${msg('1')}UNZ+1+1'`, { severity: { GW_ERR_DATE_FORMAT_VERSION: 'error' } })).toEqual(['e DATE_FORMAT_VERSION@s1e4c1 12']);
  });
});
