/**
 * Local drop folders on a real disk: a file is collected only once two scans see it unchanged,
 * temporary names wait for their rename, refusals and oversize files go to `.rejected/` with
 * `.errors.txt`, a file collected twice is stored once, links are never followed, and deliveries
 * appear in `outbox/` whole, under the outbox name pattern.
 */
import { appendFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminViewer, partnerViewer } from '../../../src/store/index.js';
import { DropFolderTransport } from '../../../src/transports/drop-folder/index.js';
import { isTransportError, type OutgoingDelivery } from '../../../src/transports/types.js';
import { codeco, openGateway, stamp, type TestGateway } from '../sftp/harness.js';

let gw: TestGateway;
let folder: DropFolderTransport;
let alphaDir: string;
let betaDir: string;
let base: string;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'edigw-folder-'));
  alphaDir = join(base, 'alpha');
  betaDir = join(base, 'beta');
  gw = await openGateway({
    maxFileBytes: 32 * 1024,
    partners: {
      alpha: { channels: { sftp: { type: 'sftp-outbox' }, drop: { type: 'folder', path: alphaDir, pollIntervalSeconds: 1 } } },
      beta: { channels: { sftp: { type: 'sftp-outbox' }, drop: { type: 'folder', path: betaDir, pollIntervalSeconds: 1 } } },
    },
  });
  folder = new DropFolderTransport({ directory: gw.directory, store: gw.store, ingest: gw.ingest, logger: gw.logger, maxFileBytes: gw.config.sftp.maxFileBytes }, { timers: false, verdict: { recheckMs: 20 } });
  await folder.start();
});

afterAll(async () => {
  await folder.stop();
  await gw.close();
  rmSync(base, { recursive: true, force: true });
});

const poll = async (partnerId: 'alpha' | 'beta') => (await folder.poll({ partnerId, holder: 'test', leaseMs: 1000 })).ingested;

async function refs(partnerId: string) {
  const page = await gw.store.searchMessages({ partnerId, direction: 'inbound', limit: 500 }, partnerViewer(partnerId));
  return page.items.map((m) => m.envelope.controlRef);
}

