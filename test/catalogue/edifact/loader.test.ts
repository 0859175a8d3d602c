/** The catalogue loader over the committed schemas/edifact. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isGatewayError } from '../../../src/errors/index.js';
import { defaultSchemasRoot, directoryOf, loadEdifactCatalogue, type StructureNode } from '../../../src/catalogue/edifact/index.js';

const schemas = defaultSchemasRoot();

function countingReader(): { read: (path: string) => string; files: string[] } {
  const files: string[] = [];
  return {
    files,
    read: (path) => {
      files.push(path.slice(join(schemas, 'edifact').length + 1).split('\\').join('/'));
      return readFileSync(path, 'utf8');
    },
  };
}

function tags(nodes: readonly StructureNode[], into = new Set<string>()): Set<string> {
  for (const n of nodes) {
    if (n.kind === 'segment') into.add(n.tag);
    else tags(n.children, into);
  }
  return into;
}

describe('loadEdifactCatalogue', () => {
  it('maps UNH S009 version and release to a directory id', () => {
    expect(directoryOf('D', '95B')).toBe('D95B');
    expect(directoryOf('d', '00b ')).toBe('D00B');
  });

  it('lists the directories oldest first and reads only the index at start-up', () => {
    const reader = countingReader();
    const catalogue = loadEdifactCatalogue(schemas, { readFile: reader.read });
    expect(catalogue.directories()).toEqual(['D93A', 'D95B', 'D96A', 'D97A', 'D98B', 'D99A', 'D99B', 'D00A', 'D00B', 'D01B', 'D02A', 'D03A']);
    expect(catalogue.directory('D01B')).toEqual(expect.objectContaining({ codeLists: false }));
    expect(reader.files).toEqual(['index.json']);
  });

  it('loads a directory, a message and a code list only when first asked, and each file once', () => {
    const reader = countingReader();
    const catalogue = loadEdifactCatalogue(schemas, { readFile: reader.read });
    const codeco = catalogue.message('D96A', 'CODECO')!;
    expect(reader.files).toEqual(['index.json', 'D96A/CODECO.json']);
    expect(catalogue.message('d96a', 'codeco')).toBe(codeco);
    catalogue.segment('D96A', 'EQD');
    catalogue.segment('D96A', 'TDT');
    catalogue.codes('D96A', '8053');
    catalogue.codes('D96A', '3035');
    catalogue.service(3).segment('UNH');
    catalogue.service(3).segment('UNT');
    expect(reader.files).toEqual(['index.json', 'D96A/CODECO.json', 'D96A/segments.json', 'D96A/codes.json', 'service/syntax-v3.json']);
  });

  it('resolves segments into typed elements and composites', () => {
    const catalogue = loadEdifactCatalogue(schemas);
    const eqd = catalogue.segment('D95B', 'EQD')!;
    expect(eqd.name).toBe('Equipment details');
    expect(eqd.elements[0]).toEqual({
      id: '8053', name: 'Equipment qualifier', mandatory: true, repeat: 1,
      element: { id: '8053', name: 'Equipment qualifier', repr: 'an..3', type: 'an', min: 1, max: 3, codeList: true },
    });
    const c237 = eqd.elements[1];
    expect(c237).toMatchObject({ id: 'C237', name: 'Equipment identification', mandatory: false, repeat: 1 });
    expect(c237.element).toBeUndefined();
    expect(c237.components!.map((c) => `${c.element.id} ${c.element.repr} ${c.mandatory ? 'M' : 'C'}`)).toEqual(['8260 an..17 C', '1131 an..3 C', '3055 an..3 C', '3207 an..3 C']);
    expect(catalogue.codes('D95B', '8053')!.get('CN')).toBe('Container');
    // D98B publishes no code lists: the element is known, its values cannot be checked.
    expect(catalogue.segment('D98B', 'EQD')!.elements[0].element!.codeList).toBe(false);
    expect(catalogue.codes('D98B', '8053')).toBeUndefined();
  });

  it('has the D.00B composites the machine-readable directory cut short (NAD C819 held only 3055)', () => {
    const catalogue = loadEdifactCatalogue(schemas);
    const c819 = catalogue.segment('D00B', 'NAD')!.elements[6];
    expect(c819).toMatchObject({ id: 'C819', name: 'Country sub-entity details' });
    expect(c819.components!.map((c) => `${c.element.id} ${c.element.repr}`)).toEqual(['3229 an..9', '1131 an..17', '3055 an..3', '3228 an..35']);
    expect(catalogue.segment('D00B', 'MEA')!.elements[1].components!.map((c) => c.element.id)).toEqual(['6313', '6321', '6155', '6154']);
  });

  it('gives the service segments and CONTRL of each syntax version', () => {
    const catalogue = loadEdifactCatalogue(schemas);
    const unb = catalogue.service(4).segment('UNB')!;
    expect(unb.name).toBe('Interchange header');
    expect(unb.elements[0].components![0].element).toMatchObject({ id: '0001', repr: 'a4', codeList: true });
    expect(catalogue.service(4).codes('0001')!.has('UNOY')).toBe(true);
    expect(catalogue.service(3).codes('0001')!.has('UNOY')).toBe(false);
    expect(catalogue.service(2).message('CONTRL')).toMatchObject({ type: 'CONTRL', version: 'D:3' });
    expect(catalogue.service(4).message('CONTRL')).toMatchObject({ type: 'CONTRL', version: '4:1' });
    expect(catalogue.service(1).notes.join(' ')).toMatch(/Corrected from Service_V1/);
  });

  it('returns undefined for what it does not hold', () => {
    const catalogue = loadEdifactCatalogue(schemas);
    expect(catalogue.message('D13B', 'BAPLIE')).toBeUndefined();
    expect(catalogue.message('D95B', 'ORDERS')).toBeUndefined();
    expect(catalogue.segment('D95B', 'ZZZ')).toBeUndefined();
    expect(catalogue.segment('D13B', 'EQD')).toBeUndefined();
    expect(catalogue.codes('D95B', '1004')).toBeUndefined();
    expect(catalogue.directory('D13B')).toBeUndefined();
    expect(catalogue.service(4).segment('ZZZ')).toBeUndefined();
    expect(catalogue.service(4).message('APERAK')).toBeUndefined();
  });

  it('measures loading what validating one message needs (prints the time, asserts none)', () => {
    const started = performance.now();
    const catalogue = loadEdifactCatalogue(schemas);
    const message = catalogue.message('D03A', 'IFTMIN')!;
    let codes = 0;
    for (const tag of tags(message.structure)) {
      const service = tag.startsWith('UN');
      const segment = service ? catalogue.service(4).segment(tag) : catalogue.segment('D03A', tag);
      expect(segment, tag).toBeDefined();
      for (const use of segment!.elements) {
        for (const element of use.element ? [use.element] : use.components!.map((c) => c.element)) {
          if (element.codeList) codes += (service ? catalogue.service(4).codes(element.id) : catalogue.codes('D03A', element.id))!.size;
        }
      }
    }
    const ms = performance.now() - started;
    process.stdout.write(`catalogue: D03A IFTMIN with its segments and ${codes} codes loaded in ${ms.toFixed(1)} ms\n`);
    expect(codes).toBeGreaterThan(1000);
  });

  describe('a damaged catalogue', () => {
    const copy = mkdtempSync(join(tmpdir(), 'edigw-schemas-'));
    cpSync(join(schemas, 'edifact'), join(copy, 'edifact'), { recursive: true });
    afterAll(() => {
      rmSync(copy, { recursive: true, force: true });
    });

    it('fails with GW_ERR_CATALOGUE_UNAVAILABLE naming the file, not with a half-read table', () => {
      writeFileSync(join(copy, 'edifact', 'D95B', 'segments.json'), '{"segments": {"EQD": {"name": "x", "elements": 7}}, "composites": {}, "elements": {}}');
      rmSync(join(copy, 'edifact', 'D96A', 'CODECO.json'));
      const catalogue = loadEdifactCatalogue(copy);
      const caught = (fn: () => unknown): unknown => {
        try {
          fn();
        } catch (err) {
          return err;
        }
        return undefined;
      };
      const bad = caught(() => catalogue.segment('D95B', 'EQD'));
      expect(isGatewayError(bad) && bad.code).toBe('GW_ERR_CATALOGUE_UNAVAILABLE');
      expect((bad as Error).message).toMatch(/D95B\/segments\.json.*EQD elements/);
      const missing = caught(() => catalogue.message('D96A', 'CODECO'));
      expect(isGatewayError(missing) && missing.code).toBe('GW_ERR_CATALOGUE_UNAVAILABLE');
      expect(() => loadEdifactCatalogue(join(copy, 'nowhere'))).toThrow(/index\.json cannot be read/);
    });
  });
});
