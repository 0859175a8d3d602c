/**
 * Structure findings in the CONTRL (what `edigw ack` sends): UCS with the segment position (for a
 * missing segment, the last one before its place) and 0085, UCD with element + 1 and component.
 */
import { describe, expect, it } from 'vitest';
import { buildContrl } from '../../../src/acks/contrl.js';
import { parseInterchange, serializeInterchange } from '../../../src/syntax/edifact/index.js';
import { allIssues, validateInterchange } from '../../../src/validation/index.js';
import { COARRI_BODY, interchange } from './helpers.js';

function contrl(text: string): { lines: string[]; action: string } {
  const ic = parseInterchange(text);
  const r = buildContrl(ic, allIssues(validateInterchange(ic)), { controlRef: 'C42', now: new Date('2026-11-28T01:30:00Z') });
  if (!r) throw new Error('no CONTRL');
  const out = serializeInterchange(r.interchange, { newlines: true }).toString('latin1');
  // The CONTRL itself is a clean CONTRL, structure included.
  const back = parseInterchange(out);
  expect(allIssues(validateInterchange(back)).filter((i) => i.severity !== 'info')).toEqual([]);
  return { lines: out.trim().split('\n').slice(2, -2), action: r.action };
}

describe('structure findings in CONTRL', () => {
  it('missing segments: UCS at the segment before their place, also right after UNH; the message is rejected', () => {
    const body = [COARRI_BODY[1], COARRI_BODY[4], COARRI_BODY[5]].join('');
    expect(contrl(interchange('COARRI:D:95B:UN', [body]))).toEqual({
      action: 'rejected',
      lines: ["UCI+IC1+SENDER:ZZZ+EDIGW:ZZZ+4'", "UCM+M1+COARRI:D:95B:UN+4'", "UCS+1+13'", "UCS+4+13'"],
    });
  });

  it('element findings as UCD (element + 1 : component), an unexpected segment as UCS 15; the clean message is accepted', () => {
    const bad = COARRI_BODY.map((s, i) => (i === 5 ? "EQD+XX+MSCU1234566+45G1:102:5'GID+1'" : i === 8 ? "MEA+AAE+G+KGM:24000A'" : s)).join('');
    expect(contrl(interchange('COARRI:D:95B:UN', [COARRI_BODY.join(''), bad]))).toEqual({
      action: 'accepted-with-errors',
      lines: [
        "UCI+IC1+SENDER:ZZZ+EDIGW:ZZZ+2'",
        "UCM+M1+COARRI:D:95B:UN+7'",
        "UCM+M2+COARRI:D:95B:UN+4'",
        "UCS+7'", "UCD+12+2'",
        "UCS+8+15'",
        "UCS+11'", "UCD+37+4:2'",
      ],
    });
  });

  it('a message outside the catalogue is reported in UCM at UNH S009 (3 under syntax 3), as a warning', () => {
    expect(contrl(interchange('BAPLIE:D:13B:UN', ["BGM++1+9'"]))).toEqual({
      action: 'accepted-with-errors',
      lines: ["UCI+IC1+SENDER:ZZZ+EDIGW:ZZZ+2'", "UCM+M1+BAPLIE:D:13B:UN+2+3+UNH+3'"],
    });
  });
});
