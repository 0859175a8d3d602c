/**
 * What the built-in SFTP server never allows: one partner seeing or touching another's files, paths
 * outside the home (`..`, absolute paths, links planted on the host), anything but the sftp
 * subsystem (shell, exec, other subsystems, port forwarding), unlimited password guessing, and
 * files beyond the size limit.
 */
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import SftpClient from 'ssh2-sftp-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { PartnerDirectory } from '../../../src/routing/index.js';
import { adminViewer, partnerViewer } from '../../../src/store/index.js';
import { SftpServer } from '../../../src/transports/sftp/index.js';
import { codeco, openGateway, PASSWORDS, type TestGateway } from './harness.js';

let gw: TestGateway;
let server: SftpServer;
let port: number;

beforeAll(async () => {
  gw = await openGateway({ maxFileBytes: 64 * 1024, maxAuthAttempts: 3 });
  server = new SftpServer({ config: gw.config, directory: gw.directory, store: gw.store, ingest: gw.ingest, logger: gw.logger }, { port: 0 });
  port = (await server.start()).port;
});

afterAll(async () => {
  await server.stop();
  await gw.close();
});

async function client(user: 'alpha' | 'beta'): Promise<SftpClient> {
  const c = new SftpClient();
  await c.connect({ host: '127.0.0.1', port, username: user, password: PASSWORDS[user], readyTimeout: 20_000 });
  return c;
}

/** A raw SSH connection, to ask for what an SFTP client never would. */
function ssh(config: Partial<ssh2.ConnectConfig>): Promise<ssh2.Client> {
  return new Promise((resolve, reject) => {
    const conn = new ssh2.Client();
    conn.once('ready', () => { resolve(conn); });
    conn.once('error', reject);
    conn.once('close', () => { reject(new Error('connection closed by the server')); });
    conn.connect({ host: '127.0.0.1', port, readyTimeout: 20_000, ...config });
  });
}

const PERMISSION_DENIED = ssh2.utils.sftp.STATUS_CODE.PERMISSION_DENIED;

async function failure(p: Promise<unknown>): Promise<{ code?: unknown; message: string }> {
  try {
    await p;
  } catch (err) {
    return err as { code?: unknown; message: string };
  }
  throw new Error('expected the request to fail');
}

describe('partner isolation', () => {
  it('each partner sees only its own inbox and outbox, and cannot read or acknowledge the other\'s deliveries', async () => {
    const alpha = await client('alpha');
    const beta = await client('beta');
    try {
      await alpha.put(Buffer.from(codeco('ALPHA', 'ISO0001')), '/inbox/alpha-only.edi');
      await beta.put(Buffer.from(codeco('BETA', 'ISO0002')), '/inbox/beta-only.edi');
      const created = await gw.store.createOutbound({
        partnerId: 'alpha', format: 'json', contentType: 'application/json', payload: Buffer.from('{"for":"alpha"}'),
        deliveries: [{ destinationId: 'alpha', format: 'json', channel: 'sftp', payload: Buffer.from('{"for":"alpha"}'), contentType: 'application/json' }],
      });
      const alphaFile = (await alpha.list('/outbox')).map((f) => f.name).find((n) => n.includes(created.deliveries[0].id))!;
      expect(alphaFile).toBeDefined();

      expect((await beta.list('/inbox/.processed')).map((f) => f.name)).toEqual(['beta-only.edi']);
      expect((await alpha.list('/inbox/.processed')).map((f) => f.name)).toEqual(['alpha-only.edi']);
      expect((await beta.list('/outbox')).map((f) => f.name)).not.toContain(alphaFile);
      await expect(beta.get(`/outbox/${alphaFile}`)).rejects.toThrow(/No such file/i);
      await expect(beta.delete(`/outbox/${alphaFile}`)).rejects.toThrow(/No such file/i);
      await expect(beta.get('/inbox/.processed/alpha-only.edi')).rejects.toThrow(/No such file/i);
      expect((await gw.store.getDelivery(created.deliveries[0].id, adminViewer))?.status).toBe('pending');

      const [stored] = (await gw.store.searchMessages({ partnerId: 'beta', direction: 'inbound' }, partnerViewer('beta'))).items;
      expect(stored.partnerId).toBe('beta');
    } finally {
      await alpha.end();
      await beta.end();
    }
  });
});

