/**
 * The segment table walk: groups opened by their trigger, repeated, left for the parent level,
 * nested; missing mandatory segments and groups located at the last segment before them (UCS
 * 0096); unexpected segments; too many repetitions of a segment (35) or a group (36).
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseInterchange } from '../../../src/syntax/edifact/index.js';
import { validateInterchange, validateStream } from '../../../src/validation/index.js';
import type { MessageInput } from '../../../src/validation/index.js';
import { COARRI_BODY, interchange, summary } from './helpers.js';

function check(id: string, body: string | readonly string[]): string[] {
  const v = validateInterchange(parseInterchange(interchange(id, [typeof body === 'string' ? body : body.join('')])));
  return summary(v.messages[0].issues);
}

const coarri = (edit: (segs: string[]) => string[]): string[] => check('COARRI:D:95B:UN', edit([...COARRI_BODY]));

/** The group path the walk placed each segment in, as `TAG/path`. */
function placements(id: string, body: string): string[] {
  let seen: MessageInput | undefined;
  validateInterchange(parseInterchange(interchange(id, [body])), { passes: [(m) => { seen = m; return []; }] });
  return seen!.segments.map((s, i) => `${s.tag}${seen!.groups[i] ? `/${seen!.groups[i]}` : seen!.groups[i] === undefined ? '/?' : ''}`);
}

