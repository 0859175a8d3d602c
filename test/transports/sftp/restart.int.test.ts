/**
 * A gateway killed (SIGKILL) while partners upload and collect files loses nothing it acknowledged:
 * every upload whose CLOSE succeeded is in the store byte for byte and in `.processed/` after the
 * restart, an outbox file deleted before the kill stays acknowledged, the others are still there,
 * and the host key is the same.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SftpClient from 'ssh2-sftp-client';
import { afterAll, describe, expect, it } from 'vitest';
import { adminViewer, openStore, partnerViewer, type Store } from '../../../src/store/index.js';
import { codeco, PASSWORDS, writeGatewayConfig } from './harness.js';

const CHILD = fileURLToPath(new URL('./server-child.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'edigw-sftp-restart-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function startChild(configPath: string): Promise<{ child: ChildProcess; port: number; hostKey: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve({ child, ...(JSON.parse(line) as { port: number; hostKey: string }) });
    });
    child.once('exit', (code) => { reject(new Error(`child exited (${String(code)}) before listening: ${err}`)); });
  });
}

async function connect(port: number): Promise<SftpClient> {
  const c = new SftpClient();
  await c.connect({ host: '127.0.0.1', port, username: 'alpha', password: PASSWORDS.alpha, readyTimeout: 20_000 });
  return c;
}

interface Acked {
  readonly name: string;
  readonly ref: string;
  readonly sha256: string;
}

describe('restart', () => {
  it('loses nothing acknowledged when the gateway is killed mid-traffic', async () => {
    const { path } = writeGatewayConfig(dir);
    const first = await startChild(path);
    let store: Store = await openStore({ dataDir: join(dir, 'data') });
    const deliveries = [];
    for (let i = 0; i < 3; i++) {
      const body = Buffer.from(`{"n":${i}}`);
      const created = await store.createOutbound({
        partnerId: 'alpha', format: 'json', contentType: 'application/json', payload: body,
        deliveries: [{ destinationId: 'alpha', format: 'json', channel: 'sftp', payload: body, contentType: 'application/json' }],
      });
      deliveries.push(created.deliveries[0]);
    }
    const collector = await connect(first.port);
    const outbox = (await collector.list('/outbox')).map((f) => f.name).sort();
    expect(outbox).toHaveLength(3);
    await collector.delete(`/outbox/${outbox[0]}`);
    await collector.end();

    const acked: Acked[] = [];
    const target = 20 + Math.floor(Math.random() * 40);
    let killed = false;
    const uploader = async (n: number): Promise<void> => {
      const c = await connect(first.port);
      try {
        for (let i = 0; ; i++) {
          const ref = `RS${n}X${String(i).padStart(5, '0')}`;
          const body = Buffer.from(codeco('ALPHA', ref, 3000));
          await c.put(body, `/inbox/${ref}.edi`);
          acked.push({ name: `${ref}.edi`, ref, sha256: createHash('sha256').update(body).digest('hex') });
          if (!killed && acked.length >= target) {
            killed = true;
            setTimeout(() => first.child.kill('SIGKILL'), Math.floor(Math.random() * 20));
          }
        }
      } catch {
        // The gateway died under us: what was not acknowledged may be lost, and that is all right.
      } finally {
        await c.end().catch(() => undefined);
      }
    };
    const exited = new Promise<NodeJS.Signals | null>((resolve) => first.child.once('exit', (_code, signal) => { resolve(signal); }));
    await Promise.all([0, 1, 2, 3].map((n) => uploader(n)));
    expect(await exited).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(target);

    await store.close();
    store = await openStore({ dataDir: join(dir, 'data') });
    const stored = (await store.searchMessages({ partnerId: 'alpha', direction: 'inbound', limit: 500 }, partnerViewer('alpha'))).items;
    const byRef = new Map(stored.map((m) => [m.envelope.controlRef, m]));
    for (const a of acked) expect(byRef.get(a.ref)?.sha256, `acknowledged upload ${a.ref}`).toBe(a.sha256);
    expect((await store.getDelivery(deliveries.find((d) => outbox[0].includes(d.id))!.id, adminViewer))?.status).toBe('acknowledged');

    const second = await startChild(path);
    expect(second.hostKey).toBe(first.hostKey);
    const c = await connect(second.port);
    try {
      expect((await c.list('/outbox')).map((f) => f.name).sort()).toEqual(outbox.slice(1));
      const processed = new Set((await c.list('/inbox/.processed')).map((f) => f.name));
      for (const a of acked) expect(processed.has(a.name), `${a.name} in .processed/`).toBe(true);
      // An upload that was in flight at the kill can simply be sent again.
      const again = Buffer.from(codeco('ALPHA', 'RSAGAIN1', 3000));
      await c.put(again, '/inbox/again.edi');
    } finally {
      await c.end();
    }
    expect((await store.searchMessages({ partnerId: 'alpha', direction: 'inbound', limit: 500 }, partnerViewer('alpha'))).items.some((m) => m.envelope.controlRef === 'RSAGAIN1')).toBe(true);
    await store.close();
    second.child.kill('SIGTERM');
  });
});
