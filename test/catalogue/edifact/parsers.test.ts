/**
 * The official-text parsers on small excerpts in each layout the UN used between D.93A and D.03A
 * (written here in the same column positions), so they run without ../shared/reference.
 */
import { describe, expect, it } from 'vitest';
import { formatJson, sortedRecord } from '../../../scripts/catalogue/json.js';
import { parseCodeLists } from '../../../scripts/catalogue/official-codes.js';
import { parseEdcd, parseEded, parseEdsd } from '../../../scripts/catalogue/official-definitions.js';
import { parseMessageText } from '../../../scripts/catalogue/official-message.js';
import { camelToWords } from '../../../scripts/catalogue/official-text.js';
import { restoreDroppedX } from '../../../scripts/catalogue/xml-repair.js';
import { parseRepr } from '../../../src/catalogue/edifact/index.js';

const SEP = '─'.repeat(70);

describe('code lists (UNCL, UNSL)', () => {
  it('reads the layout up to D.99A: right-aligned numbers, indicators, wrapped names, deleted codes', () => {
    const lists = parseCodeLists([
      SEP,
      '* 0007  Partner identification code qualifier',
      '',
      '  Desc: Qualifier referring to the source of codes for the identifiers',
      '        of interchanging partners.',
      '',
      '  Repr: an..4',
      '',
      '  Note: See also 1131 and',
      '        3055.',
      '',
      '        1 DUNS (Dun & Bradstreet)',
      '             Self explanatory.',
      '#|      8 UCC Communications ID (Uniform Code Council Communications',
      '          Identifier)',
      '             The Uniform Code Council Communications Identifier is a',
      '-     171 Enhanced company code',
      '             Self explanatory. Use value 100.',
      'X      12 Telephone number',
      '   ZZZ    Mutually  defined',
      SEP,
    ]);
    const list = lists.get('0007')!;
    expect(list).toMatchObject({ name: 'Partner identification code qualifier', repr: 'an..4' });
    expect([...list.codes]).toEqual([
      ['1', 'DUNS (Dun & Bradstreet)'],
      ['8', 'UCC Communications ID (Uniform Code Council Communications Identifier)'],
      ['12', 'Telephone number'],
      ['ZZZ', 'Mutually defined'],
    ]);
  });

  it('reads the layout from D.99B on: left-aligned codes in column 5, blank lines between codes', () => {
    const lists = parseCodeLists([
      SEP,
      '*    1001  Document name code                                      [C]',
      '',
      '     Desc: Code specifying the document name.',
      '',
      '     Repr: an..3',
      '',
      '     1     Certificate of analysis',
      '              Certificate providing the values of an analysis.',
      '',
      '+    436   Transport equipment profile',
      '           report',
      '              A report.',
      '',
      '     XAA   Combine all same day shipment',
      SEP,
    ]);
    expect([...lists.get('1001')!.codes]).toEqual([
      ['1', 'Certificate of analysis'],
      ['436', 'Transport equipment profile report'],
      ['XAA', 'Combine all same day shipment'],
    ]);
  });

  it('rejects a line it cannot place instead of guessing', () => {
    expect(() => parseCodeLists(['  1001  Document', '  Repr: an..3', '', '?? odd line'])).toThrow(/unexpected/);
  });
});

describe('segment, composite and element directories', () => {
  it('reads D.93A segments: no positions, components recognised by their mixed-case names', () => {
    const segs = parseEdsd([
      SEP,
      '  AGR  AGREEMENT IDENTIFICATION',
      '',
      '  Function: To specify the agreement details.',
      '',
      '  C543 AGREEMENT TYPE IDENTIFICATION                          C',
      '  7431   Agreement type qualifier                             M an..3',
      '+ 7433   Agreement type, coded                                C an..3',
      '',
      '  9419 SERVICE LAYER, CODED                                   C an..3',
      SEP,
    ]);
    expect(segs.get('AGR')).toEqual({ name: 'Agreement identification', elements: [{ id: 'C543', mandatory: false }, { id: '9419', mandatory: false }] });
  });

  it('reads D.99B+ segments with repetitions, indicators without a space and wrapped names', () => {
    const segs = parseEdsd([
      SEP,
      '    *  ADR  ADDRESS',
      '',
      '       Function: To specify an address.',
      '',
      '010    C817 ADDRESS USAGE                              C    1',
      '       3299  Address purpose code                      C      an..3',
      '',
      '060 *  C819 COUNTRY SUB-ENTITY DETAILS                 C    5',
      '       3229  Country sub-entity name code              C      an..9',
      '',
      '070    3164 CITY NAME                                  M    1 an..35',
      SEP,
    ]);
    expect(segs.get('ADR')!.elements).toEqual([
      { id: 'C817', mandatory: false },
      { id: 'C819', mandatory: false, repeat: 5 },
      { id: '3164', mandatory: true },
    ]);
    const reprs = new Map<string, Set<string>>();
    const comps = parseEdcd(
      [
        SEP,
        '    *#|C008 MONETARY AMOUNT FUNCTION DETAIL',
        '       Desc: To provide the detail of a monetary amount function.',
        '',
        '010    5105  Monetary amount function detail',
        '             description code                          C      an..17',
        '020    1131  Code list identification code             M      an..17',
        SEP,
      ],
      reprs,
    );
    expect(comps.get('C008')).toEqual({ name: 'Monetary amount function detail', components: [{ id: '5105', mandatory: false }, { id: '1131', mandatory: true }] });
    expect(reprs.get('5105')).toEqual(new Set(['an..17']));
    const elements = parseEded([SEP, '+    1003  Message type code                                       [B]', '     Desc: Code specifying a type of message.', '     Repr: an..6', SEP]);
    expect(elements.get('1003')).toEqual({ name: 'Message type code', repr: 'an..6' });
  });
});

