/**
 * The built-in SFTP server against a real SFTP client (ssh2-sftp-client, password and key): uploads
 * are stored exactly like HTTP POSTs and moved aside with their verdict, files under temporary
 * names wait for their rename, the outbox lists deliveries from the store and deleting a file
 * acknowledges it.
 */
import { readdirSync } from 'node:fs';
import SftpClient from 'ssh2-sftp-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminViewer, partnerViewer } from '../../../src/store/index.js';
import { SftpServer } from '../../../src/transports/sftp/index.js';
import { codeco, openGateway, stamp, PASSWORDS, type TestGateway } from './harness.js';

let gw: TestGateway;
let server: SftpServer;
let port: number;

beforeAll(async () => {
  gw = await openGateway();
  server = new SftpServer({ config: gw.config, directory: gw.directory, store: gw.store, ingest: gw.ingest, logger: gw.logger }, { port: 0, verdict: { recheckMs: 20 } });
  port = (await server.start()).port;
});

afterAll(async () => {
  await server.stop();
  await gw.close();
});

async function connect(user: 'alpha' | 'beta', how: 'password' | 'key' = 'password'): Promise<SftpClient> {
  const c = new SftpClient();
  await c.connect({
    host: '127.0.0.1', port, username: user, readyTimeout: 20_000,
    ...(how === 'password' ? { password: PASSWORDS[user] } : { privateKey: gw.keys.alpha.privateKey }),
  });
  return c;
}