describe('segment table walk', () => {
  it('accepts a clean COARRI and places every segment in its group', () => {
    expect(coarri((s) => s)).toEqual([]);
    expect(placements('COARRI:D:95B:UN', COARRI_BODY.join(''))).toEqual([
      'UNH', 'BGM', 'TDT/SG1', 'LOC/SG1', 'DTM/SG1', 'NAD/SG2', 'EQD/SG3', 'DTM/SG3', 'LOC/SG3', 'MEA/SG3', 'CNT', 'UNT',
    ]);
  });

  it('repeats groups, nests them and leaves them for the enclosing level', () => {
    const body = [
      ...COARRI_BODY.slice(0, 5),
      "EQD+CN+MSCU1234566+45G1:102:5++3+5'", "DAM+1'", "COD+A'", "DAM+1'", "TDT+30++1'", "LOC+7+ITGOA:139:6'", "NAD+CA+COS:172:20'",
      "EQD+CN+COSU1234560+22G1:102:5++3+5'", "TDT+30++1'", "DTM+203:202611280600:203'",
      "CNT+16:2'",
    ].join('');
    expect(placements('COARRI:D:95B:UN', body)).toEqual([
      'UNH', 'BGM', 'TDT/SG1', 'LOC/SG1', 'DTM/SG1', 'NAD/SG2',
      'EQD/SG3', 'DAM/SG3/SG4', 'COD/SG3/SG4', 'DAM/SG3/SG4', 'TDT/SG3/SG5', 'LOC/SG3/SG5', 'NAD/SG3',
      'EQD/SG3', 'TDT/SG3/SG5', 'DTM/SG3/SG5', 'CNT', 'UNT',
    ]);
    expect(check('COARRI:D:95B:UN', body)).toEqual([]);
  });

  it('reports a missing mandatory segment at the last segment processed before it (UCS 0096)', () => {
    // BGM expected after UNH: the finding sits at UNH (position 1).
    expect(coarri((s) => s.slice(1))).toEqual(['GW_ERR_SEGMENT_MISSING@m1 [13]']);
    // CNT expected before UNT: at the last segment of the last EQD group (MEA, position 10).
    expect(coarri((s) => s.slice(0, -1))).toEqual(['GW_ERR_SEGMENT_MISSING@m10 [13]']);
  });

  it('reports a missing mandatory group, and a missing mandatory segment inside a group', () => {
    // SG1 (TDT …) is mandatory in COARRI: expected after BGM (position 2).
    expect(coarri((s) => [s[0], ...s.slice(4)])).toEqual(['GW_ERR_GROUP_MISSING@m2 [13]']);
    // BAPLIE D95B SG2 (stowage LOC) requires MEA and RFF: MEA is passed over by the second LOC,
    // RFF by the EQD that opens SG3.
    const head = "BGM++391651645'DTM+137:201604140307:203'TDT+20+042'LOC+5+USLGB:139:6'DTM+178:201604140000:203'";
    expect(check('BAPLIE:D:95B:UN', `${head}LOC+147+0780690::5'LOC+9+USLGB:139:6'RFF+BM:1'EQD+CN+OOLU4293959'`)).toEqual(['GW_ERR_SEGMENT_MISSING@m7 [13]']);
    expect(check('BAPLIE:D:95B:UN', `${head}LOC+147+0780690::5'MEA+WT++KGM:3833'EQD+CN+OOLU4293959'`)).toEqual(['GW_ERR_SEGMENT_MISSING@m8 [13]']);
  });

  it('names the missing place in plain words', () => {
    const v = validateInterchange(parseInterchange(interchange('COARRI:D:95B:UN', [[COARRI_BODY[0], ...COARRI_BODY.slice(4)].join('')])));
    expect(v.messages[0].issues[0]).toMatchObject({
      code: 'GW_ERR_GROUP_MISSING',
      severity: 'error',
      text: 'mandatory segment group SG1 (opened by TDT) is missing after BGM (segment 2 of the message)',
      location: { segmentInMessage: 2, segment: 3, messageRef: 'M1', messageIndex: 1, line: 1 },
    });
    // No segment is in error, so the location names none (it is the place, not the culprit).
    expect(v.messages[0].issues[0].location).not.toHaveProperty('tag');
  });

  it('reports a segment out of order (15) and one the message does not have (15), and carries on', () => {
    // A message-level RFF after the SG1 group: its place (before SG1) is behind.
    const late = coarri((s) => [...s.slice(0, 4), "RFF+VON:031W'", ...s.slice(4)]);
    expect(late).toEqual(['GW_ERR_SEGMENT_UNEXPECTED@m6 [15]']);
    const foreign = validateInterchange(parseInterchange(interchange('COARRI:D:95B:UN', [[...COARRI_BODY.slice(0, 5), "GID+1'", ...COARRI_BODY.slice(5)].join('')])));
    expect(summary(foreign.messages[0].issues)).toEqual(['GW_ERR_SEGMENT_UNEXPECTED@m7 [15]']);
    expect(foreign.messages[0].issues[0].text).toBe('segment GID is not part of COARRI D95B');
  });

  it('reports a segment repeated too often (35) at each extra occurrence', () => {
    expect(coarri((s) => [s[0], s[0], ...s.slice(1)])).toEqual(['GW_ERR_SEGMENT_REPEATED_TOO_OFTEN@m3 [35]']);
    const ftx = Array.from({ length: 11 }, () => "FTX+AAA+++TEXT'");
    expect(coarri((s) => [s[0], ...ftx, ...s.slice(1)])).toEqual(['GW_ERR_SEGMENT_REPEATED_TOO_OFTEN@m12 [35]', 'GW_ERR_SEGMENT_REPEATED_TOO_OFTEN@m13 [35]']);
  });

  it('reports a group repeated too often (36), also for a group of maximum 1, and still reads its content', () => {
    // SG1 (max 1) twice: the second TDT starts a second SG1, not a second TDT within SG1.
    expect(coarri((s) => [...s.slice(0, 4), "TDT+20+032E+1'", "DTM+132:202611290600:203'", ...s.slice(4)])).toEqual(['GW_ERR_GROUP_REPEATED_TOO_OFTEN@m6 [36]']);
    const nads = Array.from({ length: 10 }, () => "NAD+CF+COS:172:20'");
    expect(coarri((s) => [...s.slice(0, 4), ...nads, ...s.slice(5)])).toEqual(['GW_ERR_GROUP_REPEATED_TOO_OFTEN@m15 [36]']);
  });

  it('does not judge the end of a message that was never closed (the envelope already reports it)', () => {
    const text = `UNB+UNOC:3+S:ZZZ+R:ZZZ+261128:0930+IC1'UNH+M1+COARRI:D:95B:UN'${COARRI_BODY.slice(0, 3).join('')}UNZ+1+IC1'`;
    const v = validateInterchange(parseInterchange(text));
    expect(summary(v.messages[0].issues)).toEqual([]);
    expect(summary(v.envelope)).toEqual(['GW_ERR_UNT_MISSING@m1 [13]']);
    expect(v.messages[0]).toMatchObject({ closed: false, errors: 1 });
  });

  it('walks the UNS section control of CUSDEC and checks its code', () => {
    const head = "BGM+929+DEC1+9'";
    const ok = check('CUSDEC:D:95B:UN', `${head}UNS+D'UNS+S'`);
    expect(ok.filter((x) => x.includes('UNEXPECTED'))).toEqual([]);
    expect(check('CUSDEC:D:95B:UN', `${head}UNS+X'UNS+S'`)).toContain('GW_ERR_CODE_VALUE_INVALID@m3e1 [12]');
  });

  it('finds the same in a stream as in the tree', async () => {
    const bodies = [
      COARRI_BODY.join(''),
      [COARRI_BODY[0], COARRI_BODY[0], ...COARRI_BODY.slice(4, -1)].join(''),
      [...COARRI_BODY.slice(0, 5), "GID+1'", ...COARRI_BODY.slice(5)].join(''),
    ];
    const text = Buffer.from(interchange('COARRI:D:95B:UN', bodies));
    const tree = validateInterchange(parseInterchange(text));
    const chunks = Array.from({ length: Math.ceil(text.length / 17) }, (_, i) => text.subarray(i * 17, i * 17 + 17));
    const stream = await validateStream(Readable.from(chunks));
    expect(stream.messages.map((m) => summary(m.issues))).toEqual(tree.messages.map((m) => summary(m.issues)));
    expect(stream.messages.map((m) => m.issues)).toEqual(tree.messages.map((m) => m.issues));
    expect(tree.messages.map((m) => summary(m.issues))).toEqual([
      [],
      ['GW_ERR_SEGMENT_REPEATED_TOO_OFTEN@m3 [35]', 'GW_ERR_GROUP_MISSING@m3 [13]', 'GW_ERR_SEGMENT_MISSING@m8 [13]'],
      ['GW_ERR_SEGMENT_UNEXPECTED@m7 [15]'],
    ]);
    expect(stream).toMatchObject({ messageCount: 3, errors: 4, warnings: 0 });
  });
});
