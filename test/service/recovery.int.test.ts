/**
 * Nothing accepted is lost, shown with real processes (`edigw start`), each test with a
 * redis-server of its own that it stops, empties and restarts (never the shared one), against
 * SQLite and PostgreSQL: Redis down while messages arrive; Redis restarted empty with work pending;
 * a worker killed mid-job; the whole gateway killed and its database reopened; graceful shutdown.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DIALECTS, eventually, freePort, GatewayProcess, HttpClient, KEYS, RedisServer, repoRoot, testConfig, testDatabase, type TestDatabase,
} from './harness.js';
import { gateInJson } from './messages.js';

/** A webhook endpoint that can hold requests open (a delivery in flight) and counts what it got per delivery id. */
class Endpoint {
  readonly seen: string[] = [];
  hold = false;
  delayMs = 0;
  private server: Server | undefined;
  port = 0;

  async start(port?: number): Promise<void> {
    this.port = port ?? await freePort();
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        this.seen.push(String(req.headers['edigw-delivery-id']));
        if (this.hold) return;
        setTimeout(() => res.writeHead(200).end(), this.delayMs);
      });
    });
    await new Promise<void>((r) => this.server!.listen(this.port, '127.0.0.1', r));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
    this.server = undefined;
  }
}

describe.each(DIALECTS)('nothing lost (%s)', (dialect) => {
  let redis: RedisServer;
  let db: TestDatabase;
  const processes: GatewayProcess[] = [];
  const endpoint = new Endpoint();

  let prefix: string;

  beforeEach(async () => {
    prefix = `r${Date.now().toString(36)}`;
    redis = await RedisServer.start();
    db = await testDatabase(dialect);
    await endpoint.start();
    endpoint.hold = false;
    endpoint.delayMs = 0;
    endpoint.seen.length = 0;
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') for (const p of processes) process.stderr.write(`--- ${p.role} output ---\n${p.output.slice(-4000)}\n`);
    for (const p of processes.splice(0)) await p.kill();
    await endpoint.stop();
    await redis.stop();
    await db.destroy();
  });

  /** Environment of a gateway process; the hook partner's webhook points at `endpoint`. */
  async function env(extra: Record<string, string> = {}): Promise<{ env: Record<string, string>; url: string }> {
    const port = await freePort();
    const { env: e } = testConfig({
      db,
      redisUrl: redis.url,
      port,
      prefix,
      env: { LOG_LEVEL: 'info', EDIGW_SWEEP_INTERVAL_MS: '1000', EDIGW_JOB_LOCK_MS: '2000', ...extra },
    });
    return { env: { ...e, EDIGW_CONFIG: await hookConfig() }, url: `http://127.0.0.1:${port}` };
  }

  /** The demo configuration plus a forwarder with a webhook, written where child processes can read it. */
  async function hookConfig(): Promise<string> {
    const { readFileSync, writeFileSync } = await import('node:fs');
    const file = JSON.parse(readFileSync(join(repoRoot, 'config', 'demo.json'), 'utf8')) as Record<string, unknown>;
    file['demo'] = false;
    file['delivery'] = { backoffMs: 200, attempts: 50 };
    (file['partners'] as unknown[]).push({
      id: 'hookfwd', name: 'Forwarder with a webhook', role: 'forwarder', partyIds: ['HOOKFWD'],
      channels: { hook: { type: 'webhook', url: `http://127.0.0.1:${endpoint.port}/edi`, secret: 'recovery-test-secret-0123' } },
      defaultChannel: 'hook',
    });
    delete file['$schema'];
    const path = join(db.dataDir, 'edigw.json');
    writeFileSync(path, JSON.stringify(file));
    return path;
  }

  function gateway(e: Record<string, string>, role: 'all' | 'api' | 'worker' = 'all'): GatewayProcess {
    const p = new GatewayProcess(e, role);
    processes.push(p);
    return p;
  }

  async function post(http: HttpClient, n: number, forwarder: string | string[] = 'SINOTRANS-NB'): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = await http.post('/v1/messages', KEYS.nbct, gateInJson({ documentId: `GI-${Date.now()}-${i}`, forwarder }));
      expect(r.status).toBe(202);
      ids.push(r.json.id as string);
    }
    return ids;
  }

  const allSettled = (http: HttpClient, ids: readonly string[]): Promise<Record<string, unknown>[]> =>
    Promise.all(ids.map((id) => http.settled(id, KEYS.nbct, 60_000)));

  it('accepts and stores messages while Redis is down, and processes them once it is back', async () => {
    const { env: e, url } = await env();
    const http = new HttpClient(url);
    await gateway(e).start(url);
    await redis.down();
    const ids = await post(http, 5);
    for (const id of ids) expect((await http.get(`/v1/messages/${id}`, KEYS.nbct)).json.status).toBe('received');
    const ready = await http.get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.json.checks.redis).toBe('unavailable');

    await redis.up();
    const done = await allSettled(http, ids);
    expect(done.map((m) => m['status'])).toEqual(ids.map(() => 'processed'));
    expect((await http.get('/readyz')).status).toBe(200);
  });

  it('rebuilds the queues from the store after Redis restarted empty (API and worker as separate processes)', async () => {
    const api = await env();
    const http = new HttpClient(api.url);
    await gateway(api.env, 'api').start(api.url);
    // No worker yet: the jobs wait in Redis, which then loses them.
    const ids = await post(http, 4, 'HOOKFWD');
    await redis.restartEmpty();
    const worker = await env();
    await gateway({ ...worker.env }, 'worker').start(worker.url);
    const done = await allSettled(http, ids);
    expect(done.map((m) => m['status'])).toEqual(ids.map(() => 'processed'));
    const hooks = done.map((m) => (m['deliveries'] as { id: string; destinationId: string }[]).find((d) => d.destinationId === 'hookfwd')!.id);
    await eventually(() => (hooks.every((h) => endpoint.seen.includes(h)) ? true : undefined), 'every webhook delivery');

    // Deliveries waiting for a retry when Redis empties again come back too.
    await endpoint.stop();
    const more = await post(http, 2, 'HOOKFWD');
    const pending = (await allSettled(http, more)).map((m) => (m['deliveries'] as { id: string; destinationId: string }[]).find((d) => d.destinationId === 'hookfwd')!.id);
    await redis.restartEmpty();
    await endpoint.start(endpoint.port);
    await eventually(() => (pending.every((h) => endpoint.seen.includes(h)) ? true : undefined), 'the retried deliveries after Redis came back empty', 60_000);
  });

  it('redoes the work of a worker killed mid-job, with the same delivery id', async () => {
    const api = await env();
    const http = new HttpClient(api.url);
    await gateway(api.env, 'api').start(api.url);
    const w1 = await env();
    const first = gateway(w1.env, 'worker');
    await first.start(w1.url);
    endpoint.hold = true;
    const [id] = await post(http, 1, ['HOOKFWD', 'SINOTRANS-NB']);
    const message = await http.settled(id, KEYS.nbct);
    const hook = (message['deliveries'] as { id: string; destinationId: string }[]).find((d) => d.destinationId === 'hookfwd')!.id;
    const mailbox = (message['deliveries'] as { id: string; destinationId: string }[]).find((d) => d.destinationId === 'sinotrans');
    await eventually(() => (endpoint.seen.includes(hook) ? true : undefined), 'the delivery to be in flight');
    await first.kill();

    endpoint.hold = false;
    const w2 = await env();
    await gateway(w2.env, 'worker').start(w2.url);
    await eventually(async () => {
      const d = await http.get(`/v1/deliveries/${hook}`, KEYS.admin);
      return d.json.status === 'delivered' ? true : undefined;
    }, 'the delivery to be redone', 60_000);
    expect(endpoint.seen.filter((s) => s === hook).length).toBeGreaterThanOrEqual(2);
    expect(new Set(endpoint.seen)).toEqual(new Set([hook]));
    // The mailbox entry made by the same run keeps its id: it is the delivery id.
    const box = await http.get('/v1/mailbox?peek=true&limit=100', KEYS.sinotrans);
    expect((box.json.entries as { id: string }[]).map((e) => e.id)).toContain(mailbox?.id);
  });

  it('finds every acknowledged message after the gateway was killed, and finishes them after restart', async () => {
    const { env: e, url } = await env();
    const http = new HttpClient(url);
    const gw = gateway(e);
    await gw.start(url);
    const ids = await post(http, 20);
    await gw.kill();
    const again = gateway(e);
    await again.start(url);
    const done = await allSettled(http, ids);
    expect(done.map((m) => m['status'])).toEqual(ids.map(() => 'processed'));
  });

  it('finishes a delivery in flight on SIGTERM before exiting', async () => {
    const { env: e, url } = await env({ EDIGW_SHUTDOWN_GRACE_MS: '20000' });
    const http = new HttpClient(url);
    const gw = gateway(e);
    await gw.start(url);
    endpoint.delayMs = 1500;
    const [id] = await post(http, 1, 'HOOKFWD');
    const message = await http.settled(id, KEYS.nbct);
    const hook = (message['deliveries'] as { id: string; destinationId: string }[]).find((d) => d.destinationId === 'hookfwd')!.id;
    await eventually(() => (endpoint.seen.includes(hook) ? true : undefined), 'the delivery to be in flight');
    expect(await gw.stop()).toBe(0);
    // Read the store directly with a fresh process: the delivery was recorded before the exit.
    const after = gateway(e, 'api');
    await after.start(url);
    expect((await http.get(`/v1/deliveries/${hook}`, KEYS.admin)).json.status).toBe('delivered');
  });

});

