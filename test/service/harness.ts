/**
 * Test harness for the gateway service: free ports, a private redis-server per test (never the
 * shared one on 6379 when a test stops or empties Redis), configurations from the demo file with
 * test overrides, a gateway in this process or as child processes, and a small HTTP client.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pg from 'pg';
import { DEMO_CONFIG_PATH, parseConfig, type GatewayConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/observability/logger.js';
import { startGateway, type GatewayOptions, type RunningGateway } from '../../src/server.js';

export const PG_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const SHARED_REDIS = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
export const repoRoot = join(import.meta.dirname, '..', '..');
export type Dialect = 'sqlite' | 'postgres';
export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => { resolve(port); });
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `probe` until it returns something other than undefined (or fails after `timeoutMs`). */
export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last instanceof Error ? ` (last error: ${last.message})` : ''}`);
    await sleep(100);
  }
}

/** A redis-server of the test's own, on a free port, keeping nothing on disk (like the machines' Redis). */
export class RedisServer {
  private child: ChildProcess | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), 'edigw-redis-'));
  readonly port: number;
  private constructor(port: number) {
    this.port = port;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<RedisServer> {
    const r = new RedisServer(await freePort());
    await r.up();
    return r;
  }

  /** Starts (again) on the same port: empty, since nothing is saved. */
  async up(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir], { stdio: 'ignore' });
    await eventually(async () => (await this.ping()) ? true : undefined, `redis-server on ${this.port}`, 10_000);
  }

  /** Stops the server (SIGKILL: whatever it held is gone). */
  async down(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  }

  async restartEmpty(): Promise<void> {
    await this.down();
    await this.up();
  }

  private ping(): Promise<boolean> {
    return new Promise((resolve) => {
      const p = spawn('redis-cli', ['-p', String(this.port), 'ping'], { stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
      p.on('exit', () => { resolve(out.trim() === 'PONG'); });
    });
  }

  async stop(): Promise<void> {
    await this.down();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A database of the test's own: a temp directory for SQLite, or a fresh PostgreSQL schema. */
export interface TestDatabase {
  readonly dialect: Dialect;
  readonly dataDir: string;
  /** DATABASE_URL for child processes (PostgreSQL: with the schema as search_path). */
  readonly databaseUrl: string | undefined;
  readonly schema: string | undefined;
  destroy(): Promise<void>;
}

export async function testDatabase(dialect: Dialect): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'edigw-svc-'));
  if (dialect === 'sqlite') {
    return { dialect, dataDir, databaseUrl: undefined, schema: undefined, destroy: () => { rmSync(dataDir, { recursive: true, force: true }); return Promise.resolve(); } };
  }
  const schema = `edigw_svc_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string): Promise<void> => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE SCHEMA ${schema}`);
  return {
    dialect,
    dataDir,
    databaseUrl: `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    schema,
    async destroy() {
      await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ConfigSettings {
  readonly db: TestDatabase;
  readonly redisUrl?: string;
  readonly prefix?: string;
  readonly port?: number;
  /** Edits the parsed demo file before it is checked (add partners, routes, channels). */
  readonly edit?: (file: Record<string, unknown>) => void;
  readonly env?: Record<string, string>;
}

/** The demo configuration with the test's database, Redis, queue prefix and port. */
export function testConfig(s: ConfigSettings): { config: GatewayConfig; env: Record<string, string> } {
  const file = JSON.parse(readFileSync(DEMO_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
  s.edit?.(file);
  const env: Record<string, string> = {
    HOST: '127.0.0.1',
    PORT: String(s.port ?? 0),
    REDIS_URL: s.redisUrl ?? SHARED_REDIS,
    EDIGW_QUEUE_PREFIX: s.prefix ?? `t${randomBytes(5).toString('hex')}`,
    EDIGW_DATA_DIR: s.db.dataDir,
    LOG_LEVEL: 'warn',
    SFTP_ENABLED: 'false',
    ...(s.db.databaseUrl !== undefined ? { DATABASE_URL: s.db.databaseUrl } : {}),
    ...s.env,
  };
  const config = parseConfig(JSON.stringify(file), { source: join(repoRoot, 'config', 'demo.json'), env });
  return { config, env };
}

/** Log lines a gateway wrote, parsed (pino's own test habit). */
export class LogSink extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') this.lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  }
}

export interface TestGateway extends RunningGateway {
  readonly logs: LogSink;
  readonly prefix: string;
  readonly http: HttpClient;
}

/** A whole gateway (API and workers) in this process. */
export async function startTestGateway(s: ConfigSettings & { options?: Partial<GatewayOptions>; logLevel?: string }): Promise<TestGateway> {
  const { config, env } = testConfig(s);
  const logs = new LogSink();
  const logger = createLogger({ level: s.logLevel ?? 'info', destination: logs });
  const running = await startGateway({
    config,
    logger,
    sweepIntervalMs: 2_000,
    ...(s.db.schema !== undefined ? { postgresSchema: s.db.schema } : {}),
    ...s.options,
  });
  return Object.assign(running, { logs, prefix: env['EDIGW_QUEUE_PREFIX'], http: new HttpClient(running.url) });
}

export const KEYS = {
  admin: 'edigw_demo_admin',
  penavico: 'edigw_demo_penavico',
  cosco: 'edigw_demo_cosco',
  msc: 'edigw_demo_msc',
  nbct: 'edigw_demo_nbct',
  cfs: 'edigw_demo_cfs',
  customs: 'edigw_demo_customs',
  sinotrans: 'edigw_demo_sinotrans',
  harbourfwd: 'edigw_demo_harbourfwd',
} as const;

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body as JSON (throws when it is not). */
  readonly json: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test bodies are read loosely
}

export class HttpClient {
  readonly base: string;
  constructor(base: string) {
    this.base = base;
  }

  async request(method: string, path: string, o: { key?: string; body?: string | Buffer; headers?: Record<string, string> } = {}): Promise<HttpAnswer> {
    const headers: Record<string, string> = { ...o.headers };
    if (o.key !== undefined) headers['authorization'] = `Bearer ${o.key}`;
    const res = await fetch(`${this.base}${path}`, { method, headers, ...(o.body !== undefined ? { body: o.body } : {}) });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      text,
      get json() {
        return JSON.parse(text) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      },
    };
  }

  get(path: string, key?: string): Promise<HttpAnswer> {
    return this.request('GET', path, key !== undefined ? { key } : {});
  }

  post(path: string, key: string | undefined, body: string | Buffer | Record<string, unknown> | unknown[], headers: Record<string, string> = {}): Promise<HttpAnswer> {
    const isJson = typeof body === 'object' && !Buffer.isBuffer(body);
    return this.request('POST', path, {
      ...(key !== undefined ? { key } : {}),
      body: isJson ? JSON.stringify(body) : body,
      headers: { 'content-type': isJson ? 'application/json' : 'application/EDIFACT', ...headers },
    });
  }

  /** Waits until the message reaches a final status and returns it. */
  async settled(id: string, key: string, timeoutMs = 30_000): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return eventually(async () => {
      const r = await this.get(`/v1/messages/${id}`, key);
      return r.status === 200 && !['received', 'processing'].includes(r.json.status as string) ? r.json : undefined;
    }, `message ${id} to finish`, timeoutMs);
  }
}

