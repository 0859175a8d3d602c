/**
 * An upload cut off halfway (the client killed, the connection dropped) is never ingested: the
 * partial file stays in `inbox/` under its name, nothing reaches the store, and the complete file
 * uploaded again afterwards is stored once.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type ssh2 from 'ssh2';
import SftpClient from 'ssh2-sftp-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnerViewer } from '../../../src/store/index.js';
import { SftpServer } from '../../../src/transports/sftp/index.js';
import { codeco, openGateway, PASSWORDS, type TestGateway } from './harness.js';

let gw: TestGateway;
let server: SftpServer;
let port: number;
let work: string;

beforeAll(async () => {
  gw = await openGateway({ maxFileBytes: 64 * 1024 * 1024 });
  server = new SftpServer({ config: gw.config, directory: gw.directory, store: gw.store, ingest: gw.ingest, logger: gw.logger }, { port: 0 });
  port = (await server.start()).port;
  work = mkdtempSync(join(tmpdir(), 'edigw-cutoff-'));
});

afterAll(async () => {
  await server.stop();
  await gw.close();
  rmSync(work, { recursive: true, force: true });
});

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

async function storedRefs(): Promise<(string | undefined)[]> {
  const page = await gw.store.searchMessages({ partnerId: 'alpha', direction: 'inbound', limit: 500 }, partnerViewer('alpha'));
  return page.items.map((m) => m.envelope.controlRef);
}

describe('uploads cut off halfway', () => {
  it('OpenSSH sftp killed mid-transfer: the partial file is never ingested', async () => {
    const body = codeco('ALPHA', 'CUT00001', 4 * 1024 * 1024);
    writeFileSync(join(work, 'big.edi'), body);
    writeFileSync(join(work, 'batch.txt'), 'put big.edi /inbox/big.edi\n');
    // -l 4000: 4 Mbit/s, so the 4 MB upload takes seconds and the kill lands in the middle.
    const sftp = spawn('sftp', ['-b', 'batch.txt', '-l', '4000', '-P', String(port), '-i', gw.keys.alpha.privatePath, '-F', '/dev/null',
      '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes', 'alpha@127.0.0.1'],
    { cwd: work, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => sftp.once('exit', (_code, signal) => { resolve(signal); }));
    const partial = join(server.homeOf('alpha').inbox, 'big.edi');
    await until(() => sizeOf(partial) > 0, 'the upload to start');
    sftp.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    await until(() => server.connections === 0, 'the server to see the connection go');

    const size = sizeOf(partial);
    expect(size).toBeGreaterThan(0);
    expect(size).toBeLessThan(Buffer.byteLength(body));
    expect(await storedRefs()).not.toContain('CUT00001');
    expect(readdirSync(server.homeOf('alpha').processed)).not.toContain('big.edi');
    expect(gw.logs.some((l) => l.msg.includes('cut off before the client closed it') && l['file'] === 'big.edi')).toBe(true);

    // The partner sends it again, whole: stored once.
    const c = new SftpClient();
    await c.connect({ host: '127.0.0.1', port, username: 'alpha', password: PASSWORDS.alpha });
    try {
      await c.put(Buffer.from(body), '/inbox/big.edi');
    } finally {
      await c.end();
    }
    expect((await storedRefs()).filter((r) => r === 'CUT00001')).toHaveLength(1);
    // Larger than what the server keeps in memory while writing: stored from the file read back.
    const page = await gw.store.searchMessages({ partnerId: 'alpha', direction: 'inbound', limit: 500 }, partnerViewer('alpha'));
    const stored = page.items.find((m) => m.envelope.controlRef === 'CUT00001')!;
    expect((await gw.store.getPayload(stored.id, partnerViewer('alpha')))?.bytes.equals(Buffer.from(body))).toBe(true);
    expect(readFileSync(join(server.homeOf('alpha').processed, 'big.edi')).equals(Buffer.from(body))).toBe(true);
  });

  it('a connection dropped while a write stream is open: nothing is ingested', async () => {
    const c = new SftpClient();
    await c.connect({ host: '127.0.0.1', port, username: 'alpha', password: PASSWORDS.alpha });
    const body = Buffer.from(codeco('ALPHA', 'CUT00002', 256 * 1024));
    const stream = c.createWriteStream('/inbox/dropped.edi');
    stream.on('error', () => undefined);
    stream.write(body.subarray(0, 64 * 1024));
    const partial = join(server.homeOf('alpha').inbox, 'dropped.edi');
    await until(() => sizeOf(partial) >= 64 * 1024, 'the first half to arrive');
    // Pull the plug: the socket goes, no CLOSE is ever sent.
    (c as unknown as { client: ssh2.Client }).client.destroy();
    await until(() => server.connections === 0, 'the server to see the connection go');
    expect(sizeOf(partial)).toBe(64 * 1024);
    expect(await storedRefs()).not.toContain('CUT00002');
    expect(readdirSync(server.homeOf('alpha').processed)).not.toContain('dropped.edi');
  });
});
