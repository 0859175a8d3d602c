/** The edge reads the format and only the envelope header: UNB with any service characters, or the customs Head. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectFormat, readCustomsHead, readEnvelope, readUnb, sniffFormat } from '../../src/pipeline/detect.js';

const repo = join(import.meta.dirname, '..', '..');

describe('format detection', () => {
  it('believes the content type when it names a format', () => {
    expect(detectFormat('application/EDIFACT', Buffer.from('{}'))).toBe('edifact');
    expect(detectFormat('application/edifact; charset=iso-8859-1', Buffer.from(''))).toBe('edifact');
    expect(detectFormat('text/xml', Buffer.from('UNB'))).toBe('xml');
    expect(detectFormat('application/vnd.cn.manifest+xml', Buffer.from(''))).toBe('xml');
    expect(detectFormat('application/json', Buffer.from('<x/>'))).toBe('json');
    expect(detectFormat('application/ld+json', Buffer.from(''))).toBe('json');
  });

  it('sniffs the first meaningful byte otherwise (BOM and whitespace skipped)', () => {
    expect(sniffFormat(Buffer.from("UNA:+.? 'UNB+UNOC:3"))).toBe('edifact');
    expect(sniffFormat(Buffer.from("\r\n  UNB+UNOA:2"))).toBe('edifact');
    expect(sniffFormat(Buffer.from("UNH+1+CODECO:D:95B:UN'"))).toBe('edifact');
    expect(sniffFormat(Buffer.from('\ufeff<?xml version="1.0"?><Manifest/>'))).toBe('xml');
    expect(sniffFormat(Buffer.from(' [{"documentType":"DeliveryOrder"}]'))).toBe('json');
    expect(sniffFormat(Buffer.from('ISA*00*          *00'))).toBe('unknown');
    expect(sniffFormat(Buffer.from('UNX'))).toBe('unknown');
    expect(detectFormat('text/plain', Buffer.from('hello'))).toBe('unknown');
  });
});

describe('UNB at the edge', () => {
  it('reads sender, recipient, control reference, acknowledgement request and test indicator', () => {
    expect(readUnb(Buffer.from("UNB+UNOC:3+NBCT:ZZZ+EDIGWNGB:ZZZ+250317:1430+GI001++++1++1'UNH+1+CODECO:D:95B:UN'"))).toEqual({
      senderId: 'NBCT', senderQualifier: 'ZZZ', recipientId: 'EDIGWNGB', recipientQualifier: 'ZZZ', controlRef: 'GI001', ackRequested: true, testIndicator: true,
    });
    expect(readUnb(Buffer.from("UNB+UNOA:2+MSCNGB+EDIGWNGB+250317:1430+77'"))).toEqual({ senderId: 'MSCNGB', recipientId: 'EDIGWNGB', controlRef: '77' });
  });

  it('honours UNA service characters and release characters in the header', () => {
    expect(readUnb(Buffer.from("UNA|*.# ~UNB*UNOC|3*NB#*CT|ZZZ*HUB*250317|1430*REF#~1~UNH*1"))).toMatchObject({ senderId: 'NB*CT', controlRef: 'REF~1' });
    expect(readUnb(Buffer.from("UNB+UNOC:3+NB?+CT:ZZZ+HUB+250317:1430+R?'1'"))).toMatchObject({ senderId: 'NB+CT', controlRef: "R'1" });
  });

  it('gives up without throwing on what is not a readable UNB', () => {
    expect(readUnb(Buffer.from("UNH+1+CODECO:D:95B:UN'"))).toBeUndefined();
    expect(readUnb(Buffer.from('UNB+UNOC:3+NBCT'))).toBeUndefined();
    expect(readUnb(Buffer.from(`UNB+UNOC:3+${'X'.repeat(5000)}'`))).toBeUndefined();
    expect(readUnb(Buffer.alloc(0))).toBeUndefined();
    expect(readEnvelope('edifact', Buffer.from('garbage'))).toEqual({});
  });
});

describe('customs Head at the edge', () => {
  it('reads MessageID, SenderID, ReceiverID and MessageType without building a tree', () => {
    const xml = readFileSync(join(repo, 'fixtures', 'xml', 'mt1101-ningbo-first.xml'));
    expect(readCustomsHead(xml)).toEqual({ senderId: '3100NB00001', recipientId: 'EPORT', controlRef: 'CN_MT1101_1p0_3100NB00001_20240308093000123', messageTypes: ['MT1101'] });
  });

  it('decodes a GB 18030 document as declared, and reads prefixed elements', () => {
    const text = '<?xml version="1.0" encoding="GB18030"?><m:Manifest xmlns:m="urn:x"><m:Head><m:MessageID>编号1</m:MessageID><m:SenderID>3100</m:SenderID></m:Head></m:Manifest>';
    expect(readCustomsHead(iconv.encode(text, 'gb18030'))).toEqual({ senderId: '3100', controlRef: '编号1' });
    expect(readCustomsHead(Buffer.from('<MFTMessage><MFTHead><MessageID>X</MessageID></MFTHead></MFTMessage>'))).toBeUndefined();
  });
});
