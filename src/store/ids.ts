import { randomFillSync } from 'node:crypto';

/**
 * Sortable unique ids in the ULID layout: 10 Crockford base-32 characters of milliseconds since the
 * epoch, then 16 of randomness (80 bits). Ids sort by creation time as plain strings, so the primary
 * key doubles as the time index and as the pagination cursor. Within one millisecond a generator
 * increments the random part instead of drawing a new one, so its ids stay strictly increasing even
 * when the clock stands still or steps back.
 */

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_BYTES = 10;
const MAX_TIME = 2 ** 48 - 1;

export type IdGenerator = (now: number) => string;

export function createIdGenerator(): IdGenerator {
  let lastTime = -1;
  let prefix = '';
  const random = Buffer.alloc(RANDOM_BYTES);
  return (now: number): string => {
    if (now > lastTime) {
      lastTime = now;
      prefix = encodeTime(lastTime);
      drawRandom(random);
    } else if (!increment(random)) {
      // 2^80 ids in one millisecond cannot happen; moving on to the next millisecond keeps order anyway.
      lastTime += 1;
      prefix = encodeTime(lastTime);
      drawRandom(random);
    }
    return prefix + encode40(random, 0) + encode40(random, 5);
  };
}

/** Random bytes drawn from the system in blocks, not one small synchronous call per millisecond. */
const pool = Buffer.alloc(RANDOM_BYTES * 512);
let poolAt = pool.length;

function drawRandom(into: Buffer): void {
  if (poolAt + RANDOM_BYTES > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  pool.copy(into, 0, poolAt, poolAt + RANDOM_BYTES);
  poolAt += RANDOM_BYTES;
}

/** The creation time of an id, in milliseconds since the epoch. */
export function idTime(id: string): number {
  let ms = 0;
  for (let i = 0; i < TIME_CHARS; i++) {
    const v = ALPHABET.indexOf(id.charAt(i));
    if (v < 0) throw new RangeError(`not a store id: ${id}`);
    ms = ms * 32 + v;
  }
  return ms;
}

/** The smallest id a generator can produce at `ms`: ids at or after `ms` compare >= this. */
export function idFloor(ms: number): string {
  return encodeTime(Math.max(0, Math.min(MAX_TIME, Math.floor(ms)))) + '0'.repeat(16);
}

export function isId(value: string): boolean {
  return /^[0-9A-HJKMNP-TV-Z]{26}$/.test(value);
}

function encodeTime(ms: number): string {
  let out = '';
  let rest = ms;
  for (let i = 0; i < TIME_CHARS; i++) {
    out = ALPHABET.charAt(rest % 32) + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** 5 bytes = 40 bits = 8 characters; 40 bits fit exactly in a double. */
function encode40(bytes: Buffer, offset: number): string {
  let n = bytes.readUIntBE(offset, 5);
  let out = '';
  for (let i = 0; i < 8; i++) {
    out = ALPHABET.charAt(n % 32) + out;
    n = Math.floor(n / 32);
  }
  return out;
}

function increment(bytes: Buffer): boolean {
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i] !== 0xff) {
      bytes[i] = bytes[i] + 1;
      return true;
    }
    bytes[i] = 0;
  }
  return false;
}
