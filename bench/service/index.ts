/**
 * Issue 5 benchmark, side by side in one run on this machine:
 *
 * - Ingest: 5 KB CODECO interchanges, each a distinct interchange, POSTed by autocannon with 50
 *   connections to the gateway's API (accepted and durably stored: SQLite, synchronous = FULL,
 *   group commit), against bare Fastify answering 202 to the same bodies.
 * - End to end: one-CODECO-with-20-containers interchanges from the terminal, routed to one
 *   forwarder's mailbox as JSON, no CONTRL asked for, through the whole gateway (API and workers in
 *   one process: receive, validate, map, route, render, store in the mailbox), against bare BullMQ
 *   moving empty jobs through the same Redis. Throughput from the first message received to the
 *   last delivery in the mailbox; latency per message (delivery stored minus message received,
 *   both from the store) at an offered 200 messages/s, evenly spaced (one request every 5 ms, open loop),
 *   after 2 s of the same traffic to warm the process (its figures are printed apart).
 *
 * Every variant runs in its own process; autocannon runs in this one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import BetterSqlite3 from 'better-sqlite3';
import { Pool } from 'undici';
import { benchRoot, repoRoot, runWorker, table } from '../lib.js';
import { codeco } from '../../test/service/messages.js';

const REDIS = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const CONNECTIONS = 50;

interface Child { readonly process: ChildProcess; readonly port: number; stop(): Promise<void> }

function startChild(script: string, args: readonly string[], env: Record<string, string> = {}): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready (\d+)/.exec(out);
      if (m) {
        resolve({
          process: child,
          port: Number(m[1]),
          stop: () => new Promise<void>((r) => { child.once('exit', () => { r(); }); child.kill('SIGTERM'); }),
        });
      }
    });
    child.once('exit', (code) => { reject(new Error(`${script} exited ${code}: ${err.slice(-2000)}`)); });
  });
}

/** Distinct 5 KB-ish CODECO bodies: the control reference (and document number) change per request. */
function bodies(containers: number): () => string {
  const template = codeco({ controlRef: '%REF%', containers, sender: 'NBCT', forwarder: 'SINOTRANS-NB' });
  let n = Date.now() % 1_000_000 * 1000;
  return () => template.replaceAll('%REF%', String(++n));
}

function cannon(port: number, next: () => string, o: { duration?: number; amount?: number; overallRate?: number; connections?: number }): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: o.connections ?? CONNECTIONS,
    ...(o.duration !== undefined ? { duration: o.duration } : {}),
    ...(o.amount !== undefined ? { amount: o.amount } : {}),
    ...(o.overallRate !== undefined ? { overallRate: o.overallRate } : {}),
    requests: [{
      method: 'POST',
      path: '/v1/messages',
      headers: { authorization: 'Bearer edigw_demo_nbct', 'content-type': 'application/EDIFACT' },
      setupRequest: (req) => ({ ...req, body: next() }),
    }],
  });
}

/**
 * An open-loop load at a steady rate: request i leaves at start + i / rate, whether or not earlier
 * answers have come back, over a pool of keep-alive connections. (autocannon's `overallRate` gives
 * each connection its share per second and sends it back to back at the top of every second, so
 * 200 "per second" arrive as one burst of 200, and the last of each burst waits for all the others.)
 */
async function paced(port: number, next: () => string, o: { amount: number; rate: number; connections: number }): Promise<{ non2xx: number; errors: number; lagMs: number }> {
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: o.connections, pipelining: 1 });
  const interval = 1000 / o.rate;
  const start = performance.now();
  let non2xx = 0;
  let errors = 0;
  let lagMs = 0;
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < o.amount; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    lagMs = Math.max(lagMs, performance.now() - due);
    inflight.push(pool.request({
      method: 'POST', path: '/v1/messages', body: next(),
      headers: { authorization: 'Bearer edigw_demo_nbct', 'content-type': 'application/EDIFACT' },
    }).then(async (res) => {
      await res.body.dump();
      if (res.statusCode < 200 || res.statusCode >= 300) non2xx++;
    }, () => { errors++; }));
  }
  await Promise.all(inflight);
  await pool.close();
  return { non2xx: non2xx + errors, errors, lagMs };
}

