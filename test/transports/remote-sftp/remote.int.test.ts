/**
 * Remote SFTP channels against a real SFTP server on loopback: a second gateway's built-in server,
 * where our gateway logs in as that gateway's partner `alpha`. Pushes land in its `inbox/` (which
 * ingests a file only once it is renamed into place, so a half-written upload would show), polls
 * collect from its `outbox/` (where deleting acknowledges, so a premature delete would show).
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RemoteSftpChannel } from '../../../src/config/types.js';
import { NO_CODECS } from '../../../src/pipeline/codecs.js';
import { deliverOne } from '../../../src/pipeline/deliver.js';
import { Router } from '../../../src/routing/index.js';
import { adminViewer, partnerViewer, type DeliverySummary } from '../../../src/store/index.js';
import { RemoteSftpTransport } from '../../../src/transports/remote-sftp/index.js';
import { SftpServer } from '../../../src/transports/sftp/index.js';
import { isTransportError, type OutgoingDelivery } from '../../../src/transports/types.js';
import { codeco, openGateway, PASSWORDS, stamp, type TestGateway } from '../sftp/harness.js';

let remote: TestGateway;
let remoteServer: SftpServer;
let plainServer: SftpServer;
let laterServer: SftpServer | undefined;
let home: TestGateway;
let transport: RemoteSftpTransport;
let laterPort: number;
let failNextIngest = false;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => { resolve(port); });
    });
  });
}

beforeAll(async () => {
  remote = await openGateway();
  const remoteDeps = { config: remote.config, directory: remote.directory, store: remote.store, ingest: remote.ingest, logger: remote.logger };
  remoteServer = new SftpServer(remoteDeps, { port: 0 });
  plainServer = new SftpServer(remoteDeps, { port: 0, posixRename: false });
  const port = (await remoteServer.start()).port;
  const plainPort = (await plainServer.start()).port;
  const pin = remoteServer.hostKey!.fingerprint;
  laterPort = await freePort();
  const base = { type: 'remote-sftp', host: '127.0.0.1', username: 'alpha', hostKeySha256: pin, remoteDir: '/inbox' };
  home = await openGateway({
    partners: {
      beta: {
        channels: {
          sftp: { type: 'sftp-outbox' },
          partner: { ...base, port, password: PASSWORDS.alpha, pollDir: '/outbox', pollIntervalSeconds: 1 },
          plain: { ...base, port: plainPort, password: PASSWORDS.alpha },
          keyed: { ...base, port, privateKeyPath: remote.keys.alpha.privatePath },
          'wrong-pin': { ...base, port, password: PASSWORDS.alpha, hostKeySha256: `SHA256:${'A'.repeat(43)}` },
          'wrong-password': { ...base, port, password: 'not-the-password' },
          later: { ...base, port: laterPort, password: PASSWORDS.alpha },
        },
        defaultChannel: 'later',
      },
    },
  });
  transport = new RemoteSftpTransport({
    directory: home.directory,
    ingest: (input) => {
      if (failNextIngest) {
        failNextIngest = false;
        return Promise.reject(new Error('the store is unavailable'));
      }
      return home.ingest(input);
    },
    logger: home.logger,
    maxFileBytes: home.config.sftp.maxFileBytes,
  }, { timers: false });
  await transport.start();
});

afterAll(async () => {
  await transport?.stop();
  await Promise.all([remoteServer.stop(), plainServer.stop(), laterServer?.stop()]);
  await home.close();
  await remote.close();
});

/** A delivery to beta stored at home, as the deliver worker would hand it to the transport. */
async function outgoing(channelName: string, body: string): Promise<OutgoingDelivery> {
  const created = await home.store.createOutbound({
    partnerId: 'beta', format: 'json', contentType: 'application/json', payload: Buffer.from(body),
    deliveries: [{ destinationId: 'beta', format: 'json', channel: 'remote-sftp', payload: Buffer.from(body), contentType: 'application/json' }],
  });
  const d = created.deliveries[0];
  const partner = home.directory.get('beta')!;
  return {
    id: d.id, messageId: d.messageId, documentId: null, documentType: null, destination: partner, channelName,
    channel: partner.channels[channelName], format: 'json', contentType: 'application/json', payload: Buffer.from(body), test: false, attempt: 1,
  };
}

/** What the partner's side stored from alpha (us), by the file name it arrived under. */
async function arrived(): Promise<Map<string, string>> {
  const page = await remote.store.searchMessages({ partnerId: 'alpha', direction: 'inbound', limit: 500 }, adminViewer);
  const out = new Map<string, string>();
  for (const m of page.items) {
    const received = (await remote.store.timeline(m.id, adminViewer))!.find((e) => e.type === 'received');
    out.set(String(received?.data['file']), (await remote.store.getPayload(m.id, adminViewer))!.bytes.toString());
  }
  return out;
}

async function failureOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(() => { throw new Error('expected a failure'); }, (err: unknown) => err);
}