/** `edigw start` in a child process (the real command), with the given environment. */
export class GatewayProcess {
  private child: ChildProcess | undefined;
  output = '';
  readonly env: Record<string, string>;
  readonly role: 'all' | 'api' | 'worker';
  constructor(env: Record<string, string>, role: 'all' | 'api' | 'worker' = 'all') {
    this.env = env;
    this.role = role;
  }

  async start(url?: string): Promise<void> {
    this.output = '';
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test', 'service', 'start-child.ts'), '--role', this.role], {
      cwd: repoRoot,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout.on('data', (d: Buffer) => { this.output += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { this.output += d.toString(); });
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`edigw start exited with ${child.exitCode}: ${this.output}`);
      if (url === undefined) return this.output.includes('"edigw listening"') ? true : undefined;
      const r = await fetch(`${url}/healthz`).catch(() => undefined);
      return r?.ok === true ? true : undefined;
    }, 'edigw start to listen', 60_000);
  }

  /** SIGKILL: no shutdown at all. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** SIGTERM: graceful shutdown; resolves with the exit code. */
  async stop(): Promise<number | null> {
    return this.signal('SIGTERM');
  }

  private async signal(sig: NodeJS.Signals): Promise<number | null> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return c?.exitCode ?? null;
    const exited = new Promise<number | null>((r) => c.once('exit', (code) => { r(code); }));
    c.kill(sig);
    return exited;
  }
}
