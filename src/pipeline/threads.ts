/**
 * Pipeline threads: the ingest worker's CPU work (parse, validate, map, route, render) on worker
 * threads, so it runs beside the event loop that answers HTTP, drives BullMQ and runs the store,
 * instead of taking turns with them on one core. Each thread (./thread-main.ts) builds its own
 * directory, router, validation profiles and mapping codecs from the configuration; its store calls
 * come back here and run on this thread's store, so every write still joins the one writer's group
 * commit, and durability, idempotency and recovery are exactly those of in-process processing.
 *
 * Only for the gateway's own mapping codecs (codecs handed to `startGateway` are objects of the
 * caller's and cannot cross to a thread: they run in-process).
 */
import { Worker } from 'node:worker_threads';
import type { GatewayConfig } from '../config/types.js';
import { GatewayError, isGatewayError } from '../errors/gateway-error.js';
import type { Logger } from '../observability/logger.js';
import type { ClaimedMessage, Store } from '../store/store.js';
import type { ProcessResult } from './process.js';
import type { Stage } from './types.js';

export interface SerializedError {
  readonly message: string;
  readonly code?: string;
  readonly statusCode?: number;
  readonly unrecoverable?: boolean;
}

export type ToThread =
  /** The message as `openForProcessing` read it on the main thread, and when (the processing start). */
  | { readonly kind: 'process'; readonly id: number; readonly messageId: string; readonly claimed: ClaimedMessage; readonly at: Date }
  | { readonly kind: 'store-result'; readonly id: number; readonly value?: unknown; readonly error?: SerializedError }
  | { readonly kind: 'close' };

export type FromThread =
  | { readonly kind: 'ready' }
  | { readonly kind: 'log'; readonly line: string }
  /** The thread has compiled every document schema and mapping plan (after `ready`, between messages). */
  | { readonly kind: 'warm'; readonly steps: number; readonly failed: number; readonly ms: number }
  | { readonly kind: 'store'; readonly id: number; readonly method: string; readonly args: readonly unknown[] }
  | { readonly kind: 'processed'; readonly id: number; readonly result?: ProcessResult | null; readonly error?: SerializedError; readonly stages: readonly [Stage, number][] };

/**
 * A thread's young generation, twice V8's default (48 MB): a thread allocates a few hundred KB per
 * message, most of it dead within the message, but each scavenge copies what the messages still in
 * flight hold, so scavenging half as often halves that copying. Measured on the drain benchmark
 * (bench/service/drain-cpu.ts, 20-container CODECO): the pipeline thread's GC time 672 → 360 ms per
 * 4,000 messages; 192 MB saved little more (309 ms) for twice the memory.
 */
const YOUNG_GENERATION_MB = 96;

/** The store methods the pipeline calls; a thread may call nothing else (not `close`). */
const STORE_METHODS = new Set<string>([
  'openForProcessing', 'claimMessage', 'completeMessage', 'createOutbound', 'matchAcknowledgement', 'nextValue',
  'getMessage', 'getPayload', 'searchMessages', 'timeline', 'appendEvent', 'getDocument', 'listDocuments',
  'getDelivery', 'getDeliveryPayload', 'listDeliveries',
]);

export interface PipelineThreadsOptions {
  readonly size: number;
  readonly config: GatewayConfig;
  readonly store: Store;
  readonly logger: Logger;
  readonly logLevel: string;
  readonly observe?: (stage: Stage, seconds: number) => void;
}

interface Pending {
  readonly resolve: (r: ProcessResult | null) => void;
  readonly reject: (e: unknown) => void;
}

interface Slot {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
  /** Resolves when the thread's warm-up is done. */
  readonly warm: Promise<WarmUp>;
}

export interface WarmUp {
  /** Document schemas and mapping plans compiled, and how many of them failed to. */
  readonly steps: number;
  readonly failed: number;
  readonly ms: number;
}