describe('paths', () => {
  it('resolves .. and absolute paths inside the home, and writes nowhere but inbox/', async () => {
    const c = await client('alpha');
    try {
      expect(await c.realPath('..')).toBe('/');
      expect(await c.realPath('/inbox/../../../etc')).toBe('/etc');
      await expect(c.get('/../../../../etc/passwd')).rejects.toThrow(/No such file/i);
      await expect(c.get('/inbox/../../etc/passwd')).rejects.toThrow(/No such file/i);
      await expect(c.list('/etc')).rejects.toThrow(/No such file/i);
      for (const path of ['/../../tmp/escape.edi', '/inbox/../escape.edi', '/inbox/sub/dir.edi', 'escape.edi']) {
        expect(await failure(c.put(Buffer.from('x'), path))).toMatchObject({ code: PERMISSION_DENIED, message: expect.stringMatching(/files can only be uploaded into \/inbox/) });
      }
      expect(await failure(c.put(Buffer.from('x'), '/inbox/.processed/forged.edi'))).toMatchObject({ code: PERMISSION_DENIED });
      expect(await failure(c.put(Buffer.from('x'), '/outbox/forged.edi'))).toMatchObject({ code: PERMISSION_DENIED });
      expect(await failure(c.mkdir('/inbox/sub'))).toMatchObject({ code: PERMISSION_DENIED });
      expect(await failure(c.rmdir('/inbox/.processed'))).toMatchObject({ code: PERMISSION_DENIED });
      expect(await failure(c.rename('/inbox/.processed/x', '/inbox/x'))).toMatchObject({ code: PERMISSION_DENIED });
      // Traversal via another partner's home name leads nowhere either.
      await expect(c.get('/../beta/inbox/.processed/beta-only.edi')).rejects.toThrow(/No such file/i);
      expect(existsSync(join(gw.dir, 'tmp', 'escape.edi'))).toBe(false);
      expect(readdirSync(join(gw.config.dataDir, 'sftp', 'alpha'))).toEqual(['inbox']);
    } finally {
      await c.end();
    }
  });

  it('never follows a symbolic link, whether planted on the host or asked for by the client', async () => {
    const inbox = server.homeOf('alpha').inbox;
    const secret = join(gw.dir, 'secret.txt');
    writeFileSync(secret, 'host secret');
    symlinkSync(secret, join(inbox, 'planted.edi'));
    mkdirSync(join(inbox, 'planted-dir'));
    const c = await client('alpha');
    try {
      const names = (await c.list('/inbox')).map((f) => f.name);
      expect(names).not.toContain('planted.edi');
      expect(names).not.toContain('planted-dir');
      await expect(c.get('/inbox/planted.edi')).rejects.toThrow();
      // Writing through the link would overwrite the host file.
      await expect(c.put(Buffer.from('overwritten'), '/inbox/planted.edi')).rejects.toThrow();
      const raw = (c as unknown as { sftp: ssh2.SFTPWrapper }).sftp;
      const err = await new Promise<Error | undefined>((resolve) => { raw.symlink('/etc/passwd', '/inbox/link.edi', (e) => { resolve(e ?? undefined); }); });
      expect(err).toMatchObject({ code: PERMISSION_DENIED });
    } finally {
      await c.end();
    }
    expect((await import('node:fs')).readFileSync(secret, 'utf8')).toBe('host secret');
  });
});

describe('what else a client may ask for', () => {
  it('refuses shells, commands, other subsystems and port forwarding, and logs each refusal', async () => {
    const conn = await ssh({ username: 'alpha', password: PASSWORDS.alpha });
    try {
      // Each callback gets an error when the server refuses; none may succeed.
      const refused = (start: (cb: (err?: Error) => void) => unknown): Promise<Error | undefined> => new Promise((resolve) => {
        start((err) => {
          resolve(err);
        });
      });
      expect(await refused((cb) => conn.exec('cat /etc/passwd', cb))).toBeInstanceOf(Error);
      expect(await refused((cb) => conn.shell(false, cb))).toBeInstanceOf(Error);
      expect(await refused((cb) => conn.shell({ term: 'xterm' }, cb))).toBeInstanceOf(Error);
      expect(await refused((cb) => conn.subsys('netconf', cb))).toBeInstanceOf(Error);
      expect(await refused((cb) => conn.forwardOut('127.0.0.1', 1234, '127.0.0.1', 22, cb))).toBeInstanceOf(Error);
      expect(await refused((cb) => conn.forwardIn('127.0.0.1', 0, cb))).toBeInstanceOf(Error);
    } finally {
      conn.end();
    }
    const refusals = gw.logs.filter((l) => l['code'] === 'GW_ERR_SFTP_REFUSED').map((l) => l.msg);
    expect(refusals.some((m) => /exec refused/.test(m))).toBe(true);
    expect(refusals.some((m) => /shell refused/.test(m))).toBe(true);
    expect(refusals.some((m) => /pty refused/.test(m))).toBe(true);
    expect(refusals.some((m) => /subsystem netconf refused/.test(m))).toBe(true);
    expect(refusals.some((m) => /port forwarding refused/.test(m))).toBe(true);
    expect(refusals.some((m) => /forwarding request refused/.test(m))).toBe(true);
  });
});

