/**
 * fast-xml-parser's entity decoder replaced by XML 1.0's own rules: the five predefined entities and
 * decimal/hexadecimal character references, nothing else. The pre-scan has already refused DOCTYPE
 * and undefined entities, so there is nothing to expand, no limit to track and no HTML entity to
 * guess; and unlike the library default (which leaves "&#x4E2D;" undecoded unless HTML entities are
 * switched on), Chinese text written as character references arrives as text.
 */
import type { EntityDecoderOptions } from 'fast-xml-parser';

const REFERENCE = /&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot|apos));/g;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXmlReferences(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (ref: string, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name !== undefined) return PREDEFINED[name];
    const cp = hex !== undefined ? parseInt(hex, 16) : parseInt(dec ?? '', 10);
    // The pre-scan refused references to characters XML forbids; keep the text as is if one slips by.
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : ref;
  });
}

export const xmlEntityDecoder: EntityDecoderOptions = {
  setExternalEntities: () => undefined,
  addInputEntities: () => undefined,
  reset: () => undefined,
  setXmlVersion: () => undefined,
  decode: decodeXmlReferences,
};
