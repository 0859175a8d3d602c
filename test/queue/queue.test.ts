/** Queue plumbing without Redis: batched adds, where deliveries go, and the in-process signals. */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';
import { makeDispatch, needsDeliverJob } from '../../src/queue/dispatch.js';
import { GatewayEvents } from '../../src/queue/events.js';
import { JobBatcher } from '../../src/queue/queues.js';
import type { DeliverySummary } from '../../src/store/types.js';
import { LocalMailboxSignal } from '../../src/transports/mailbox/signal.js';
import { LogSink } from '../service/harness.js';

function logger(): { sink: LogSink; log: ReturnType<typeof createLogger> } {
  const sink = new LogSink();
  return { sink, log: createLogger({ level: 'info', destination: sink }) };
}

const delivery = (over: Partial<DeliverySummary>): DeliverySummary => ({
  id: 'd1', messageId: 'm1', documentId: null, documentType: null, destinationId: 'fwd', format: 'json', channel: 'mailbox', contentType: 'application/json',
  rendered: true, size: 10, status: 'pending', statusAt: '', createdAt: '', attempts: 0, lastError: null, leaseHolder: null, leaseExpiresAt: null, test: false, ...over,
});

describe('JobBatcher', () => {
  it('adds the ids of one event-loop turn with one call', async () => {
    const calls: string[][] = [];
    const b = new JobBatcher((ids) => { calls.push([...ids]); return Promise.resolve(); }, logger().log, 'ingest');
    b.push('a');
    b.push('b');
    b.push('c');
    await new Promise((r) => setImmediate(r));
    b.push('d');
    await b.drain();
    expect(calls).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('logs a failing queue once per outage, counts what it could not add, and says when it works again', async () => {
    const { sink, log } = logger();
    let fail = true;
    const failed: number[] = [];
    const b = new JobBatcher(() => (fail ? Promise.reject(new Error('Connection is closed.')) : Promise.resolve()), log, 'ingest', (n) => failed.push(n));
    for (const id of ['a', 'b']) { b.push(id); await b.drain(); }
    fail = false;
    b.push('c');
    await b.drain();
    expect(failed).toEqual([1, 1]);
    expect(sink.lines.map((l) => l['msg'])).toEqual([
      'could not queue work (Redis unreachable?); it is stored and the recovery sweep queues it later',
      'queueing works again',
    ]);
  });
});

describe('dispatch', () => {
  it('queues pushes, SFTP outbox files and unrendered deliveries; wakes the mailbox for rendered mailbox entries', async () => {
    const jobs: string[][] = [];
    const b = new JobBatcher((ids) => { jobs.push([...ids]); return Promise.resolve(); }, logger().log, 'deliver');
    const signal = new LocalMailboxSignal();
    const woken = signal.wait('fwd', 5_000);
    makeDispatch(b, signal)([
      delivery({ id: 'mail' }),
      delivery({ id: 'hook', channel: 'webhook' }),
      delivery({ id: 'sftp', channel: 'sftp' }),
      delivery({ id: 'unrendered', rendered: false }),
      delivery({ id: 'done', channel: 'webhook', status: 'delivered' }),
      delivery({ id: 'retry', channel: 'webhook', status: 'failed' }),
    ]);
    await b.drain();
    expect(jobs.flat()).toEqual(['hook', 'sftp', 'unrendered', 'retry']);
    expect(await woken).toBe(true);
    expect(needsDeliverJob(delivery({ status: 'withdrawn', rendered: false }))).toBe(false);
  });
});

describe('signals', () => {
  it('wake waiters of one partner only, time out, and end on abort', async () => {
    const s = new LocalMailboxSignal();
    const a = s.wait('a', 5_000);
    const b = s.wait('b', 50);
    s.notify('a');
    expect(await a).toBe(true);
    expect(await b).toBe(false);
    const abort = new AbortController();
    const c = s.wait('c', 5_000, abort.signal);
    abort.abort();
    expect(await c).toBe(false);
  });

  it('work inside one process without Redis (message finished, mailbox)', async () => {
    const events = new GatewayEvents({ prefix: 'p', logger: logger().log });
    const done = events.waitForMessage('m1', 5_000);
    const mail = events.wait('fwd', 5_000);
    events.messageDone('m1');
    events.notify('fwd');
    expect(await done).toBe(true);
    expect(await mail).toBe(true);
  });
});