describe('message segment tables', () => {
  it('reads box-drawn tables (D.95B) with nested groups closed by ┘ and ┴', () => {
    const m = parseMessageText(
      [
        '                              UN/EDIFACT',
        '                         DRAFT RECOMMENDATION',
        '              Test message',
        '0010   UNH Message header                            M   1     ',
        '0020       ───── Segment group 1  ────────────────── M   9───────────┐',
        '0030   EQD Equipment details                         M   1           │',
        '0040       ───── Segment group 2  ────────────────── C   1──────────┐│',
        '0050 + TDT Details of transport                      M   1          ││',
        '0060   DTM Date/time/period                          C   9──────────┴┘',
        '0070   UNT Message trailer                           M   1     ',
      ],
      'box',
    );
    expect(m.name).toBe('Test message');
    expect(m.structure).toEqual([
      { kind: 'segment', tag: 'UNH', mandatory: true, max: 1 },
      {
        kind: 'group', id: 'SG1', mandatory: true, max: 9, children: [
          { kind: 'segment', tag: 'EQD', mandatory: true, max: 1 },
          { kind: 'group', id: 'SG2', mandatory: false, max: 1, children: [
            { kind: 'segment', tag: 'TDT', mandatory: true, max: 1 },
            { kind: 'segment', tag: 'DTM', mandatory: false, max: 9 },
          ] },
        ],
      },
      { kind: 'segment', tag: 'UNT', mandatory: true, max: 1 },
    ]);
  });

  it('reads ASCII tables (D.03A), upper-case D.93A titles, and refuses an unclosed group', () => {
    const m = parseMessageText(
      [
        'CUSTOMS CARGO REPORT MESSAGE',
        '  UNH  Message header                       M      1',
        '0090       ----- Segment group 1  ------------------ C   9-----------+',
        '0100   RFF Reference                                 M   1           |',
        '0110   DTM Date/time/period                          C   9-----------+',
        '  UNT  Message trailer                      M      1',
      ],
      'ascii',
    );
    expect(m.name).toBe('Customs cargo report message');
    expect(m.structure[1]).toMatchObject({ kind: 'group', id: 'SG1', max: 9, children: [{ tag: 'RFF' }, { tag: 'DTM' }] });
    expect(() => parseMessageText(['T', '0010   UNH Message header  M   1', '0020  ----- Segment group 1  ----- M 1----+', '0030   UNT Message trailer  M   1'], 'bad')).toThrow(/not closed/);
  });
});

describe('helpers', () => {
  it('turns camelCase names into words and splits the words the XML glued together', () => {
    expect(camelToWords('interchangeHeader')).toBe('Interchange header');
    expect(camelToWords('datetimeOfPreparation')).toBe('Date/time of preparation');
    expect(camelToWords('messagepackageResponse')).toBe('Message/package response');
  });

  it('parses UN representations', () => {
    expect(parseRepr('an..35')).toEqual({ type: 'an', min: 1, max: 35 });
    expect(parseRepr('n6')).toEqual({ type: 'n', min: 6, max: 6 });
    expect(parseRepr('a..3')).toEqual({ type: 'a', min: 1, max: 3 });
    expect(parseRepr('x..3')).toBeUndefined();
    expect(parseRepr('an..0')).toBeUndefined();
  });

  it('writes deterministic JSON with one line per entry and sorted keys', () => {
    const text = formatJson({ b: 1, codes: sortedRecord([['ZZZ', 'z'], ['10', 'ten'], ['2', 'two'], ['AA', 'a']]) });
    expect(text).toBe('{\n  "b": 1,\n  "codes": {"2":"two","10":"ten","AA":"a","ZZZ":"z"}\n}\n');
  });

  it('restores codes whose leading X the XML dropped, using neighbouring official lists', () => {
    const list = { id: '1153', name: '', repr: '', codes: new Map([['A', 'Company/place registration number'], ['AAA', 'Order']]), duplicates: [['AA', 'Combine'] as [string, string]] };
    const neighbour = new Map([['1153', { id: '1153', name: '', repr: '', codes: new Map([['XA', 'x'], ['AAA', 'y'], ['XAA', 'z']]) }]]);
    expect(restoreDroppedX(new Map([['1153', list]]), [neighbour])).toEqual(['1153: XA XAA']);
    expect([...list.codes.keys()]).toEqual(['XA', 'AAA', 'XAA']);
  });
});
