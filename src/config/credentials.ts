/**
 * How the configuration stores credentials.
 *
 * API keys are 256-bit random strings, so a plain SHA-256 is enough to keep them safe in the file:
 * nobody can guess their way back from the hash, and the hash costs about a microsecond, where a slow
 * password hash (tens of milliseconds by design) would cap ingest at a few dozen requests per second
 * per core. SFTP passwords are chosen by people and logins are rare, so they get scrypt, whose cost
 * (about 0.2 s and 32 MiB here) is the point.
 */
import { hash, randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

const API_KEY_PREFIX = 'edigw_';
/** Longer presented keys are refused unhashed: no legitimate key is that long. */
export const MAX_API_KEY_LENGTH = 256;

/** A new random API key: `edigw_` and 32 random bytes in base64url. Shown once, never stored. */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** Lower-case hex SHA-256 of the key's UTF-8 bytes, as the configuration stores it. */
export function hashApiKey(key: string): string {
  // crypto.hash: the one-shot form, about twice as fast as createHash for short inputs; strings are UTF-8.
  return hash('sha256', key, 'hex');
}

export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

interface ScryptParams {
  readonly ln: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

// N = 2^15, r = 8: 32 MiB per hash. Node's default scrypt memory cap is exactly that, so give headroom.
const DEFAULT_LN = 15;
const DEFAULT_R = 8;
const DEFAULT_P = 1;
const KEY_LENGTH = 32;
const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{16,})\$([A-Za-z0-9+/]{32,})$/;

function maxmem(ln: number, r: number, p: number): number {
  return 128 * r * (2 ** ln + p + 2) + 1024 * 1024;
}

/**
 * Parses a `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` string (PHC string format, unpadded base64). Returns
 * undefined for anything else, and for cost parameters outside what a login can afford (ln 10..20).
 */
function parsePasswordHash(stored: string): ScryptParams | undefined {
  const m = PHC.exec(stored);
  if (!m) return undefined;
  const ln = Number(m[1]);
  const r = Number(m[2]);
  const p = Number(m[3]);
  if (ln < 10 || ln > 20 || r < 1 || r > 32 || p < 1 || p > 16) return undefined;
  return { ln, r, p, salt: Buffer.from(m[4], 'base64'), hash: Buffer.from(m[5], 'base64') };
}

export function isPasswordHash(stored: string): boolean {
  return parsePasswordHash(stored) !== undefined;
}

/** scrypt hash of a password in PHC string form, for `sftp.passwordHash` in the configuration. */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const derived = scryptSync(password.normalize('NFC'), salt, KEY_LENGTH, {
    N: 2 ** DEFAULT_LN,
    r: DEFAULT_R,
    p: DEFAULT_P,
    maxmem: maxmem(DEFAULT_LN, DEFAULT_R, DEFAULT_P),
  });
  const b64 = (b: Buffer): string => b.toString('base64').replace(/=+$/, '');
  return `$scrypt$ln=${DEFAULT_LN},r=${DEFAULT_R},p=${DEFAULT_P}$${b64(salt)}$${b64(derived)}`;
}

/**
 * Checks a password against a stored hash without blocking the event loop. An unparseable stored
 * hash never matches (the loader has already refused such a configuration).
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const params = parsePasswordHash(stored);
  if (!params) return false;
  const derived = await new Promise<Buffer>((resolve, reject) => {
    scrypt(password.normalize('NFC'), params.salt, params.hash.length, {
      N: 2 ** params.ln,
      r: params.r,
      p: params.p,
      maxmem: maxmem(params.ln, params.r, params.p),
    }, (err, key) => {
      if (err) reject(err);
      else resolve(key);
    });
  });
  return timingSafeEqual(derived, params.hash);
}

/**
 * A fixed, valid hash that matches no password anyone knows: verifying an unknown user's password
 * against it costs the same time as a real check, so response times do not reveal which users exist.
 */
export const DUMMY_PASSWORD_HASH = '$scrypt$ln=15,r=8,p=1$ZWRpZ3ctZHVtbXktc2FsdA$ZWRpZ3ctZHVtbXktaGFzaC1uZXZlci1tYXRjaGVzLTA';
