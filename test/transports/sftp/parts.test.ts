/** Pieces of the SFTP server without a network: path resolution of the home, attributes, the login limiter, the VERSION packet. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advertiseExtensions, versionPacket } from '../../../src/transports/sftp/version.js';
import { LoginLimiter } from '../../../src/transports/sftp/auth.js';
import { fileAttrs, dirAttrs, longname, normalizePath, pathOf, resolvePath } from '../../../src/transports/sftp/vfs.js';

describe('normalizePath', () => {
  it.each([
    ['', '/'],
    ['.', '/'],
    ['..', '/'],
    ['/../../..', '/'],
    ['inbox', '/inbox'],
    ['./inbox/', '/inbox'],
    ['/inbox/../outbox', '/outbox'],
    ['/inbox/../../etc/passwd', '/etc/passwd'],
    ['//inbox///a.edi', '/inbox/a.edi'],
  ])('%j → %j', (input, expected) => {
    expect(normalizePath(input)).toBe(expected);
  });

  it('never climbs above / and never keeps a . or .. component (property)', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('..', '.', '', 'inbox', 'outbox', 'a', '.processed'), { maxLength: 12 }), fc.boolean(), (parts, absolute) => {
      const p = normalizePath(`${absolute ? '/' : ''}${parts.join('/')}`);
      expect(p.startsWith('/')).toBe(true);
      expect(p.split('/').slice(1).every((c) => c !== '.' && c !== '..')).toBe(true);
    }));
  });
});

describe('resolvePath', () => {
  it('knows exactly the fixed tree', () => {
    expect(resolvePath('/')).toEqual({ kind: 'root' });
    expect(resolvePath('inbox')).toEqual({ kind: 'inbox' });
    expect(resolvePath('/inbox/.processed')).toEqual({ kind: 'aside-dir', where: 'processed' });
    expect(resolvePath('/inbox/.rejected/x.edi')).toEqual({ kind: 'aside-file', where: 'rejected', name: 'x.edi' });
    expect(resolvePath('/inbox/x.edi')).toEqual({ kind: 'inbox-file', name: 'x.edi' });
    expect(resolvePath('/inbox/.x.edi.part')).toEqual({ kind: 'inbox-file', name: '.x.edi.part' });
    expect(resolvePath('/outbox')).toEqual({ kind: 'outbox' });
    expect(resolvePath('/outbox/a.json')).toEqual({ kind: 'outbox-file', name: 'a.json' });
  });

  it.each([
    '/etc/passwd', '/../../etc/passwd', '/inbox/a/b', '/inbox/.processed/a/b', '/outbox/a/b', '/x.edi',
    '/inbox/.processed/.watch', '/inbox/.processed/.watch/01ARZ3NDEKTSV4RRFFQ69G5FAV.json', '/inbox/a\u0000b', '/inbox/a\\b',
    '/inbox/a\nb', '/inbox/__proto__/x', '/beta/inbox/x.edi',
  ])('%j names nothing', (path) => {
    expect(resolvePath(path)).toEqual({ kind: 'none' });
  });

  it('every resolved node prints back to a path that resolves to itself', () => {
    for (const p of ['/', '/inbox', '/inbox/.processed', '/inbox/.rejected/x', '/inbox/y', '/outbox', '/outbox/z']) {
      const node = resolvePath(p);
      expect(resolvePath(pathOf(node))).toEqual(node);
    }
  });
});

describe('attributes', () => {
  it('marks directories and files as ls expects', () => {
    const t = Date.UTC(2025, 2, 17, 14, 26);
    expect(longname('inbox', dirAttrs(t, true))).toMatch(/^drwxr-xr-x +1 edigw +edigw +4096 Mar 17 14:26 inbox$/);
    expect(longname('a.json', fileAttrs(16, t, false))).toMatch(/^-r--r--r-- +1 edigw +edigw +16 Mar 17 14:26 a\.json$/);
  });
});

describe('LoginLimiter', () => {
  it('blocks an address after blockAfter failures within the window, and forgets them after it', () => {
    let now = 0;
    const limiter = new LoginLimiter({ blockAfter: 3, windowMs: 1000, now: () => now });
    expect(limiter.fail('10.0.0.1')).toBe(false);
    expect(limiter.fail('10.0.0.1')).toBe(false);
    expect(limiter.blocked('10.0.0.1')).toBe(false);
    expect(limiter.fail('10.0.0.1')).toBe(true);
    expect(limiter.blocked('10.0.0.1')).toBe(true);
    expect(limiter.blocked('10.0.0.2')).toBe(false);
    now = 1001;
    expect(limiter.blocked('10.0.0.1')).toBe(false);
  });
});

describe('VERSION with extensions', () => {
  it('is an SSH_FXP_VERSION 3 packet followed by name/value strings', () => {
    const p = versionPacket({ 'posix-rename@openssh.com': '1' });
    expect(p.readUInt32BE(0)).toBe(p.length - 4);
    expect(p[4]).toBe(2);
    expect(p.readUInt32BE(5)).toBe(3);
    expect(p.readUInt32BE(9)).toBe(24);
    expect(p.toString('utf8', 13, 37)).toBe('posix-rename@openssh.com');
    expect(p.readUInt32BE(37)).toBe(1);
    expect(p.toString('utf8', 41)).toBe('1');
  });

  it('leaves an object without ssh2\'s internals alone', () => {
    expect(advertiseExtensions({} as never, { x: '1' })).toBe(false);
  });
});