describe('push', () => {
  it('uploads under a temporary name and posix-renames into place; the partner sees only the whole file', async () => {
    const d = await outgoing('partner', '{"push":1}');
    const result = await transport.send(d);
    expect(result).toMatchObject({ outcome: 'delivered', detail: expect.stringMatching(/\/inbox\/\d{14}_json_[0-9A-Z]{26}\.json \(posix-rename\)$/) });
    expect((await arrived()).get(`${stamp(d.id)}_json_${d.id}.json`)).toBe('{"push":1}');
    expect([...(await arrived()).keys()].some((n) => n.endsWith('.part'))).toBe(false);
  });

  it('logs in with a key as well', async () => {
    const d = await outgoing('keyed', '{"push":"key"}');
    await transport.send(d);
    expect((await arrived()).get(`${stamp(d.id)}_json_${d.id}.json`)).toBe('{"push":"key"}');
  });

  it('falls back to a plain rename where posix-rename is not offered, replacing a stale file of the same name', async () => {
    const d = await outgoing('plain', '{"push":"plain"}');
    const name = `${stamp(d.id)}_json_${d.id}.json`;
    // A half-written leftover under the final name (as if an earlier attempt had died in a plain rename).
    writeFileSync(join(remoteServer.homeOf('alpha').inbox, name), '{"pu');
    const result = await transport.send(d);
    expect(result).toMatchObject({ outcome: 'delivered', detail: expect.stringMatching(/\(rename\)$/) });
    expect((await arrived()).get(name)).toBe('{"push":"plain"}');
  });

  it('refuses for good when the host key is not the pinned one, or the login is refused', async () => {
    const pin = await failureOf(transport.send(await outgoing('wrong-pin', '{}')));
    expect(isTransportError(pin)).toBe(true);
    expect(pin).toMatchObject({ transient: false, message: expect.stringMatching(/^GW_ERR_REMOTE_SFTP_HOST_KEY: the server presented SHA256:/) });
    const login = await failureOf(transport.send(await outgoing('wrong-password', '{}')));
    expect(login).toMatchObject({ transient: false, message: expect.stringMatching(/^GW_ERR_REMOTE_SFTP_LOGIN/) });
  });

  it('fails transiently while the server is down, and the queue\'s next attempt delivers', async () => {
    const d = await outgoing('later', '{"push":"later"}');
    const deps = {
      config: home.config, directory: home.directory, router: Router.fromConfig(home.config, home.directory), store: home.store,
      logger: home.logger, codecs: NO_CODECS, transports: new Map([['remote-sftp' as const, transport]]),
    };
    const first = await failureOf(deliverOne(deps, d.id, { number: 1, last: false }));
    expect(first).toMatchObject({ transient: true, message: expect.stringMatching(/^GW_ERR_REMOTE_SFTP_UNREACHABLE/) });
    let stored: DeliverySummary | null = await home.store.getDelivery(d.id, adminViewer);
    expect(stored).toMatchObject({ status: 'failed', attempts: 1 });

    laterServer = new SftpServer({ config: remote.config, directory: remote.directory, store: remote.store, ingest: remote.ingest, logger: remote.logger }, { port: laterPort });
    await laterServer.start();
    const second = await deliverOne(deps, d.id, { number: 2, last: false });
    expect(second.outcome).toBe('delivered');
    stored = await home.store.getDelivery(d.id, adminViewer);
    expect(stored).toMatchObject({ status: 'delivered', attempts: 2 });
    expect((await arrived()).get(`${stamp(d.id)}_json_${d.id}.json`)).toBe('{"push":"later"}');
  });
});

describe('poll', () => {
  async function remoteDelivery(body: string, contentType = 'application/json') {
    const created = await remote.store.createOutbound({
      partnerId: 'alpha', format: 'json', contentType, payload: Buffer.from(body),
      deliveries: [{ destinationId: 'alpha', format: 'json', channel: 'sftp', payload: Buffer.from(body), contentType }],
    });
    return created.deliveries[0];
  }
  const poll = async () => (await transport.poll({ partnerId: 'beta', holder: 'test', leaseMs: 1000 })).ingested;

  it('collects a file once two listings agree, stores it, and only then deletes it', async () => {
    const d = await remoteDelivery('{"collect":1}');
    expect(await poll()).toEqual([]);
    const [id] = await poll();
    const message = await home.store.getMessage(id, partnerViewer('beta'));
    expect(message).toMatchObject({ channel: 'remote-sftp', partnerId: 'beta' });
    expect((await home.store.getPayload(id, adminViewer))?.bytes.toString()).toBe('{"collect":1}');
    // Deleting it on the partner's side acknowledged it there.
    expect((await remote.store.getDelivery(d.id, adminViewer))?.status).toBe('acknowledged');
  });

  it('leaves the file in place when it could not be stored, and collects it at the next poll', async () => {
    const d = await remoteDelivery('{"collect":2}');
    await poll();
    failNextIngest = true;
    expect(await poll()).toEqual([]);
    expect((await remote.store.getDelivery(d.id, adminViewer))?.status).toBe('pending');
    const [id] = await poll();
    expect((await home.store.getPayload(id, adminViewer))?.bytes.toString()).toBe('{"collect":2}');
    expect((await remote.store.getDelivery(d.id, adminViewer))?.status).toBe('acknowledged');
  });

  it('never deletes a refused file; when it cannot be moved aside it stays, and is not collected again while unchanged', async () => {
    const d = await remoteDelivery(codeco('ALPHA', 'RPOLL001'), 'application/EDIFACT');
    await poll();
    expect(await poll()).toEqual([]);
    await poll();
    await poll();
    // The partner's server (another gateway) lets nobody create outbox/.rejected: the file stays.
    expect((await remote.store.getDelivery(d.id, adminViewer))?.status).toBe('pending');
    const warnings = home.logs.filter((l) => l.msg.startsWith('refused file could not be moved'));
    expect(warnings).toHaveLength(1);
    const page = await home.store.searchMessages({ partnerId: 'beta', limit: 500 }, adminViewer);
    expect(page.items.some((m) => m.envelope.controlRef === 'RPOLL001')).toBe(false);
  });
});

describe('configuration', () => {
  it('reads the channel as docs/configuration.md describes it', () => {
    const c = home.directory.get('beta')!.channels['partner'] as RemoteSftpChannel;
    expect(c).toMatchObject({ type: 'remote-sftp', remoteDir: '/inbox', pollDir: '/outbox', pollIntervalSeconds: 1 });
  });
});
