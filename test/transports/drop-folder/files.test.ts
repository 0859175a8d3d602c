/** The names and texts every file door shares: temporary names, outbox names, .errors.txt. */
import { describe, expect, it } from 'vitest';
import { makeIssue } from '../../../src/errors/gateway-error.js';
import { asideNames, deliveryIdOf, errorsReport, extensionFor, isIgnoredName, isValidFileName, outboxFileName } from '../../../src/transports/drop-folder/files.js';

const ID = '01JPMZ4V0D6B4H8G7R2S9T3K5W';

describe('names', () => {
  it.each([
    ['codeco.edi', false], ['.codeco.edi', true], ['codeco.edi.part', true], ['codeco.EDI.PART', true],
    ['codeco.tmp', true], ['codeco.edi.filepart', true], ['partial.edi', false], ['tmp.edi', false],
  ])('%j ignored: %s', (name, ignored) => {
    expect(isIgnoredName(name)).toBe(ignored);
  });

  it.each([['a.edi', true], ['宁波.edi', true], ['', false], ['.', false], ['..', false], ['a/b', false], ['a\\b', false], ['a\u0000', false], ['a\rb', false], ['x'.repeat(256), false]])(
    '%j valid: %s', (name, valid) => {
      expect(isValidFileName(name)).toBe(valid);
    },
  );

  it('names deliveries <YYYYMMDDHHMMSS>_<kind>_<id>.<ext> and reads the id back', () => {
    // The time comes from the id: 01JPMZ4V0D is 2025-03-18T15:49:51.757Z.
    const base = { id: ID, contentType: 'application/json' };
    expect(outboxFileName({ ...base, documentType: 'DeliveryOrder', format: 'json' })).toBe(`20250318154951_DeliveryOrder_${ID}.json`);
    expect(outboxFileName({ ...base, documentType: null, format: 'CONTRL', contentType: 'application/EDIFACT' })).toBe(`20250318154951_CONTRL_${ID}.edi`);
    expect(outboxFileName({ ...base, documentType: 'Manifest', format: 'MT1101', contentType: 'application/xml' })).toBe(`20250318154951_Manifest_${ID}.xml`);
    expect(deliveryIdOf(`20250318154951_DeliveryOrder_${ID}.json`)).toBe(ID);
    expect(deliveryIdOf(`20250318154951_DeliveryOrder_${ID}.json.part`)).toBeUndefined();
    expect(deliveryIdOf(`../20250317142605_x_${ID}.json`)).toBeUndefined();
    expect(deliveryIdOf('anything.json')).toBeUndefined();
  });

  it('picks the extension by format first, then content type', () => {
    expect(extensionFor({ format: 'CODECO:D95B', contentType: 'text/plain' })).toBe('edi');
    expect(extensionFor({ format: 'APERAK', contentType: null })).toBe('edi');
    expect(extensionFor({ format: 'custom', contentType: 'application/xml' })).toBe('xml');
    expect(extensionFor({ format: 'custom', contentType: 'application/json; charset=utf-8' })).toBe('json');
  });

  it('offers the name, then the name with a suffix before the extension', () => {
    const it = asideNames('codeco.edi', ID);
    expect([it.next().value, it.next().value, it.next().value]).toEqual(['codeco.edi', `codeco.${ID}.edi`, `codeco.${ID}-2.edi`]);
    const bare = asideNames('README', 'x');
    expect([bare.next().value, bare.next().value]).toEqual(['README', 'README.x']);
  });
});

describe('errorsReport', () => {
  it('lists every finding with severity, code, place and text, errors first', () => {
    const text = errorsReport({
      file: 'gate-in.edi', at: new Date('2025-03-17T14:26:05Z'), verdict: 'refused: nothing was stored', messageId: ID,
      findings: [
        makeIssue('GW_ERR_TEST_TRAFFIC', 'test traffic'),
        makeIssue('GW_ERR_SENDER_MISMATCH', 'UNB names the sender X', { segment: 1, tag: 'UNB', element: 2, component: 1 }),
      ],
    });
    expect(text).toBe([
      'File:     gate-in.edi',
      'Checked:  2025-03-17T14:26:05.000Z',
      `Message:  ${ID} (GET /v1/messages/${ID} shows its history)`,
      'Result:   refused: nothing was stored',
      '',
      'error GW_ERR_SENDER_MISMATCH at segment 1 (UNB), element 2, component 1',
      '    UNB names the sender X',
      '',
      'info GW_ERR_TEST_TRAFFIC at interchange',
      '    test traffic',
      '',
    ].join('\n'));
  });
});
