/**
 * Issue 6 benchmark, side by side in one run: 1,000 CODECO files of about 5 KB uploaded over SFTP
 * to the built-in server and ingested (each `put` returns once the file is durably stored and
 * moved to inbox/.processed/), against the same 1,000 messages POSTed over HTTP to the same
 * gateway process (each answered 202 once durably stored). One connection (a partner's script
 * putting files one after another) and eight at once. The gateway runs in its own process (role
 * `api`, SQLite store with synchronous = FULL, group commit); the clients run in this one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Redis } from 'ioredis';
import SftpClient from 'ssh2-sftp-client';
import { Agent, request } from 'undici';
import { benchRoot, repoRoot, table } from '../lib.js';
import { codeco } from '../../test/service/messages.js';

const REDIS = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const FILES = 1000;

interface Gateway { readonly http: number; readonly sftp: number; stop(): Promise<void> }

function startGateway(env: Record<string, string>): Promise<Gateway> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(benchRoot, 'sftp', 'gateway.ts')], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready (\d+) (\d+)/.exec(out);
      if (m) resolve({ http: Number(m[1]), sftp: Number(m[2]), stop: () => new Promise<void>((r) => { child.once('exit', () => { r(); }); child.kill('SIGTERM'); }) });
    });
    child.once('exit', (code) => { reject(new Error(`bench/sftp/gateway.ts exited ${String(code)}: ${err.slice(-2000)}`)); });
  });
}

/** `count` distinct interchanges of about 5 KB from the demo terminal (NBCT). */
function messages(prefix: string, count: number): Buffer[] {
  return Array.from({ length: count }, (_, i) => Buffer.from(codeco({ controlRef: `${prefix}${String(i).padStart(5, '0')}`, containers: 29, sender: 'NBCT' })));
}

/** Runs `work` for every item with `lanes` workers; returns the wall time in seconds. */
async function timed<T>(items: readonly T[], lanes: number, work: (lane: number, item: T, index: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: lanes }, async (_, lane) => {
    for (let i = next++; i < items.length; i = next++) await work(lane, items[i], i);
  }));
  return (performance.now() - started) / 1000;
}

async function overSftp(port: number, files: readonly Buffer[], lanes: number): Promise<number> {
  const clients = await Promise.all(Array.from({ length: lanes }, async () => {
    const c = new SftpClient('bench', { error: () => undefined, end: () => undefined, close: () => undefined });
    await c.connect({ host: '127.0.0.1', port, username: 'nbct', password: 'demo-nbct' });
    return c;
  }));
  try {
    return await timed(files, lanes, async (lane, body, i) => {
      await clients[lane].put(body, `/inbox/codeco-${lanes}-${i}.edi`);
    });
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

async function overHttp(port: number, bodies: readonly Buffer[], lanes: number): Promise<number> {
  const agent = new Agent({ connections: lanes });
  try {
    return await timed(bodies, lanes, async (_lane, body) => {
      const res = await request(`http://127.0.0.1:${port}/v1/messages`, {
        method: 'POST', body, dispatcher: agent,
        headers: { authorization: 'Bearer edigw_demo_nbct', 'content-type': 'application/EDIFACT' },
      });
      await res.body.dump();
      if (res.statusCode !== 202) throw new Error(`HTTP ${res.statusCode}`);
    });
  } finally {
    await agent.close();
  }
}

/** Messages the store holds by channel: every upload and POST must be there, stored once. */
function storedByChannel(dir: string): Record<string, number> {
  const db = new BetterSqlite3(join(dir, 'edigw.sqlite'), { readonly: true });
  try {
    const rows = db.prepare(`SELECT channel, COUNT(*) AS n FROM messages WHERE direction = 'inbound' AND status = 'received' GROUP BY channel`).all() as { channel: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.channel, r.n]));
  } finally {
    db.close();
  }
}

async function dropQueueKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS, { lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export async function runSftpBench(): Promise<string> {
  const size = messages('SIZE', 1)[0].length;
  const rows: (string | number)[][] = [];
  for (const lanes of [1, 8]) {
    const dir = mkdtempSync(join(tmpdir(), 'edigw-bench-sftp-'));
    const prefix = `benchsftp${Date.now().toString(36)}`;
    process.stderr.write(`bench sftp: ${lanes} connection(s)…\n`);
    const gw = await startGateway({ HOST: '127.0.0.1', PORT: '0', REDIS_URL: REDIS, EDIGW_QUEUE_PREFIX: prefix, EDIGW_DATA_DIR: dir, LOG_LEVEL: 'warn' });
    try {
      const httpSeconds = await overHttp(gw.http, messages(`H${lanes}X`, FILES), lanes);
      const sftpSeconds = await overSftp(gw.sftp, messages(`S${lanes}X`, FILES), lanes);
      const stored = storedByChannel(dir);
      if (stored['http'] !== FILES || stored['sftp'] !== FILES) throw new Error(`expected ${FILES} stored per channel, found ${JSON.stringify(stored)}`);
      const httpRate = FILES / httpSeconds;
      const sftpRate = FILES / sftpSeconds;
      rows.push([`HTTP POST /v1/messages, answered 202`, String(lanes), FILES, httpSeconds, httpRate, '100%']);
      rows.push([`SFTP put into inbox/, stored and moved to .processed/`, String(lanes), FILES, sftpSeconds, sftpRate, `${((100 * sftpRate) / httpRate).toFixed(0)}%`]);
    } finally {
      await gw.stop();
      await dropQueueKeys(prefix).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return [
    '### SFTP drop folders (issue 6)',
    '',
    `${FILES} CODECO interchanges of ${size} bytes, every one distinct, into one gateway process (role api, SQLite, WAL flushed to disk before each answer); each counted once durably stored. Logins are made before the clock starts.`,
    '',
    table(['door', 'connections', 'files', 'seconds', 'files/s', 'of HTTP'], rows),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${await runSftpBench()}\n`);
}