async function withClient<T>(user: 'alpha' | 'beta', fn: (c: SftpClient) => Promise<T>, how: 'password' | 'key' = 'password'): Promise<T> {
  const c = await connect(user, how);
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function byRef(partnerId: string, ref: string) {
  const page = await gw.store.searchMessages({ partnerId, direction: 'inbound', limit: 500 }, partnerViewer(partnerId));
  return page.items.filter((m) => m.envelope.controlRef === ref);
}

async function until<T>(fn: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('uploads', () => {
  it('stores an upload once the client closes it, byte for byte, and moves it to inbox/.processed/', async () => {
    const body = codeco('ALPHA', 'UP0001', 5000);
    await withClient('alpha', async (c) => {
      await c.put(Buffer.from(body), '/inbox/gate-in-1.edi');
      expect(await c.exists('/inbox/gate-in-1.edi')).toBe(false);
      expect(await c.exists('/inbox/.processed/gate-in-1.edi')).toBe('-');
    });
    const [stored] = await byRef('alpha', 'UP0001');
    expect(stored.channel).toBe('sftp');
    expect((await gw.store.getPayload(stored.id, partnerViewer('alpha')))?.bytes.toString()).toBe(body);
    expect(gw.enqueued).toContain(stored.id);
    const received = (await gw.store.timeline(stored.id, adminViewer))!.find((e) => e.type === 'received');
    expect(received?.data).toMatchObject({ file: 'gate-in-1.edi', sftpUser: 'alpha' });
  });

  it('logs in with a public key as well', async () => {
    await withClient('alpha', async (c) => {
      await c.put(Buffer.from(codeco('ALPHA', 'KEY0001')), 'inbox/by-key.edi');
    }, 'key');
    expect(await byRef('alpha', 'KEY0001')).toHaveLength(1);
  });

  it('a second file of the same name gets the message id before its extension', async () => {
    await withClient('alpha', async (c) => {
      await c.put(Buffer.from(codeco('ALPHA', 'SAME0001')), '/inbox/same.edi');
      await c.put(Buffer.from(codeco('ALPHA', 'SAME0002')), '/inbox/same.edi');
      const names = (await c.list('/inbox/.processed')).map((f) => f.name);
      const [second] = await byRef('alpha', 'SAME0002');
      expect(names).toContain('same.edi');
      expect(names).toContain(`same.${second.id}.edi`);
    });
  });

  it('ignores dot, .part, .tmp and .filepart names until they are renamed (RENAME and posix-rename)', async () => {
    await withClient('alpha', async (c) => {
      await c.put(Buffer.from(codeco('ALPHA', 'TMP0001')), '/inbox/a.edi.part');
      await c.put(Buffer.from(codeco('ALPHA', 'TMP0002')), '/inbox/.b.edi');
      await c.put(Buffer.from(codeco('ALPHA', 'TMP0003')), '/inbox/c.tmp');
      await c.put(Buffer.from(codeco('ALPHA', 'TMP0004')), '/inbox/d.edi.filepart');
      for (const ref of ['TMP0001', 'TMP0002', 'TMP0003', 'TMP0004']) expect(await byRef('alpha', ref)).toHaveLength(0);
      expect((await c.list('/inbox')).map((f) => f.name).sort()).toEqual(expect.arrayContaining(['.b.edi', 'a.edi.part', 'c.tmp', 'd.edi.filepart']));

      await c.rename('/inbox/a.edi.part', '/inbox/a.edi');
      expect(await byRef('alpha', 'TMP0001')).toHaveLength(1);
      expect(await c.exists('/inbox/.processed/a.edi')).toBe('-');

      // posix-rename replaces an existing file, as a partner's "upload as temp, rename over" expects.
      await c.put(Buffer.from('placeholder'), '/inbox/e.tmp');
      await c.posixRename('/inbox/.b.edi', '/inbox/e.tmp');
      expect(await byRef('alpha', 'TMP0002')).toHaveLength(0);
      await c.posixRename('/inbox/e.tmp', '/inbox/b.edi');
      expect(await byRef('alpha', 'TMP0002')).toHaveLength(1);

      // A plain SFTPv3 rename never replaces a file.
      await c.put(Buffer.from('x'), '/inbox/f.part');
      await c.put(Buffer.from('y'), '/inbox/g.part');
      await expect(c.rename('/inbox/f.part', '/inbox/g.part')).rejects.toThrow();
      expect((await c.get('/inbox/g.part') as Buffer).toString()).toBe('y');
    });
  });

  it('refuses another sender\'s interchange: the put fails, nothing is stored, .rejected/ explains why', async () => {
    await withClient('alpha', async (c) => {
      await expect(c.put(Buffer.from(codeco('BETA', 'WRONG001')), '/inbox/not-mine.edi')).rejects.toThrow(/GW_ERR_SENDER_MISMATCH/);
      const errors = (await c.get('/inbox/.rejected/not-mine.edi.errors.txt') as Buffer).toString();
      expect(errors).toMatch(/refused: nothing was stored/);
      expect(errors).toMatch(/error GW_ERR_SENDER_MISMATCH at segment 1 \(UNB\), element 2, component 1\n {4}UNB names the sender BETA:ZZZ/);
      expect(await c.exists('/inbox/.rejected/not-mine.edi')).toBe('-');
    });
    expect(await byRef('alpha', 'WRONG001')).toHaveLength(0);
  });

  it('refuses an empty file the same way', async () => {
    await withClient('alpha', async (c) => {
      await expect(c.put(Buffer.alloc(0), '/inbox/empty.edi')).rejects.toThrow(/GW_ERR_EMPTY_BODY/);
      expect((await c.get('/inbox/.rejected/empty.edi.errors.txt') as Buffer).toString()).toMatch(/GW_ERR_EMPTY_BODY/);
    });
  });

  it('keeps a repeated interchange as a duplicate, moves it to .rejected/ and puts the CONTRL in the outbox', async () => {
    const body = Buffer.from(codeco('ALPHA', 'DUP0001', 1000, { ack: true }));
    await withClient('alpha', async (c) => {
      await c.put(body, '/inbox/dup.edi');
      await c.put(body, '/inbox/dup-again.edi');
      const errors = (await c.get('/inbox/.rejected/dup-again.edi.errors.txt') as Buffer).toString();
      expect(errors).toMatch(/duplicate: this interchange was received before as message/);
      expect(errors).toMatch(/GW_ERR_DUPLICATE_INTERCHANGE/);
      const contrl = (await c.list('/outbox')).find((f) => /^\d{14}_CONTRL_[0-9A-Z]{26}\.edi$/.test(f.name));
      expect(contrl).toBeDefined();
      expect((await c.get(`/outbox/${contrl!.name}`) as Buffer).toString()).toMatch(/UCI\+DUP0001\+ALPHA:ZZZ\+HUB:ZZZ\+4/);
    });
    const [first, second] = await byRef('alpha', 'DUP0001');
    expect([first.status, second.status].sort()).toEqual(['duplicate', 'received']);
  });

  it('moves a stored file on to .rejected/ when the pipeline rejects its message', async () => {
    await withClient('alpha', async (c) => {
      await c.put(Buffer.from('this is not an interchange\n'), '/inbox/garbage.txt');
      expect(await c.exists('/inbox/.processed/garbage.txt')).toBe('-');
    });
    const page = await gw.store.searchMessages({ partnerId: 'alpha', status: 'received', limit: 500 }, adminViewer);
    const garbage = page.items.find((m) => m.format === 'unknown');
    expect((await gw.process(garbage!.id))?.status).toBe('rejected');
    const rejected = server.homeOf('alpha').rejected;
    await until(() => Promise.resolve(readdirSync(rejected).includes('garbage.txt.errors.txt') ? true : undefined), 'the file to move to .rejected/');
    await withClient('alpha', async (c) => {
      expect(await c.exists('/inbox/.processed/garbage.txt')).toBe(false);
      const errors = (await c.get('/inbox/.rejected/garbage.txt.errors.txt') as Buffer).toString();
      expect(errors).toContain(`Message:  ${garbage!.id}`);
      expect(errors).toMatch(/error GW_ERR_FORMAT_UNKNOWN at interchange\n/);
    });
  });
});

describe('outbox', () => {
  async function deliver(partnerId: string, format: string, body: string, contentType: string) {
    const created = await gw.store.createOutbound({
      partnerId, format: 'json', contentType, payload: Buffer.from(body),
      deliveries: [{ destinationId: partnerId, format, channel: 'sftp', payload: Buffer.from(body), contentType }],
    });
    return created.deliveries[0];
  }

  it('lists deliveries by the documented name, serves their bytes, and deleting one acknowledges it', async () => {
    const d = await deliver('beta', 'json', '{"hello":"beta"}', 'application/json');
    const name = `${stamp(d.id)}_json_${d.id}.json`;
    await withClient('beta', async (c) => {
      const listed = (await c.list('/outbox')).map((f) => f.name);
      expect(listed).toContain(name);
      expect((await c.get(`/outbox/${name}`) as Buffer).toString()).toBe('{"hello":"beta"}');
      expect((await c.stat(`/outbox/${name}`)).size).toBe(16);
      // Reading does not acknowledge.
      expect((await gw.store.getDelivery(d.id, adminViewer))?.status).toBe('pending');
      await expect(c.put(Buffer.from('x'), `/outbox/${name}`)).rejects.toThrow(/read-only|denied/i);
      await c.delete(`/outbox/${name}`);
      expect((await c.list('/outbox')).map((f) => f.name)).not.toContain(name);
      await expect(c.delete(`/outbox/${name}`)).rejects.toThrow(/No such file/i);
    });
    const after = await gw.store.getDelivery(d.id, adminViewer);
    expect(after?.status).toBe('acknowledged');
  });

  it('names EDIFACT and customs XML deliveries .edi and .xml, after their document or message type', async () => {
    const edi = await deliver('beta', 'CODECO:D95B', "UNB+UNOC:3+HUB:ZZZ+BETA:ZZZ+250317:1426+1'", 'application/EDIFACT');
    const xml = await deliver('beta', 'MT1101', '<Manifest/>', 'application/xml');
    await withClient('beta', async (c) => {
      const listed = (await c.list('/outbox')).map((f) => f.name);
      expect(listed).toContain(`${stamp(edi.id)}_CODECO_${edi.id}.edi`);
      expect(listed).toContain(`${stamp(xml.id)}_MT1101_${xml.id}.xml`);
      await c.delete(`/outbox/${listed.find((n) => n.includes(edi.id))!}`);
      await c.delete(`/outbox/${listed.find((n) => n.includes(xml.id))!}`);
    });
  });

  it('pages through a long outbox', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 450; i++) ids.add((await deliver('beta', 'json', `{"n":${i}}`, 'application/json')).id);
    await withClient('beta', async (c) => {
      const listed = (await c.list('/outbox')).map((f) => f.name.replace(/^.*_([0-9A-Z]{26})\.json$/, '$1'));
      expect(new Set(listed)).toEqual(ids);
    });
  });
});

describe('stopping', () => {
  it('ends connected clients and returns, instead of waiting for them to leave', async () => {
    const other = new SftpServer({ config: gw.config, directory: gw.directory, store: gw.store, ingest: gw.ingest, logger: gw.logger }, { port: 0 });
    const otherPort = (await other.start()).port;
    const c = new SftpClient('stopping', { error: () => undefined, end: () => undefined, close: () => undefined });
    await c.connect({ host: '127.0.0.1', port: otherPort, username: 'alpha', password: PASSWORDS.alpha });
    const gone = new Promise<void>((resolve) => { (c as unknown as { client: { once(e: string, f: () => void): void } }).client.once('close', resolve); });
    expect(other.connections).toBe(1);
    await other.stop();
    await gone;
    expect(other.connections).toBe(0);
  });
});
