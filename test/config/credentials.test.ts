import { describe, expect, it } from 'vitest';
import {
  DUMMY_PASSWORD_HASH, generateApiKey, hashApiKey, hashPassword, isPasswordHash, verifyPassword,
} from '../../src/config/credentials.js';
import { DEMO_API_KEY_HASHES, DEMO_API_KEYS, DEMO_SFTP_PASSWORD_HASHES, DEMO_SFTP_PASSWORDS } from '../../src/config/demo-credentials.js';
import { loadConfig } from '../../src/config/load.js';

describe('API keys', () => {
  it('are 256-bit random strings with a recognisable prefix', () => {
    const a = generateApiKey();
    expect(a).toMatch(/^edigw_[A-Za-z0-9_-]{43}$/);
    expect(generateApiKey()).not.toBe(a);
  });

  it('are stored as the hex SHA-256 of their UTF-8 bytes', () => {
    // Known answer: printf %s abc | sha256sum
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('SFTP passwords', () => {
  it('hash with scrypt in PHC form and verify only the right password', async () => {
    const stored = hashPassword('correct horse 电池 staple');
    expect(stored).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(isPasswordHash(stored)).toBe(true);
    expect(await verifyPassword('correct horse 电池 staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse 电池 stapl', stored)).toBe(false);
    expect(hashPassword('same')).not.toBe(hashPassword('same'));
  });

  it('never match a malformed stored hash or the dummy hash', async () => {
    expect(isPasswordHash(DUMMY_PASSWORD_HASH)).toBe(true);
    expect(await verifyPassword('', DUMMY_PASSWORD_HASH)).toBe(false);
    expect(await verifyPassword('x', 'plaintext')).toBe(false);
    expect(isPasswordHash('$scrypt$ln=40,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g')).toBe(false);
  });
});

describe('demo credentials', () => {
  const demo = loadConfig({ env: {} });

  it('are the ones config/demo.json holds, key for key', () => {
    for (const p of demo.partners) {
      expect(p.apiKeys.map((k) => k.sha256)).toEqual([hashApiKey(DEMO_API_KEYS[p.id])]);
    }
    expect(demo.adminKeys.map((k) => k.sha256)).toEqual([hashApiKey(DEMO_API_KEYS['admin'])]);
    expect(DEMO_API_KEY_HASHES.size).toBe(Object.keys(DEMO_API_KEYS).length);
  });

  it('SFTP hashes in the demo configuration are the known demo hashes and verify the documented passwords', async () => {
    const logins = demo.partners.filter((p) => p.sftp).map((p) => p.sftp!);
    expect(logins.map((l) => l.username).sort()).toEqual(Object.keys(DEMO_SFTP_PASSWORDS).sort());
    for (const l of logins) {
      expect(DEMO_SFTP_PASSWORD_HASHES.has(l.passwordHash!)).toBe(true);
      expect(await verifyPassword(DEMO_SFTP_PASSWORDS[l.username], l.passwordHash!)).toBe(true);
    }
  });
});
