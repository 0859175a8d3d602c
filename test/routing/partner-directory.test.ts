import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { hashApiKey, hashPassword } from '../../src/config/credentials.js';
import { PartnerDirectory } from '../../src/routing/partner-directory.js';
import { baseConfig, KEYS, load } from '../config/fixtures.js';

function parsed(key: string): ParsedKey {
  const k = ssh2.utils.parseKey(key);
  if (k instanceof Error) throw k;
  return k;
}

const clientKey = ssh2.utils.generateKeyPairSync('ed25519', { comment: 'fwd@laptop' });
const otherKey = ssh2.utils.generateKeyPairSync('ed25519');
const fwdPassword = 'fwd-sftp-password-1';

function directory(): PartnerDirectory {
  const c = baseConfig();
  c.partners[5]['sftp'] = { username: 'fwd', passwordHash: hashPassword(fwdPassword), publicKeys: [clientKey.public] };
  c.partners[6]['sftp'] = { username: 'fwd2', publicKeys: [otherKey.public] };
  return PartnerDirectory.fromConfig(load(c));
}

describe('PartnerDirectory.authenticate', () => {
  const dir = directory();

  it('finds the partner and the key id for the right key', () => {
    expect(dir.authenticate(KEYS.agent)).toMatchObject({ kind: 'partner', keyId: 'k1', partner: { id: 'agent' } });
  });

  it('a key authenticates its own partner only, never another', () => {
    const principal = dir.authenticate(KEYS.line);
    expect(principal?.kind === 'partner' && principal.partner.id).toBe('line');
  });

  it('finds operators by admin key', () => {
    expect(dir.authenticate(KEYS.admin)).toEqual({ kind: 'admin', keyId: 'ops', name: 'Operations' });
  });

  it.each([
    ['a wrong key', 'edigw_test_agent_0123456789abcdeX'],
    ['a prefix of a right key', KEYS.agent.slice(0, -1)],
    ['the stored hash itself', hashApiKey(KEYS.agent)],
    ['an empty key', ''],
    ['no key', undefined],
    ['an overlong key', 'x'.repeat(10_000)],
  ])('refuses %s', (_what, key) => {
    expect(dir.authenticate(key)).toBeUndefined();
  });

  it('accepts every configured key of a partner (key rotation)', () => {
    const c = baseConfig();
    (c.partners[0]['apiKeys'] as unknown[]).push({ id: 'k2', sha256: hashApiKey('edigw_rotated_key_0123456789') });
    const d = PartnerDirectory.fromConfig(load(c));
    expect(d.authenticate('edigw_rotated_key_0123456789')).toMatchObject({ keyId: 'k2', partner: { id: 'agent' } });
    expect(d.authenticate(KEYS.agent)).toMatchObject({ keyId: 'k1', partner: { id: 'agent' } });
  });
});

describe('PartnerDirectory lookups', () => {
  const dir = directory();

  it('finds partners by id', () => {
    expect(dir.get('terminal')?.role).toBe('terminal');
    expect(dir.get('nobody')).toBeUndefined();
    expect(dir.all()).toHaveLength(7);
  });

  it.each([
    ['LINE', 'ZZZ', 'line'],
    ['123456789', '5', 'line'],
    ['LINE', undefined, 'line'],
    ['LINE', '14', undefined],
    ['LINE2', 'ZZZ', 'line2'],
    ['LINE2', '14', 'line2'],
    ['LINE2', undefined, 'line2'],
    ['UNKNOWN', 'ZZZ', undefined],
  ])('finds UNB id %s qualifier %s: %s', (id, qualifier, expected) => {
    expect(dir.byEdifactId(id, qualifier)?.id).toBe(expected);
  });

  it('finds partners by customs id and by the codes documents name them with', () => {
    expect(dir.byCustomsId('3100')?.id).toBe('customs');
    expect(dir.byCustomsId('9999')).toBeUndefined();
    expect(dir.byPartyId('COS')?.id).toBe('line');
    expect(dir.byPartyId('3300000001')?.id).toBe('agent');
    expect(dir.byPartyId('TERM')?.id).toBe('terminal');
    expect(dir.byPartyId('ZZZ')).toBeUndefined();
  });

  it('recognises the hub itself', () => {
    expect(dir.isHub({ edifact: { id: 'HUB', qualifier: 'ZZZ' } })).toBe(true);
    expect(dir.isHub({ edifact: { id: 'HUB' } })).toBe(true);
    expect(dir.isHub({ edifact: { id: 'HUB', qualifier: '14' } })).toBe(false);
    expect(dir.isHub({ customsId: 'HUBCUSTOMS' })).toBe(true);
    expect(dir.isHub({ edifact: { id: 'LINE', qualifier: 'ZZZ' } })).toBe(false);
  });
});

describe('PartnerDirectory SFTP logins', () => {
  const dir = directory();

  it('verifies passwords against the scrypt hash', async () => {
    expect((await dir.verifySftpPassword('fwd', fwdPassword))?.id).toBe('fwd');
    expect(await dir.verifySftpPassword('fwd', 'wrong')).toBeUndefined();
    expect(await dir.verifySftpPassword('nobody', fwdPassword)).toBeUndefined();
    expect(await dir.verifySftpPassword('fwd2', '')).toBeUndefined();
    expect(dir.bySftpUsername('fwd2')?.id).toBe('fwd2');
  });

  it('finds the configured public key a client offers, which then verifies its signature', () => {
    const offered = parsed(clientKey.public).getPublicSSH();
    const found = dir.findSftpPublicKey('fwd', offered);
    expect(found?.partner.id).toBe('fwd');
    const data = Buffer.from('session data to sign');
    const signature = parsed(clientKey.private).sign(data);
    expect(found?.key.verify(data, signature)).toBe(true);
    expect(found?.key.verify(data, parsed(otherKey.private).sign(data))).toBe(false);
  });

  it('refuses a key that belongs to another user, and unknown users', () => {
    expect(dir.findSftpPublicKey('fwd', parsed(otherKey.public).getPublicSSH())).toBeUndefined();
    expect(dir.findSftpPublicKey('fwd2', parsed(otherKey.public).getPublicSSH())?.partner.id).toBe('fwd2');
    expect(dir.findSftpPublicKey('nobody', parsed(clientKey.public).getPublicSSH())).toBeUndefined();
  });
});