describe('collecting', () => {
  it('takes a file on the second scan that sees it unchanged, stores it and moves it to .processed/', async () => {
    const body = codeco('ALPHA', 'DF000001');
    writeFileSync(join(alphaDir, 'inbox', 'one.edi'), body);
    expect(await poll('alpha')).toEqual([]);
    const [id] = await poll('alpha');
    expect((await gw.store.getPayload(id, partnerViewer('alpha')))?.bytes.toString()).toBe(body);
    expect((await gw.store.getMessage(id, adminViewer))?.channel).toBe('folder');
    expect(readdirSync(join(alphaDir, 'inbox'))).not.toContain('one.edi');
    expect(readFileSync(join(alphaDir, 'inbox', '.processed', 'one.edi'), 'utf8')).toBe(body);
  });

  it('waits while a file is still growing', async () => {
    const body = codeco('ALPHA', 'DF000002', 8000);
    const path = join(alphaDir, 'inbox', 'growing.edi');
    writeFileSync(path, body.slice(0, 3000));
    expect(await poll('alpha')).toEqual([]);
    appendFileSync(path, body.slice(3000, 6000));
    expect(await poll('alpha')).toEqual([]);
    appendFileSync(path, body.slice(6000));
    expect(await poll('alpha')).toEqual([]);
    const [id] = await poll('alpha');
    expect((await gw.store.getPayload(id, partnerViewer('alpha')))?.bytes.toString()).toBe(body);
  });

  it('ignores temporary names until the writer renames the file into place', async () => {
    const inbox = join(alphaDir, 'inbox');
    writeFileSync(join(inbox, '.two.edi'), codeco('ALPHA', 'DF000003'));
    writeFileSync(join(inbox, 'three.edi.part'), codeco('ALPHA', 'DF000004'));
    writeFileSync(join(inbox, 'four.tmp'), codeco('ALPHA', 'DF000005'));
    await poll('alpha');
    await poll('alpha');
    expect(await refs('alpha')).not.toEqual(expect.arrayContaining(['DF000003']));
    renameSync(join(inbox, '.two.edi'), join(inbox, 'two.edi'));
    renameSync(join(inbox, 'three.edi.part'), join(inbox, 'three.edi'));
    await poll('alpha');
    expect(await poll('alpha')).toHaveLength(2);
    const stored = await refs('alpha');
    expect(stored).toEqual(expect.arrayContaining(['DF000003', 'DF000004']));
    expect(stored).not.toContain('DF000005');
  });

  it('keeps each partner\'s files to itself', async () => {
    writeFileSync(join(betaDir, 'inbox', 'b.edi'), codeco('BETA', 'DF000006'));
    await poll('alpha');
    expect(await poll('alpha')).toEqual([]);
    await poll('beta');
    expect(await poll('beta')).toHaveLength(1);
    expect(await refs('beta')).toContain('DF000006');
    expect(await refs('alpha')).not.toContain('DF000006');
  });

  it('moves refused and oversize files to .rejected/ with their .errors.txt', async () => {
    const inbox = join(alphaDir, 'inbox');
    writeFileSync(join(inbox, 'not-mine.edi'), codeco('BETA', 'DF000007'));
    writeFileSync(join(inbox, 'huge.edi'), codeco('ALPHA', 'DF000008', 40 * 1024));
    await poll('alpha');
    expect(await poll('alpha')).toEqual([]);
    const rejected = join(inbox, '.rejected');
    expect(readFileSync(join(rejected, 'not-mine.edi.errors.txt'), 'utf8')).toMatch(/error GW_ERR_SENDER_MISMATCH at segment 1 \(UNB\)/);
    expect(readFileSync(join(rejected, 'huge.edi.errors.txt'), 'utf8')).toMatch(/error GW_ERR_FILE_TOO_LARGE/);
    expect(existsSync(join(rejected, 'huge.edi'))).toBe(true);
    expect(await refs('alpha')).not.toEqual(expect.arrayContaining(['DF000007']));
  });

  it('stores a file collected twice only once (the move after storing was lost)', async () => {
    const inbox = join(alphaDir, 'inbox');
    writeFileSync(join(inbox, 'twice.edi'), codeco('ALPHA', 'DF000009'));
    await poll('alpha');
    const [first] = await poll('alpha');
    // As if the gateway had died after storing, before moving: the very same file is in the inbox again.
    linkSync(join(inbox, '.processed', 'twice.edi'), join(inbox, 'twice.edi'));
    await poll('alpha');
    expect(await poll('alpha')).toEqual([first]);
    expect((await refs('alpha')).filter((r) => r === 'DF000009')).toHaveLength(1);
    expect(readdirSync(join(inbox, '.processed'))).toContain(`twice.${first}.edi`);
  });

  it('never follows a link or collects a directory', async () => {
    const inbox = join(alphaDir, 'inbox');
    const outside = join(alphaDir, 'outside.edi');
    writeFileSync(outside, codeco('ALPHA', 'DF000010'));
    symlinkSync(outside, join(inbox, 'link.edi'));
    mkdirSync(join(inbox, 'subdir.edi'));
    await poll('alpha');
    expect(await poll('alpha')).toEqual([]);
    expect(existsSync(outside)).toBe(true);
    expect(gw.logs.filter((l) => l['code'] === 'GW_ERR_FILE_NOT_REGULAR').map((l) => l['file']).sort()).toEqual(['link.edi', 'subdir.edi']);
  });

  it('moves a stored file on to .rejected/ when the pipeline rejects it', async () => {
    writeFileSync(join(alphaDir, 'inbox', 'garbage.txt'), 'not an interchange');
    await poll('alpha');
    const [id] = await poll('alpha');
    expect((await gw.process(id))?.status).toBe('rejected');
    for (let i = 0; i < 500 && !existsSync(join(alphaDir, 'inbox', '.rejected', 'garbage.txt.errors.txt')); i++) await new Promise((r) => setTimeout(r, 20));
    expect(readFileSync(join(alphaDir, 'inbox', '.rejected', 'garbage.txt.errors.txt'), 'utf8')).toMatch(/GW_ERR_FORMAT_UNKNOWN/);
    expect(existsSync(join(alphaDir, 'inbox', '.processed', 'garbage.txt'))).toBe(false);
  });
});

