import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { documentKeys } from '../../../src/catalogue/documents/keys.js';
import type { CanonicalDocument } from '../../../src/catalogue/documents/types.generated.js';

function example(name: string): CanonicalDocument {
  return JSON.parse(readFileSync(new URL(`../../../schemas/documents/examples/${name}.example.json`, import.meta.url), 'utf8')) as CanonicalDocument;
}

describe('documentKeys', () => {
  it('finds bills, containers and the vessel call wherever a manifest holds them', () => {
    expect(documentKeys(example('Manifest'))).toEqual({
      billsOfLading: ['COSU6345781230', 'COSU6345781245'],
      containers: ['CBHU8127457', 'CSNU6342187', 'OOLU1874522'],
      bookings: [],
      releaseNumbers: [],
      customsDeclarations: [],
      vesselCalls: ['9783758/041E'],
    });
  });

  it('takes fields named like Object.prototype members for what they are: ordinary fields', () => {
    const doc = { ...example('DeliveryOrder'), constructor: 'X', toString: ['Y'], __proto__: { hasOwnProperty: 'Z' } } as unknown as CanonicalDocument;
    expect(documentKeys(doc).releaseNumbers).toEqual(['RE25NB0319087']);
    const odd = JSON.parse('{"documentType":"DeliveryOrder","constructor":{"containerNumber":"MSCU1234565"},"valueOf":"v"}') as CanonicalDocument;
    expect(documentKeys(odd).containers).toEqual(['MSCU1234565']);
  });

  it('finds the release number, the B/L reference and each released container of a delivery order', () => {
    const keys = documentKeys(example('DeliveryOrder'));
    expect(keys.releaseNumbers).toEqual(['RE25NB0319087']);
    expect(keys.billsOfLading).toEqual(['COSU6345781230']);
    expect(keys.containers).toEqual(['CBHU8127457', 'CSNU6342187']);
  });

  it('reads container lists in customs decisions and typed references', () => {
    const keys = documentKeys(example('CustomsNotice'));
    expect(keys.containers).toEqual(['CBHU8127457', 'CSNU6342187', 'OOLU1874522']);
    expect(keys.customsDeclarations).toEqual(['310020250000187654']);
    expect(keys.billsOfLading).toEqual(['COSU6345781230', 'COSU6345781245']);
  });

  it('collects bookings from container references and names a vessel without IMO number by call sign or name', () => {
    const eir = example('EquipmentInterchangeReceipt');
    expect(documentKeys(eir).bookings).toEqual(['6301458812', '6301458820']);
    const byName = { ...eir, vesselCall: { vesselName: 'Cosco Shipping Aries', voyageNumber: '042W' } } as CanonicalDocument;
    expect(documentKeys(byName).vesselCalls).toEqual(['COSCO SHIPPING ARIES/042W']);
  });
});
