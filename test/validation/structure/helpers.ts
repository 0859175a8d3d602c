/** Small helpers for the structure tests: wrap a message body in an interchange, summarise findings. */
import type { Issue } from '../../../src/errors/index.js';

/**
 * An interchange (syntax version 3 unless given) with one message per body; UNT counts are
 * computed. Bodies are segments without UNH/UNT, each ending with "'".
 */
export function interchange(id: string, bodies: readonly string[], syntax = 'UNOC:3', una = ''): string {
  const messages = bodies.map((body, i) => {
    const count = (body.match(/'/g) ?? []).length + 2;
    return `UNH+M${i + 1}+${id}'${body}UNT+${count}+M${i + 1}'`;
  });
  return `${una}UNB+${syntax}+SENDER:ZZZ+EDIGW:ZZZ+${syntax.endsWith(':4') ? '20261128' : '261128'}:0930+IC1'${messages.join('')}UNZ+${bodies.length}+IC1'`;
}

/**
 * A finding as `CODE@m<segment in message>[e<element>][c<component>][r<repetition>] [0085]`:
 * what CONTRL would report, in one comparable string.
 */
export function summary(issues: readonly Issue[]): string[] {
  return issues.filter((i) => i.severity !== 'info').map((i) => {
    const l = i.location ?? {};
    const at = `${l.segmentInMessage !== undefined ? `m${l.segmentInMessage}` : ''}${l.element !== undefined ? `e${l.element}` : ''}${l.component !== undefined ? `c${l.component}` : ''}${l.repetition !== undefined ? `r${l.repetition}` : ''}`;
    return `${i.code}@${at || '-'} [${i.contrl ?? '-'}]`;
  });
}

/** A clean COARRI D95B body (UN codes only: 25 "container discharger list"). */
export const COARRI_BODY = [
  "BGM+25+DIS1+9'",
  "TDT+20+031W+1+13+COS:172:20'",
  "LOC+11+CNNGB:139:6'",
  "DTM+132:202611280600:203'",
  "NAD+CF+COS:172:20'",
  "EQD+CN+MSCU1234566+45G1:102:5++3+5'",
  "DTM+203:202611280600:203'",
  "LOC+147+0180482::5'",
  "MEA+AAE+G+KGM:24000'",
  "CNT+16:1'",
];
