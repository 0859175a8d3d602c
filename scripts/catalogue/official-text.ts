/** Helpers shared by the parsers of the official UNTDID text files. */

/** Entries are separated by a full line of box-drawing (─, or Ä when read as Latin-1) or dashes. */
export function isSeparator(line: string): boolean {
  return /^\s*[─Ä=-]{20,}\s*$/.test(line);
}

export function splitEntries(lines: readonly string[]): string[][] {
  const entries: string[][] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (isSeparator(line)) {
      if (current.length > 0) entries.push(current);
      current = [];
    } else {
      current.push(line);
    }
  }
  if (current.length > 0) entries.push(current);
  return entries;
}

/**
 * Official texts write segment and composite names in capitals ("BEGINNING OF MESSAGE"); the
 * catalogue shows them like element names ("Beginning of message").
 */
export function sentenceCase(name: string): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (/[a-z]/.test(trimmed)) return trimmed;
  const lower = trimmed.toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/**
 * The machine-readable directories carry camelCase names ("interchangeHeader"); turn them into
 * readable ones ("Interchange header"). Words the source glued together are split again.
 */
const GLUED: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bdatetime\b/g, 'date/time'],
  [/\breferencepassword\b/g, 'reference/password'],
  [/\bmessagepackage\b/g, 'message/package'],
  [/\bandor\b/g, 'and/or'],
  [/\banticollision\b/g, 'anti-collision'],
];

export function camelToWords(name: string): string {
  let words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').toLowerCase();
  for (const [re, replacement] of GLUED) words = words.replace(re, replacement);
  words = words.replace(/\bid\b/g, 'ID');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
