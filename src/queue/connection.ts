/**
 * Redis connections, following BullMQ's production checklist: workers wait out outages
 * (`maxRetriesPerRequest: null`, offline queue on), producers fail fast (offline queue off) so an
 * HTTP request never hangs on Redis: the message is already stored, and the recovery sweep queues it
 * when Redis is back. Every connection has an error listener, so an outage is a log line, not an
 * unhandled 'error' event.
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../observability/logger.js';

export type ConnectionRole = 'producer' | 'worker' | 'subscriber' | 'publisher';

export function createRedis(url: string, role: ConnectionRole, logger: Logger): Redis {
  const options: RedisOptions = {
    maxRetriesPerRequest: null,
    enableOfflineQueue: role !== 'producer',
    // Publishes come in bursts (one per message and mailbox entry): pipeline them automatically.
    enableAutoPipelining: role === 'publisher' || role === 'producer',
    connectionName: `edigw-${role}`,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  };
  const redis = new Redis(url, options);
  let down = false;
  redis.on('error', (err: NodeJS.ErrnoException) => {
    // One line per outage, not one per reconnection attempt.
    if (down) return;
    down = true;
    logger.warn({ role, code: err.code, err: err.message }, `Redis at ${redactRedisUrl(url)} is unreachable; retrying`);
  });
  redis.on('ready', () => {
    if (down) logger.info({ role }, `Redis at ${redactRedisUrl(url)} is back`);
    down = false;
  });
  return redis;
}

/** The URL without its password, for messages. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(invalid REDIS_URL)';
  }
}

/**
 * Start-up check: resolves when Redis answers PING within `timeoutMs`, else rejects with one line
 * that says what is wrong and how to fix it.
 */
export async function assertRedisReachable(url: string, timeoutMs = 3000): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null, connectTimeout: timeoutMs });
  // The socket error says why (ECONNREFUSED, ENOTFOUND); connect() itself only says the connection closed.
  let cause: NodeJS.ErrnoException | undefined;
  redis.on('error', (err: NodeJS.ErrnoException) => { cause ??= err; });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    const e = cause ?? (err as NodeJS.ErrnoException);
    const reason = e.code ?? e.message;
    throw new Error(`cannot reach Redis at ${redactRedisUrl(url)} (${reason}): start redis-server, or set REDIS_URL to a reachable Redis (redis://host:port)`, { cause: err });
  } finally {
    redis.disconnect();
  }
}

/** True when the connection is up and answers PING. */
export async function redisHealthy(redis: Redis, timeoutMs = 1000): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    const pong = await Promise.race([
      redis.ping(),
      new Promise<never>((_, reject) => { timer = setTimeout(() => { reject(new Error('timeout')); }, timeoutMs); }),
    ]);
    return pong === 'PONG';
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