/** The demo community with one route (gate reports from the terminal to one forwarder's mailbox, JSON) and no CONTRL. */
function benchConfig(dir: string): string {
  const file = JSON.parse(readFileSync(join(repoRoot, 'config', 'demo.json'), 'utf8')) as { partners: { id: string; acks?: unknown }[]; routes: unknown[]; $schema?: string };
  delete file.$schema;
  const nbct = file.partners.find((p) => p.id === 'nbct')!;
  nbct.acks = { contrl: 'on-request', aperak: 'never' };
  file.routes = [{ id: 'bench', match: { documentType: ['EquipmentInterchangeReceipt'], sender: ['nbct'] }, destinations: [{ partner: 'sinotrans', format: 'json', channel: 'mailbox' }] }];
  const path = join(dir, 'bench.json');
  writeFileSync(path, JSON.stringify(file));
  return path;
}

function gatewayEnv(dir: string, config?: string): Record<string, string> {
  return {
    HOST: '127.0.0.1', PORT: '0', REDIS_URL: REDIS, EDIGW_QUEUE_PREFIX: `bench${Date.now().toString(36)}`, EDIGW_DATA_DIR: dir,
    LOG_LEVEL: 'warn', SFTP_ENABLED: 'false', EDIGW_WORKER_CONCURRENCY: '16', ...(config !== undefined ? { EDIGW_CONFIG: config } : {}),
  };
}

