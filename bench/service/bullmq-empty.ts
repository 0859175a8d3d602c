/**
 * The reference for the end-to-end benchmark: bare BullMQ moving empty jobs through Redis, one
 * queue, one worker, the same connection settings as the gateway. Prints one JSON line.
 */
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';

const [url = 'redis://127.0.0.1:6379', countText = '20000', concurrencyText = '8'] = process.argv.slice(2);
const count = Number(countText);
const prefix = `benchbare${Date.now().toString(36)}`;
const connection = new Redis(url, { maxRetriesPerRequest: null });
const queue = new Queue('empty', { connection, prefix });
let done = 0;
const finished = new Promise<void>((resolve) => {
  const worker = new Worker('empty', () => { if (++done === count) resolve(); return Promise.resolve(); }, { connection: new Redis(url, { maxRetriesPerRequest: null }), prefix, concurrency: Number(concurrencyText), removeOnComplete: { count: 0 } });
  worker.on('error', () => undefined);
});
const started = performance.now();
for (let i = 0; i < count; i += 500) {
  await queue.addBulk(Array.from({ length: Math.min(500, count - i) }, (_, k) => ({ name: 'empty', data: { id: String(i + k) }, opts: { removeOnComplete: true } })));
}
await finished;
const seconds = (performance.now() - started) / 1000;
await queue.obliterate({ force: true });
process.stdout.write(`${JSON.stringify({ count, seconds, perSecond: count / seconds })}\n`);
process.exit(0);