describe('logins', () => {
  it('closes the connection after sftp.maxAuthAttempts failures and logs them without the password', async () => {
    const wrong = 'Tr0ub4dor&3-not-the-password';
    let prompts = 0;
    const err = await ssh({
      username: 'alpha',
      tryKeyboard: false,
      authHandler: (_methods, _partial, next) => {
        prompts++;
        // Keep offering the wrong password; a server without a limit would be asked forever.
        next(prompts > 10 ? (false as unknown as ssh2.AuthenticationType) : { type: 'password', username: 'alpha', password: wrong });
      },
    }).then((c) => {
      c.end();
      return undefined;
    }, (e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    // The server checked three passwords and closed the connection; the client never got a fourth checked.
    const failed = gw.logs.filter((l) => l['code'] === 'GW_ERR_SFTP_LOGIN_FAILED' && l['username'] === 'alpha');
    expect(failed.map((l) => l['attempt'])).toEqual([1, 2, 3]);
    expect(gw.logs.some((l) => l['code'] === 'GW_ERR_SFTP_LOGIN_BLOCKED')).toBe(true);
    expect(gw.rawLogs.join('\n')).not.toContain(wrong);
    expect(gw.rawLogs.join('\n')).not.toContain(PASSWORDS.alpha);
  });

  it('refuses a key that is not configured for the user, and a configured key offered for another user', async () => {
    await expect(ssh({ username: 'alpha', privateKey: gw.keys.stranger.privateKey })).rejects.toThrow(/authentication/i);
    await expect(ssh({ username: 'beta', privateKey: gw.keys.alpha.privateKey })).rejects.toThrow(/authentication/i);
    await expect(ssh({ username: 'nobody', password: PASSWORDS.alpha })).rejects.toThrow(/authentication/i);
  });
});

describe('an address that keeps failing', () => {
  it('is refused outright, even with the right password, until its window has passed', async () => {
    let now = Date.now();
    const own = new SftpServer({ config: gw.config, directory: gw.directory, store: gw.store, ingest: gw.ingest, logger: gw.logger }, { port: 0, now: () => now });
    const ownPort = (await own.start()).port;
    const login = (password: string) => new Promise<boolean>((resolve) => {
      const conn = new ssh2.Client();
      conn.once('ready', () => { conn.end(); resolve(true); });
      conn.once('error', () => { resolve(false); });
      conn.once('close', () => { resolve(false); });
      conn.connect({ host: '127.0.0.1', port: ownPort, username: 'beta', password, tryKeyboard: false, readyTimeout: 20_000 });
    });
    try {
      // Four connections of three wrong passwords each: 4 × sftp.maxAuthAttempts failures from 127.0.0.1.
      for (let i = 0; i < 4; i++) {
        const conn = new ssh2.Client();
        await new Promise<void>((resolve) => {
          let tries = 0;
          conn.once('ready', () => { conn.end(); resolve(); });
          conn.once('close', () => { resolve(); });
          conn.once('error', () => { resolve(); });
          conn.connect({
            host: '127.0.0.1', port: ownPort, username: 'beta', tryKeyboard: false, readyTimeout: 20_000,
            authHandler: (_m, _p, next) => { next(++tries > 5 ? (false as unknown as ssh2.AuthenticationType) : { type: 'password', username: 'beta', password: `wrong-${i}` }); },
          });
        });
      }
      expect(await login(PASSWORDS.beta)).toBe(false);
      expect(gw.logs.some((l) => l['code'] === 'GW_ERR_SFTP_LOGIN_BLOCKED' && l.msg.includes('refused: too many failed logins from this address'))).toBe(true);
      now += 15 * 60_000 + 1;
      expect(await login(PASSWORDS.beta)).toBe(true);
    } finally {
      await own.stop();
    }
  });
});

describe('demo credentials', () => {
  it('refuse to listen anywhere but loopback', async () => {
    const demo = loadConfig({ env: {} });
    expect(demo.demo).toBe(true);
    const exposed = new SftpServer({ config: demo, directory: PartnerDirectory.fromConfig(demo), store: gw.store, ingest: gw.ingest, logger: gw.logger }, { host: '0.0.0.0', port: 0, hostKeyPath: join(gw.dir, 'never-made') });
    await expect(exposed.start()).rejects.toMatchObject({ code: 'GW_ERR_CONFIG_UNSAFE_BINDING', message: expect.stringMatching(/refusing to listen on 0\.0\.0\.0/) });
    expect(existsSync(join(gw.dir, 'never-made'))).toBe(false);
  });
});

describe('size limit', () => {
  it('refuses a file past sftp.maxFileBytes: the put fails, nothing is stored, .rejected/ says why', async () => {
    const c = await client('alpha');
    try {
      const big = Buffer.from(codeco('ALPHA', 'BIG0001', 200 * 1024));
      await expect(c.put(big, '/inbox/big.edi')).rejects.toThrow(/GW_ERR_FILE_TOO_LARGE/);
      expect(await c.exists('/inbox/big.edi')).toBe(false);
      expect((await c.get('/inbox/.rejected/big.edi.errors.txt') as Buffer).toString()).toMatch(/GW_ERR_FILE_TOO_LARGE .*\n.*at most 65536 bytes/);
    } finally {
      await c.end();
    }
    const page = await gw.store.searchMessages({ partnerId: 'alpha' }, adminViewer);
    expect(page.items.some((m) => m.envelope.controlRef === 'BIG0001')).toBe(false);
  });
});
