/**
 * Differences between the official text directories and the machine-readable XML of the same
 * release, each with the reason. The catalogue follows the official text; the cross-check test
 * fails on any difference not listed here. D.96A has none: its message tables, segments,
 * composites and element representations agree (it has no official code lists to compare).
 */
export interface KnownDifference {
  directory: string;
  subject: string;
  detail: string;
  reason: string;
}

const PORT_PRACTICE =
  'The XML adds the codes SMDG/ITIGG port practice uses (1001 34 gate-in, 36 gate-out, 44 discharge, 46 loading, 999 logistic move) and renames 34 "Gate In"; the UN D.95B list has 34 "Cargo status" and none of the others. Port codes belong in the message profiles, not in the UN list.';
const DROPPED_X =
  'The XML converter read a leading X of a code as the "marked for deletion" indicator and dropped it (XA became A; XAA of 7161 became a second AA). The official text has the X codes.';
const EXTERNAL_LIST =
  'UNCL publishes no values for this element: it refers to a UN/ECE Recommendation (No 20 units of measure for 6411, No 19 modes of transport for 8067). The XML adds a handful of values; the catalogue does not check these elements rather than reject valid values missing from a partial list.';

export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  { directory: 'D95B', subject: 'codes 1001', detail: 'only in the XML: 36 44 46 999', reason: PORT_PRACTICE },
  { directory: 'D95B', subject: 'codes 1001', detail: 'names differ: 34', reason: PORT_PRACTICE },
  { directory: 'D95B', subject: 'codes 1153', detail: 'only in the text: XA XC XP', reason: DROPPED_X },
  { directory: 'D95B', subject: 'codes 1153', detail: 'only in the XML: A C P', reason: DROPPED_X },
  { directory: 'D95B', subject: 'codes 3035', detail: 'only in the text: XX', reason: DROPPED_X },
  { directory: 'D95B', subject: 'codes 3035', detail: 'only in the XML: X', reason: DROPPED_X },
  { directory: 'D95B', subject: 'codes 3153', detail: 'only in the text: XF', reason: DROPPED_X },
  { directory: 'D95B', subject: 'codes 3153', detail: 'only in the XML: F', reason: DROPPED_X },
  { directory: 'D95B', subject: 'codes 3155', detail: 'only in the text: XF', reason: DROPPED_X },
  { directory: 'D95B', subject: 'codes 3155', detail: 'only in the XML: F', reason: DROPPED_X },
  { directory: 'D95B', subject: 'codes 6313', detail: 'only in the text: XH XQ XZ', reason: DROPPED_X },
  {
    directory: 'D95B',
    subject: 'codes 6313',
    detail: 'only in the XML: BRL CD VGM H Q Z',
    reason: `${DROPPED_X} BRL, CD and VGM (verified gross mass, SOLAS 2016) are later port practice, not D.95B codes.`,
  },
  { directory: 'D95B', subject: 'codes 7161', detail: 'only in the text: XAA', reason: DROPPED_X },
  { directory: 'D95B', subject: 'codes 6411', detail: 'list only in the XML', reason: EXTERNAL_LIST },
  { directory: 'D95B', subject: 'codes 8067', detail: 'list only in the XML', reason: EXTERNAL_LIST },
];
