/**
 * Code lists the UN directories publish but do not close. Up to D.00A the directory text (EDED)
 * says of these elements "User or association defined code. May be used in combination with
 * 1131/3055": the UN list holds some codes, users and associations add their own (ISO 6346
 * size-type codes in 8155, SMDG's in 4065 …), so a value outside it is not an error. From D.01B
 * the notes were rewritten and most of these elements lost their UN list; only 8155 still has one,
 * with "May use codes specified in ISO 6346 for seagoing containers". D.00B, known only from the
 * machine-readable directory without notes, follows D.00A.
 *
 * The set is taken from the reference directories and test/validation/structure/open-lists.test.ts
 * keeps it in step with them. A profile can still close such a list through the code-list hook.
 */
const ASSOCIATION_DEFINED: ReadonlySet<string> = new Set([
  '1147', '3039', '3127', '3285', '3301', '3433', '4065', '4079', '4415', '4425', '4441', '5237', '5243', '5249',
  '5275', '5377', '5389', '7009', '7037', '7085', '7111', '7143', '7161', '7187', '7273', '7295', '7357', '7419',
  '7453', '8155', '8255', '9005', '9007', '9009', '9011', '9013', '9015', '9019', '9021', '9143', '9321', '9419',
]);

/** Release year of a directory id ('D95B' -> 1995, 'D01B' -> 2001); NaN for anything else. */
function year(directory: string): number {
  const m = /^D(\d\d)[A-Z]$/.exec(directory);
  if (!m) return NaN;
  const y = Number(m[1]);
  return y >= 90 ? 1900 + y : 2000 + y;
}

/** Whether a value outside the UN code list of this element is still a valid code in this directory. */
export function isOpenCodeList(directory: string, elementId: string): boolean {
  if (elementId === '8155') return true;
  return ASSOCIATION_DEFINED.has(elementId) && year(directory) <= 2000;
}
