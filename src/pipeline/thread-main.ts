/**
 * A pipeline thread (see ./threads.ts): parses, validates, maps and renders the messages the main
 * thread hands it, with its own partner directory, router, validation profiles and mapping codecs
 * built from the same configuration. It has no store of its own: every store call goes back to the
 * main thread's store over the message port, so all writes still join the one writer's group
 * commit and nothing about durability or idempotency changes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { documentSchemaWarmUp } from '../catalogue/documents/index.js';
import type { GatewayConfig } from '../config/types.js';
import { MappingRegistry } from '../mapping/registry.js';
import { createLogger } from '../observability/logger.js';
import { PartnerDirectory } from '../routing/partner-directory.js';
import { Router } from '../routing/router.js';
import type { Store } from '../store/store.js';
import { mappingCodecs } from './mapping-codecs.js';
import { processMessage } from './process.js';
import { reviveError, serializeError, type FromThread, type ToThread } from './threads.js';
import type { PipelineDeps, Stage } from './types.js';
import { EdifactValidation } from './validate.js';

interface Init {
  readonly config: GatewayConfig;
  readonly dialect: Store['dialect'];
  readonly logLevel: string;
}

const port = parentPort;
if (port === null) throw new Error('thread-main.ts runs as a worker thread only');
const init = workerData as Init;


function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** What comes back over the port is a structured clone: Buffers arrive as plain Uint8Arrays. */
function revive(method: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const v = value as Record<string, unknown>;
  if ((method === 'openForProcessing' || method === 'claimMessage') && v['payload'] instanceof Uint8Array) return { ...v, payload: toBuffer(v['payload']) };
  if ((method === 'getPayload' || method === 'getDeliveryPayload') && v['bytes'] instanceof Uint8Array) return { ...v, bytes: toBuffer(v['bytes']) };
  return value;
}

let seq = 0;
const calls = new Map<number, { method: string; resolve: (v: unknown) => void; reject: (e: unknown) => void }>();

function send(message: FromThread): void {
  port!.postMessage(message);
}

const store = new Proxy({} as Store, {
  get(_target, name) {
    if (name === 'dialect') return init.dialect;
    if (typeof name !== 'string' || name === 'then') return undefined;
    return (...args: unknown[]) => new Promise((resolve, reject) => {
      const id = ++seq;
      calls.set(id, { method: name, resolve, reject });
      send({ kind: 'store', id, method: name, args: name === 'completeMessage' ? [args[0], lighten(args[1])] : args });
    });
  },
});

/** A document whose JSON text is there need not travel as an object tree too (the store writes the text). */
function lighten(input: unknown): unknown {
  const i = input as { documents?: { bodyJson?: string; body: unknown }[] } | undefined;
  if (i?.documents === undefined) return input;
  return { ...i, documents: i.documents.map((d) => (d.bodyJson !== undefined ? { ...d, body: null } : d)) };
}

const { config } = init;
const directory = PartnerDirectory.fromConfig(config);
const registry = new MappingRegistry();
const base: PipelineDeps = {
  config,
  directory,
  router: Router.fromConfig(config, directory),
  store,
  // Log lines go to the main thread, which writes them through the gateway's logger.
  logger: createLogger({ level: init.logLevel, destination: { write: (line: string) => { send({ kind: 'log', line }); } } }),
  codecs: mappingCodecs(registry),
  validation: new EdifactValidation(config.partners),
};

/** Set by `close`: the warm-up stops, so that nothing holds the thread's loop open. */
let closed = false;

port.on('message', (m: ToThread) => {
  if (m.kind === 'store-result') {
    const call = calls.get(m.id);
    if (call === undefined) return;
    calls.delete(m.id);
    if (m.error !== undefined) call.reject(reviveError(m.error));
    else call.resolve(revive(call.method, m.value));
    return;
  }
  if (m.kind === 'process') {
    // Stage timings go back with the result, for the main thread's metrics.
    const stages: [Stage, number][] = [];
    const deps: PipelineDeps = { ...base, observe: (stage, seconds) => { stages.push([stage, seconds]); } };
    const claimed = revive('openForProcessing', m.claimed) as typeof m.claimed;
    void processMessage(deps, m.messageId, { claimed, at: m.at }).then(
      (result) => { send({ kind: 'processed', id: m.id, result, stages }); },
      (err: unknown) => { send({ kind: 'processed', id: m.id, error: serializeError(err), stages: [] }); },
    );
    return;
  }
  if (m.kind === 'close') {
    closed = true;
    port.close();
  }
});

/**
 * After start-up, between messages: the document schemas and mapping plans compile one per turn of
 * this thread's loop, so the first message of each document type does not pay for its compile
 * (about 100 ms a schema) and start-up does not wait for all of them (about a second).
 */
function warmUp(steps: readonly (() => void)[]): void {
  const started = performance.now();
  let next = 0;
  let failed = 0;
  const step = (): void => {
    if (closed) return;
    if (next >= steps.length) {
      send({ kind: 'warm', steps: steps.length, failed, ms: Math.round(performance.now() - started) });
      return;
    }
    try {
      steps[next++]();
    } catch (err) {
      // The same failure comes back, with its message, when a message needs this plan or schema.
      failed++;
      base.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'warm-up: a schema or mapping plan did not compile');
    }
    setImmediate(step);
  };
  setImmediate(step);
}

send({ kind: 'ready' });
warmUp([...documentSchemaWarmUp(), ...registry.warmUp()]);
