import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messageSchema, repeatingPaths, variantFor } from '../../../src/syntax/xml/index.js';
import { ROOT } from './xsd.js';

describe('schema knowledge derived from the XSDs', () => {
  it('schemas/xml/*.json are what scripts/xml/derive-schemas.ts derives from the XSDs today', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/xml/derive-schemas.ts'), '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('knows the function-code variants of MT1101 and MT2101, and the own XSDs of MT5101/MT5102/MT9999', () => {
    expect(messageSchema('MT1101').functionCodes).toEqual({ 0: 'secondly', 3: 'delete', 5: 'edit', 9: 'first' });
    expect(variantFor(messageSchema('MT2101'), '5')?.xsd).toBe('Manifest_Declare_Export_Ship_Edit_2101_5.xsd');
    expect(variantFor(messageSchema('MT5101'), '3')?.origin).toBe('gateway');
    expect(variantFor(messageSchema('MT9999'), '2')?.xsd).toBe('Manifest_Receipt_9999.xsd');
    expect(messageSchema('MT3101').namespace).toBe('urn:Declaration:datamodel:standard:CN:MT3101:1');
  });

  it('records order, occurrences and attributes as the XSD sequence has them', () => {
    const first = variantFor(messageSchema('MT1101'), '9')!;
    const equipment = first.types.TransportEquipment;
    expect(equipment.map((d) => d.name)).toEqual(['EquipmentIdentification', 'CharacteristicCode', 'SupplierPartyTypeCode', 'FullnessCode', 'SealID']);
    expect(equipment.find((d) => d.name === 'SealID')).toMatchObject({ min: 0, max: 9, content: 'empty', attributes: ['AgencyCode'], wco: '165' });
    const deleted = variantFor(messageSchema('MT1101'), '3')!;
    expect(deleted.types.Consignment.find((d) => d.name === 'LoadingLocation')).toMatchObject({ max: 0 });
    expect(variantFor(messageSchema('MT5101'), '2')!.types.EquipmentIdentification[0]).toMatchObject({ name: 'ID', maxLength: 17, content: 'simple' });
  });

  it('tells repeating elements by their path, not their name', () => {
    const paths = repeatingPaths('MT1101');
    expect(paths.has('Declaration.Consignment')).toBe(true);
    expect(paths.has('Declaration.Consignment.TransportEquipment')).toBe(true);
    expect(paths.has('Declaration.Consignment.ConsignmentItem.EquipmentIdentification')).toBe(true);
    expect(paths.has('Declaration.Consignment.TransportEquipment.EquipmentIdentification')).toBe(false);
    expect(paths.has('Declaration.AdditionalInformation')).toBe(false);
  });
});