describe('after a restart', () => {
  it('carries on following a stored file whose verdict came while the gateway was down', async () => {
    const before = new DropFolderTransport({ directory: gw.directory, store: gw.store, ingest: gw.ingest, logger: gw.logger, maxFileBytes: 1024 * 1024 }, { timers: false, verdict: { recheckMs: 20 } });
    await before.start();
    writeFileSync(join(betaDir, 'inbox', 'late.txt'), 'not an interchange either');
    await before.poll({ partnerId: 'beta', holder: 'test', leaseMs: 1000 });
    const [id] = (await before.poll({ partnerId: 'beta', holder: 'test', leaseMs: 1000 })).ingested;
    const marker = join(betaDir, 'inbox', '.processed', '.watch', `${id}.json`);
    for (let i = 0; i < 500 && !existsSync(marker); i++) await new Promise((r) => setTimeout(r, 10));
    expect(existsSync(marker)).toBe(true);
    await before.stop();

    expect((await gw.process(id))?.status).toBe('rejected');
    const after = new DropFolderTransport({ directory: gw.directory, store: gw.store, ingest: gw.ingest, logger: gw.logger, maxFileBytes: 1024 * 1024 }, { verdict: { recheckMs: 20 } });
    await after.start();
    try {
      const errors = join(betaDir, 'inbox', '.rejected', 'late.txt.errors.txt');
      for (let i = 0; i < 500 && !existsSync(errors); i++) await new Promise((r) => setTimeout(r, 10));
      expect(readFileSync(errors, 'utf8')).toContain(`Message:  ${id}`);
      expect(existsSync(marker)).toBe(false);
    } finally {
      await after.stop();
    }
  });
});

describe('delivering', () => {
  function delivery(id: string, channelPath: string, payload: string): OutgoingDelivery {
    const partner = gw.directory.get('alpha')!;
    return {
      id, messageId: id, documentId: null, documentType: 'DeliveryOrder', destination: partner, channelName: 'drop',
      channel: { type: 'folder', path: channelPath, pollIntervalSeconds: 1 }, format: 'json', contentType: 'application/json',
      payload: Buffer.from(payload), test: false, attempt: 1,
    };
  }

  it('writes the delivery whole into outbox/ under the pattern name; a repeat writes the same name', async () => {
    const id = '01JPMZ4V0D6B4H8G7R2S9T3K5W';
    const result = await folder.send(delivery(id, alphaDir, '{"deliveryOrder":1}'));
    expect(result.outcome).toBe('delivered');
    const name = `${stamp(id)}_DeliveryOrder_${id}.json`;
    expect(readdirSync(join(alphaDir, 'outbox'))).toEqual([name]);
    await folder.send({ ...delivery(id, alphaDir, '{"deliveryOrder":1}'), attempt: 2 });
    expect(readdirSync(join(alphaDir, 'outbox'))).toEqual([name]);
    expect(readFileSync(join(alphaDir, 'outbox', name), 'utf8')).toBe('{"deliveryOrder":1}');
  });

  it('fails transiently when the folder cannot be written, so the queue retries', async () => {
    const blocked = join(alphaDir, 'a-file-not-a-dir');
    writeFileSync(blocked, 'x');
    const err = await folder.send(delivery('01JPMZ4V0D6B4H8G7R2S9T3K5X', blocked, '{}')).then(() => undefined, (e: unknown) => e);
    expect(isTransportError(err)).toBe(true);
    expect(err).toMatchObject({ transient: true, message: expect.stringMatching(/GW_ERR_DROP_FOLDER_UNAVAILABLE/) });
  });
});

describe('on its own timer', () => {
  it('collects without being polled', async () => {
    const timed = new DropFolderTransport({ directory: gw.directory, store: gw.store, ingest: gw.ingest, logger: gw.logger, maxFileBytes: 1024 * 1024 });
    await timed.start();
    try {
      writeFileSync(join(betaDir, 'inbox', 'timed.edi'), codeco('BETA', 'DF000011'));
      for (let i = 0; i < 300 && !(await refs('beta')).includes('DF000011'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(await refs('beta')).toContain('DF000011');
    } finally {
      await timed.stop();
    }
  });
});