function entry(): { code: string } {
  const url = new URL(import.meta.url.endsWith('.ts') ? './thread-main.ts' : './thread-main.js', import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return { code: `import(${JSON.stringify(url.href)}).catch((e) => { console.error(e); process.exit(1); });` };
  // Running from the TypeScript sources (tsx, tests): the thread registers the same loader first.
  const tsx = typeof import.meta.resolve === 'function' ? import.meta.resolve('tsx/esm/api') : 'tsx/esm/api';
  return { code: `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(url.href)}); }).catch((e) => { console.error(e); process.exit(1); });` };
}

/** An error as it crosses the port (a structured clone keeps no class): see `reviveError`. */
export function serializeError(err: unknown): SerializedError {
  if (isGatewayError(err)) return { message: err.message, code: err.code, statusCode: err.statusCode, unrecoverable: err.unrecoverable };
  return { message: err instanceof Error ? err.message : String(err) };
}

/**
 * An error from across the port, as it was: the code, the HTTP status and whether the queue may retry
 * (a store that is briefly unavailable is retried; GatewayError's default is "do not").
 */
export function reviveError(e: SerializedError): Error {
  if (e.code === undefined) return new Error(e.message);
  return new GatewayError(e.code as never, e.message, {
    ...(e.statusCode !== undefined ? { statusCode: e.statusCode } : {}),
    ...(e.unrecoverable !== undefined ? { unrecoverable: e.unrecoverable } : {}),
  });
}

export class PipelineThreads {
  private readonly options: PipelineThreadsOptions;
  private readonly slots: Slot[] = [];
  private seq = 0;
  private closing = false;

  private constructor(options: PipelineThreadsOptions) {
    this.options = options;
  }

  /** Starts the threads and waits until each has loaded its profiles and mappings (a bad profile fails here). */
  static async start(options: PipelineThreadsOptions): Promise<PipelineThreads> {
    const pool = new PipelineThreads(options);
    try {
      for (let i = 0; i < options.size; i++) pool.slots.push(await pool.spawn());
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  /**
   * Processes one message on the least busy thread. The message is read here and sent with the
   * work, rather than asked for from the thread: one round trip over the port less per message.
   */
  async process(messageId: string): Promise<ProcessResult | null> {
    if (this.closing) throw new Error('the pipeline threads are closing');
    const at = new Date();
    const claimed = await this.options.store.openForProcessing(messageId);
    if (claimed === null) return null;
    if (this.closing) throw new Error('the pipeline threads are closing');
    // Empty only while a stopped thread's replacement starts: the job fails and the queue retries it.
    if (this.slots.length === 0) throw new Error('no pipeline thread is running; a new one is starting');
    let slot = this.slots[0];
    for (const s of this.slots) if (s.pending.size < slot.pending.size) slot = s;
    const id = ++this.seq;
    return new Promise<ProcessResult | null>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ kind: 'process', id, messageId, claimed, at } satisfies ToThread);
    });
  }

  /** The warm-up of every running thread (schemas and mapping plans compiled after start-up). */
  warmedUp(): Promise<WarmUp[]> {
    return Promise.all(this.slots.map((s) => s.warm));
  }

  /** Lets the messages in progress finish, then stops the threads. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map(async (slot) => {
      // The ingest worker has closed by now, so this is only a guard against a thread that hangs.
      for (let waited = 0; slot.pending.size > 0 && waited < 30_000; waited += 10) await new Promise((r) => setTimeout(r, 10));
      const exited = new Promise<void>((resolve) => { slot.worker.once('exit', () => { resolve(); }); });
      slot.worker.postMessage({ kind: 'close' } satisfies ToThread);
      const timer = setTimeout(() => { void slot.worker.terminate(); }, 5000);
      await exited;
      clearTimeout(timer);
    }));
  }

  private spawn(): Promise<Slot> {
    const { config, logLevel, store } = this.options;
    const worker = new Worker(entry().code, { eval: true, workerData: { config, dialect: store.dialect, logLevel }, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    // The event loop's own work (HTTP, BullMQ) keeps the process alive; an idle thread must not.
    worker.unref();
    let warmed: (w: WarmUp) => void = () => undefined;
    const slot: Slot = { worker, pending: new Map(), warm: new Promise<WarmUp>((r) => { warmed = r; }) };
    return new Promise<Slot>((resolve, reject) => {
      let ready = false;
      worker.on('message', (m: FromThread) => {
        if (m.kind === 'ready') {
          ready = true;
          resolve(slot);
        } else if (m.kind === 'store') {
          this.serveStore(worker, m);
        } else if (m.kind === 'log') {
          this.relayLog(m.line);
        } else if (m.kind === 'warm') {
          const { kind: _kind, ...w } = m;
          this.options.logger.debug(w, 'pipeline thread warmed up: document schemas and mapping plans compiled');
          warmed(w);
        } else {
          const p = slot.pending.get(m.id);
          if (p === undefined) return;
          slot.pending.delete(m.id);
          for (const [stage, seconds] of m.stages) this.options.observe?.(stage, seconds);
          if (m.error !== undefined) p.reject(reviveError(m.error));
          else p.resolve(m.result ?? null);
        }
      });
      let gone = false;
      const lost = (why: string): void => {
        if (gone) return;
        gone = true;
        // Its messages go back to the queue (the job fails and retries); a new thread takes its place.
        for (const p of slot.pending.values()) p.reject(new Error(`pipeline thread stopped: ${why}`));
        // Its warm-up did not finish (a no-op if it had): whoever waits hears so instead of waiting for ever.
        warmed({ steps: 0, failed: 1, ms: 0 });
        slot.pending.clear();
        // Out of the pool at once, so no message is posted to a thread that is gone.
        const at = this.slots.indexOf(slot);
        if (at >= 0) this.slots.splice(at, 1);
        if (!ready) {
          reject(new Error(`a pipeline thread did not start: ${why}`));
          return;
        }
        if (this.closing) return;
        this.options.logger.error({ why }, 'a pipeline thread stopped; starting another');
        this.spawn().then((fresh) => { this.slots.push(fresh); }, (err: unknown) => {
          this.options.logger.error({ err: (err as Error).message }, 'could not start a pipeline thread');
        });
      };
      worker.on('error', (err) => { lost(err.message); });
      worker.on('exit', (code) => { if (!this.closing || !ready) lost(`exit code ${code}`); });
    });
  }

  /** A thread's log line, written again through the gateway's logger (its level already filtered it). */
  private relayLog(line: string): void {
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    const { level, msg, time: _time, service: _service, pid: _pid, hostname: _hostname, ...fields } = entry;
    const label = typeof level === 'number' ? this.options.logger.levels.labels[level] : undefined;
    const log = this.options.logger as unknown as Record<string, ((o: object, m?: string) => void) | undefined>;
    const fn = label !== undefined ? log[label] : undefined;
    fn?.call(this.options.logger, fields, typeof msg === 'string' ? msg : undefined);
  }

  private serveStore(worker: Worker, m: Extract<FromThread, { kind: 'store' }>): void {
    const { store } = this.options;
    if (!STORE_METHODS.has(m.method)) {
      worker.postMessage({ kind: 'store-result', id: m.id, error: { message: `store.${m.method} is not available to pipeline threads` } } satisfies ToThread);
      return;
    }
    const fn = (store as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[m.method];
    fn.apply(store, [...m.args]).then(
      (value) => { worker.postMessage({ kind: 'store-result', id: m.id, value } satisfies ToThread); },
      (err: unknown) => { worker.postMessage({ kind: 'store-result', id: m.id, error: serializeError(err) } satisfies ToThread); },
    );
  }
}