/** Per inbound message: received and delivery stored (epoch ms), read from the SQLite store after the run. */
function deliveryTimes(dir: string): { received: number; delivered: number }[] {
  const db = new BetterSqlite3(join(dir, 'edigw.sqlite'), { readonly: true });
  try {
    return db.prepare(`SELECT m.received_at AS received, d.created_at AS delivered FROM messages m JOIN deliveries d ON d.message_id = m.id WHERE m.direction = 'inbound' AND d.size IS NOT NULL`).all() as { received: number; delivered: number }[];
  } finally {
    db.close();
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function waitForDeliveries(dir: string, count: number, timeoutMs: number): Promise<{ received: number; delivered: number }[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = deliveryTimes(dir);
    if (rows.length >= count || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function runServiceBench(): Promise<string> {
  const ingestRows: (string | number)[][] = [];
  const next5k = bodies(24);
  const size = Buffer.byteLength(next5k());

  process.stderr.write('bench service: bare Fastify…\n');
  const bare = await startChild(join(benchRoot, 'service', 'bare-fastify.ts'), []);
  const bareResult = await cannon(bare.port, next5k, { duration: 10 });
  await bare.stop();
  ingestRows.push(['bare Fastify, 202 with no work', bareResult.requests.average, bareResult.latency.p99, bareResult.non2xx, '100%']);

  for (const role of ['api', 'all'] as const) {
    process.stderr.write(`bench service: gateway ingest (${role})…\n`);
    const dir = mkdtempSync(join(tmpdir(), 'edigw-bench-'));
    const gw = await startChild(join(benchRoot, 'service', 'gateway.ts'), [role], gatewayEnv(dir));
    const r = await cannon(gw.port, next5k, { duration: 10 });
    await gw.stop();
    rmSync(dir, { recursive: true, force: true });
    const label = role === 'api' ? 'edigw API: auth, envelope, durable store (SQLite), queue' : 'edigw API + workers in one process (workers validating as it ingests)';
    ingestRows.push([label, r.requests.average, r.latency.p99, r.non2xx, `${((100 * r.requests.average) / bareResult.requests.average).toFixed(0)}%`]);
  }

  process.stderr.write('bench service: bare BullMQ…\n');
  const bullmq = await runWorker<{ count: number; seconds: number; perSecond: number }>(join(benchRoot, 'service', 'bullmq-empty.ts'), [REDIS, '20000', '16']);

  process.stderr.write('bench service: gateway end to end…\n');
  const e2eRows: (string | number)[][] = [];
  let coldStart = { count: 0, p50: NaN, p99: NaN };
  const next20 = bodies(20);
  const e2eSize = Buffer.byteLength(next20());
  {
    const dir = mkdtempSync(join(tmpdir(), 'edigw-bench-'));
    const gw = await startChild(join(benchRoot, 'service', 'gateway.ts'), ['all'], gatewayEnv(dir, benchConfig(dir)));
    const count = 6000;
    const r = await cannon(gw.port, next20, { amount: count });
    const rows = await waitForDeliveries(dir, count - r.non2xx, 120_000);
    await gw.stop();
    const first = Math.min(...rows.map((x) => x.received));
    const last = Math.max(...rows.map((x) => x.delivered));
    const rate = rows.length / ((last - first) / 1000);
    const lat = rows.map((x) => x.delivered - x.received).sort((a, b) => a - b);
    e2eRows.push(['edigw, as fast as 50 connections send', rows.length, rate, percentile(lat, 50), percentile(lat, 99), `${((100 * rate) / bullmq.perSecond).toFixed(0)}%`]);
    rmSync(dir, { recursive: true, force: true });
  }
  {
    // The workers alone: a backlog stored through the API first, then one worker process drains it.
    const dir = mkdtempSync(join(tmpdir(), 'edigw-bench-'));
    const env = gatewayEnv(dir, benchConfig(dir));
    const api = await startChild(join(benchRoot, 'service', 'gateway.ts'), ['api'], env);
    const count = 3000;
    const r = await cannon(api.port, next20, { amount: count });
    await api.stop();
    const worker = await startChild(join(benchRoot, 'service', 'gateway.ts'), ['worker'], { ...env, PORT: '0' });
    const rows = await waitForDeliveries(dir, count - r.non2xx, 180_000);
    await worker.stop();
    const delivered = rows.map((x) => x.delivered).sort((a, b) => a - b);
    const rate = (rows.length - 1) / ((delivered[delivered.length - 1] - delivered[0]) / 1000);
    e2eRows.push(['edigw worker process draining a stored backlog', rows.length, rate, '–', '–', `${((100 * rate) / bullmq.perSecond).toFixed(0)}%`]);
    rmSync(dir, { recursive: true, force: true });
  }
  {
    const dir = mkdtempSync(join(tmpdir(), 'edigw-bench-'));
    const gw = await startChild(join(benchRoot, 'service', 'gateway.ts'), ['all'], gatewayEnv(dir, benchConfig(dir)));
    // The first seconds of a fresh process run on cold code (V8 compiles the hot paths as they
    // warm): 2 s of the same traffic first, not counted, then the measured run at the same rate.
    const warm = await paced(gw.port, next20, { amount: 400, rate: 200, connections: 20 });
    await waitForDeliveries(dir, 400 - warm.non2xx, 60_000);
    const measuredFrom = Date.now();
    const count = 3000;
    const r = await paced(gw.port, next20, { amount: count, rate: 200, connections: 20 });
    if (r.lagMs > 50) process.stderr.write(`bench service: the load generator fell ${r.lagMs.toFixed(0)} ms behind its schedule\n`);
    const all = await waitForDeliveries(dir, 400 - warm.non2xx + count - r.non2xx, 60_000);
    await gw.stop();
    const cold = all.filter((x) => x.received < measuredFrom).map((x) => x.delivered - x.received).sort((a, b) => a - b);
    coldStart = { count: cold.length, p50: percentile(cold, 50), p99: percentile(cold, 99) };
    const rows = all.filter((x) => x.received >= measuredFrom);
    const lat = rows.map((x) => x.delivered - x.received).sort((a, b) => a - b);
    const first = Math.min(...rows.map((x) => x.received));
    const last = Math.max(...rows.map((x) => x.delivered));
    e2eRows.push(['edigw, offered 200 messages/s, evenly spaced (after 2 s of the same)', rows.length, rows.length / ((last - first) / 1000), percentile(lat, 50), percentile(lat, 99), '–']);
    rmSync(dir, { recursive: true, force: true });
  }
  e2eRows.push(['bare BullMQ, empty jobs (reference)', bullmq.count, bullmq.perSecond, '–', '–', '100%']);

  return [
    '### Gateway service (issue 5)',
    '',
    `Ingest: ${size}-byte CODECO interchanges, every one distinct, ${CONNECTIONS} connections, 10 s each (autocannon in the runner process).`,
    '',
    table(['server', 'requests/s', 'p99 ms', 'non-2xx', 'of bare Fastify'], ingestRows),
    '',
    `End to end: ${e2eSize}-byte interchanges of one CODECO with 20 containers, terminal → forwarder mailbox (JSON), no CONTRL; times from the store (message received → delivery stored in the mailbox).`,
    '',
    table(['run', 'messages', 'messages/s', 'p50 ms', 'p99 ms', 'of bare BullMQ'], e2eRows),
    '',
    `The 2 s of warm-up traffic before the 200 messages/s run (a process just started, its hot code not yet optimised by V8): ${coldStart.count} messages, p50 ${coldStart.p50} ms, p99 ${coldStart.p99} ms.`,
    '',
    `Load average while it ran: ${loadavg().map((l) => l.toFixed(1)).join(', ')} on ${availableParallelism()} cores (the machine is shared: other builds and tests run beside it).`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${await runServiceBench()}\n`);
}