/** `edigw start` that is expected to exit on its own: its exit code and standard error. */
function runStart(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test', 'service', 'start-child.ts')], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('exit', (code) => { resolve({ code, stderr }); });
  });
}

describe('start-up refusals', () => {
  let db: TestDatabase;
  beforeEach(async () => { db = await testDatabase('sqlite'); });
  afterEach(async () => { await db.destroy(); });

  it('says in one line that Redis is unreachable, and how to fix it', async () => {
    const nobody = await freePort();
    const { env: e } = testConfig({ db, redisUrl: `redis://127.0.0.1:${nobody}` });
    const out = await runStart(e);
    expect(out.code).toBe(1);
    const lines = out.stderr.trim().split('\n').filter((l) => !l.includes('Warning'));
    expect(lines).toEqual([expect.stringMatching(new RegExp(`cannot reach Redis at redis://127\\.0\\.0\\.1:${nobody} \\(ECONNREFUSED\\): start redis-server, or set REDIS_URL`))]);
  });

  it('refuses to serve the demo configuration on a non-loopback address, and says why', async () => {
    const { env: e } = testConfig({ db, env: { HOST: '0.0.0.0' } });
    const out = await runStart(e);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('refusing to listen on 0.0.0.0');
    expect(out.stderr).toContain('demo configuration');
  });
});
