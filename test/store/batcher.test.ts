import { afterEach, describe, expect, it, vi } from 'vitest';
import { Batcher, type Settled } from '../../src/store/batcher.js';

interface Deferred {
  readonly items: readonly number[];
  resolve(results: readonly Settled<number>[]): void;
  reject(error: Error): void;
}

/** A batcher whose batches the test completes by hand, recording every batch it was given. */
function manual(options: { maxBatch?: number; maxInFlight?: number; maxDelayMs?: number } = {}) {
  const batches: Deferred[] = [];
  const batcher = new Batcher<number, number>({
    maxBatch: options.maxBatch ?? 100,
    maxInFlight: options.maxInFlight ?? 1,
    maxDelayMs: options.maxDelayMs ?? 0,
    execute: (items) => new Promise((resolve, reject) => batches.push({ items, resolve, reject })),
  });
  return { batcher, batches };
}

const ok = (items: readonly number[]): Settled<number>[] => items.map((i) => ({ ok: true, value: i * 10 }));
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('Batcher (group commit)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('puts everything submitted in one event-loop turn into one batch and settles callers only after it', async () => {
    const { batcher, batches } = manual();
    let settled = 0;
    const calls = [1, 2, 3].map((i) => batcher.submit(i).then((v) => (settled++, v)));
    expect(batches).toHaveLength(0);
    await turn();
    expect(batches.map((b) => b.items)).toEqual([[1, 2, 3]]);
    await turn();
    expect(settled).toBe(0);
    batches[0].resolve(ok(batches[0].items));
    expect(await Promise.all(calls)).toEqual([10, 20, 30]);
  });

  it('collects what arrives during a commit into the next batch, up to maxBatch', async () => {
    const { batcher, batches } = manual({ maxBatch: 4 });
    const calls = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => batcher.submit(i));
    await turn();
    expect(batches.map((b) => b.items)).toEqual([[1, 2, 3, 4]]);
    batches[0].resolve(ok(batches[0].items));
    await turn();
    expect(batches.map((b) => b.items)).toEqual([[1, 2, 3, 4], [5, 6, 7, 8]]);
    const late = batcher.submit(11);
    batches[1].resolve(ok(batches[1].items));
    await turn();
    expect(batches[2].items).toEqual([9, 10, 11]);
    batches[2].resolve(ok(batches[2].items));
    expect(await Promise.all([...calls, late])).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110]);
  });

  it('rejects every caller of a failed batch and goes on with the next one', async () => {
    const { batcher, batches } = manual();
    const first = [batcher.submit(1), batcher.submit(2)];
    await turn();
    const second = batcher.submit(3);
    batches[0].reject(new Error('disk full'));
    for (const p of first) await expect(p).rejects.toThrow('disk full');
    await turn();
    batches[1].resolve(ok([3]));
    expect(await second).toBe(30);
  });

  it('rejects only the caller whose own item failed', async () => {
    const { batcher, batches } = manual();
    const a = batcher.submit(1);
    const b = batcher.submit(2);
    await turn();
    batches[0].resolve([{ ok: false, error: new Error('bad item') }, { ok: true, value: 20 }]);
    await expect(a).rejects.toThrow('bad item');
    expect(await b).toBe(20);
  });

  it('rejects the whole batch when the results do not match the items', async () => {
    const { batcher, batches } = manual();
    const a = batcher.submit(1);
    const b = batcher.submit(2);
    await turn();
    batches[0].resolve(ok([1]));
    await expect(a).rejects.toThrow(/1 results for 2 items/);
    await expect(b).rejects.toThrow(/1 results for 2 items/);
  });

  it('runs up to maxInFlight batches at once', async () => {
    const { batcher, batches } = manual({ maxBatch: 2, maxInFlight: 2 });
    const calls = [1, 2, 3, 4, 5].map((i) => batcher.submit(i));
    await turn();
    expect(batches.map((b) => b.items)).toEqual([[1, 2], [3, 4]]);
    batches[1].resolve(ok([3, 4]));
    await turn();
    expect(batches.map((b) => b.items)).toEqual([[1, 2], [3, 4], [5]]);
    batches[0].resolve(ok([1, 2]));
    batches[2].resolve(ok([5]));
    expect(await Promise.all(calls)).toEqual([10, 20, 30, 40, 50]);
  });

  it('waits maxDelayMs for company when asked to', async () => {
    vi.useFakeTimers();
    const { batcher, batches } = manual({ maxDelayMs: 2 });
    const a = batcher.submit(1);
    await vi.advanceTimersByTimeAsync(1);
    const b = batcher.submit(2);
    expect(batches).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches.map((x) => x.items)).toEqual([[1, 2]]);
    batches[0].resolve(ok([1, 2]));
    expect(await Promise.all([a, b])).toEqual([10, 20]);
  });

  it('closes after the work in flight has settled and refuses new work', async () => {
    const { batcher, batches } = manual();
    const a = batcher.submit(1);
    await turn();
    let closed = false;
    const closing = batcher.close().then(() => (closed = true));
    await expect(batcher.submit(2)).rejects.toThrow(/closed/);
    await turn();
    expect(closed).toBe(false);
    batches[0].resolve(ok([1]));
    await closing;
    expect(await a).toBe(10);
    await batcher.close();
  });
});
