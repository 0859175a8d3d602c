/**
 * Text longer than one data element (a party name in NAD C080 3036 × 5, free text in FTX C108
 * 4440 × 5) is split into pieces when written and joined when read. The two directions agree, so
 * a canonical text survives the round trip exactly:
 *
 * - writing breaks at the last space that leaves a piece shorter than the maximum, dropping that
 *   space, unless the space sits between two CJK characters (Chinese names keep their spaces);
 *   with no such space it cuts at the maximum;
 * - reading joins with a space, except after a piece of the maximum length (a cut) or between two
 *   CJK characters, where a space was never removed.
 *
 * Lengths count characters (code points), as EDIFACT counts them under UNOW/UNOY.
 */

function isCjk(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.codePointAt(0)!;
  return (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x20000 && c <= 0x3ffff) || (c >= 0x3000 && c <= 0x303f);
}

/** Splits text into at most `count` pieces of at most `max` characters; `rest` is what did not fit. */
export function splitText(text: string, max: number, count: number): { pieces: string[]; rest: string } {
  const chars = Array.from(text);
  const pieces: string[] = [];
  let i = 0;
  while (i < chars.length && pieces.length < count) {
    if (chars.length - i <= max) {
      pieces.push(chars.slice(i).join(''));
      i = chars.length;
      break;
    }
    let cut = -1;
    for (let k = i + max - 1; k > i; k--) {
      if (chars[k] === ' ' && !(isCjk(chars[k - 1]) && isCjk(chars[k + 1])) && chars[k - 1] !== ' ') {
        cut = k;
        break;
      }
    }
    if (cut === -1) {
      pieces.push(chars.slice(i, i + max).join(''));
      i += max;
    } else {
      pieces.push(chars.slice(i, cut).join(''));
      i = cut + 1;
    }
  }
  return { pieces, rest: chars.slice(i).join('') };
}

/** Joins pieces written by splitText (or by a partner) back into one text. */
export function joinText(pieces: readonly string[], max: number): string {
  let out = '';
  let prev: string | undefined;
  for (const p of pieces) {
    if (p === '') continue;
    if (prev === undefined) out = p;
    else {
      const prevChars = Array.from(prev);
      const glue = prevChars.length >= max || (isCjk(prevChars[prevChars.length - 1]) && isCjk(Array.from(p)[0])) ? '' : ' ';
      out += glue + p;
    }
    prev = p;
  }
  return out;
}
