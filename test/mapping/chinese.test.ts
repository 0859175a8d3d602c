/**
 * Point 6 of issue 4 (EDIFACT part): Chinese names, addresses and goods descriptions survive
 * EDIFACT under UNOW, UNOY and a partner's GB 18030 setting; a partner whose character set cannot
 * carry them (UNOA, UNOC) gets a delivery error that names the canonical field, and no bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEdifact, writeEdifact } from '../../src/mapping/edifact/adapter.js';
import type { Obj } from '../../src/mapping/paths.js';
import { MappingRegistry } from '../../src/mapping/registry.js';
import { parseInterchange } from '../../src/syntax/edifact/index.js';
import { repoRoot } from '../helpers/corpus.js';

const registry = new MappingRegistry();
const fixture = (name: string): Buffer => readFileSync(join(repoRoot, 'fixtures', 'edifact', name));

/** A consignee name longer than one NAD C080 3036 (35 characters), with an address in Chinese. */
const LONG_NAME = '浙江省宁波市北仑区保税区国际物流园区宁波顺港国际货运代理有限公司第三分公司（进口部）';
const manifest = (): Obj => {
  const doc = readEdifact(fixture('cuscar-d95b-ningbo-import.edi'), registry).documents[0].document;
  const consignments = doc.consignments as Obj[];
  (consignments[0].parties as Obj[])[1].name = LONG_NAME;
  return doc;
};

describe('Chinese text through EDIFACT', () => {
  it.each([
    ['UNOW', 4, undefined],
    ['UNOY', 4, undefined],
    ['UNOC', 3, 'GB18030'],
    ['UNOA', 2, 'GB18030'],
  ] as const)('%s (syntax %i, partner charset %s) carries names, addresses and goods exactly', (syntaxId, syntaxVersion, charset) => {
    const doc = manifest();
    const w = writeEdifact([doc], registry, { syntaxId, syntaxVersion, ...(charset ? { charset } : {}), controlRef: '1' });
    expect(w.issues).toEqual([]);
    const bytes = w.output!;
    if (charset === 'GB18030') {
      // GB 18030 bytes, not UTF-8: 宁 is C4 FE.
      expect(bytes.includes(Buffer.from([0xc4, 0xfe]))).toBe(true);
      expect(bytes.includes(Buffer.from('宁', 'utf8'))).toBe(false);
    } else {
      expect(bytes.includes(Buffer.from('宁', 'utf8'))).toBe(true);
    }
    expect(parseInterchange(bytes, charset ? { charset } : {}).issues).toEqual([]);
    const back = readEdifact(bytes, registry, charset ? { charset } : {}).documents[0];
    expect(back.issues).toEqual([]);
    const { origin: _a, ...got } = back.document;
    const { origin: _b, ...want } = doc;
    expect(got).toEqual(want);
    const consignee = ((back.document.consignments as Obj[])[0].parties as Obj[])[1];
    expect(consignee.name).toBe(LONG_NAME);
    expect(consignee.address).toEqual({ lines: ['浙江省宁波市北仑区新碶街道大港路66号'], city: '宁波', subdivisionCode: 'ZJ', postalCode: '315800', countryCode: 'CN' });
  });

  it('spreads a long name over the NAD name components and joins it back without inventing spaces', () => {
    const w = writeEdifact([manifest()], registry, { controlRef: '1' });
    const nad = w.output!.toString('utf8').split('\n').find((l) => l.startsWith('NAD+CN+'))!;
    const names = nad.split('+')[4].split(':');
    expect(names).toHaveLength(2);
    expect(Array.from(names[0])).toHaveLength(35);
    expect(names.join('')).toBe(LONG_NAME);
  });

  it.each([['UNOC', 3], ['UNOA', 3]] as const)('%s: a delivery error names every field that cannot be sent, and nothing is written', (syntaxId, syntaxVersion) => {
    const w = writeEdifact([manifest()], registry, { syntaxId, syntaxVersion, controlRef: '1' });
    expect(w.output).toBeUndefined();
    const refused = w.issues.filter((i) => i.code === 'GW_ERR_MAPPING_VALUE_NOT_REPRESENTABLE');
    expect(refused.every((i) => i.severity === 'error')).toBe(true);
    expect(refused.map((i) => i.location?.path)).toEqual(expect.arrayContaining([
      '/parties/0/name', '/parties/1/name',
      '/consignments/0/parties/1/name', '/consignments/0/parties/1/address/lines/0', '/consignments/0/parties/1/address/city',
      '/consignments/0/parties/1/contacts/0/name', '/consignments/0/parties/2/name',
      '/consignments/0/goodsItems/0/description', '/consignments/1/parties/1/name', '/consignments/1/goodsItems/0/description',
    ]));
    const one = refused.find((i) => i.location?.path === '/consignments/0/goodsItems/0/description')!;
    expect(one.text).toMatch(new RegExp(`^/consignments/0/goodsItems/0/description: cannot be sent to this partner: "锂" cannot be written in ${syntaxId} .*; FTX element 4 component 1, message 41 segment \\d+$`));
    expect(one.location).toMatchObject({ tag: 'FTX', element: 4, component: 1 });
  });

  it('UNOA also refuses lower case, naming the field', () => {
    const doc = readEdifact(fixture('coprar-d95b-ningbo-loading.edi'), registry).documents[0].document;
    (doc.remarks as string[])[0] = 'Loading order';
    const w = writeEdifact([doc], registry, { syntaxId: 'UNOA', syntaxVersion: 3, controlRef: '1' });
    expect(w.output).toBeUndefined();
    expect(w.issues.map((i) => [i.code, i.location?.path])).toEqual([['GW_ERR_MAPPING_VALUE_NOT_REPRESENTABLE', '/remarks/0']]);
    expect(w.issues[0].text).toContain('"o" cannot be written in UNOA');
  });
});
