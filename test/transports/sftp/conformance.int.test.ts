/**
 * The transport conformance suite (test/transports/conformance.ts) for the three file channels:
 * the built-in server's SFTP outbox (what alpha downloads over SFTP), local drop folders (what lies
 * in `<path>/outbox/`), and remote SFTP (what reached a second gateway's SFTP server, on its disk).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SftpClient from 'ssh2-sftp-client';
import type { Partner } from '../../../src/config/types.js';
import { DropFolderTransport } from '../../../src/transports/drop-folder/index.js';
import { deliveryIdOf } from '../../../src/transports/drop-folder/files.js';
import { RemoteSftpTransport } from '../../../src/transports/remote-sftp/index.js';
import { SftpOutboxTransport, SftpServer } from '../../../src/transports/sftp/index.js';
import type { OutgoingDelivery } from '../../../src/transports/types.js';
import { transportConformance, type ReceivedItem } from '../conformance.js';
import { openGateway, PASSWORDS, type TestGateway } from './harness.js';

/** A rendered delivery to `partnerId` on `channel`, stored as routing would store it. */
async function stored(gw: TestGateway, partnerId: string, channelName: string, storeChannel: 'sftp' | 'folder' | 'remote-sftp', payload: Buffer): Promise<OutgoingDelivery> {
  const created = await gw.store.createOutbound({
    partnerId, format: 'json', contentType: 'application/octet-stream', payload,
    deliveries: [{ destinationId: partnerId, format: 'json', channel: storeChannel, payload, contentType: 'application/octet-stream' }],
  });
  const d = created.deliveries[0];
  const partner: Partner = gw.directory.get(partnerId)!;
  return {
    id: d.id, messageId: d.messageId, documentId: null, documentType: null, destination: partner, channelName,
    channel: partner.channels[channelName], format: 'json', contentType: 'application/octet-stream', payload, test: false, attempt: 1,
  };
}

/** Files in a directory whose names carry a delivery id (`…_<id>.<ext>`, or `…_<id>.<suffix>.<ext>` for a second copy). */
function filesById(dir: string): ReceivedItem[] {
  const out: ReceivedItem[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.errors.txt')) continue;
    const id = deliveryIdOf(name) ?? /_([0-9A-Z]{26})\./.exec(name)?.[1];
    if (id !== undefined) out.push({ id, payload: readFileSync(join(dir, name)) });
  }
  return out;
}

transportConformance({
  name: 'sftp outbox (built-in server)',
  async setup() {
    const gw = await openGateway();
    const server = new SftpServer({ config: gw.config, directory: gw.directory, store: gw.store, ingest: gw.ingest, logger: gw.logger }, { port: 0 });
    const { port } = await server.start();
    return {
      transport: new SftpOutboxTransport(),
      delivery: (payload) => stored(gw, 'alpha', 'sftp', 'sftp', payload),
      async received() {
        const c = new SftpClient('conformance', { error: () => undefined, end: () => undefined, close: () => undefined });
        await c.connect({ host: '127.0.0.1', port, username: 'alpha', password: PASSWORDS.alpha });
        try {
          const out: ReceivedItem[] = [];
          for (const f of await c.list('/outbox')) out.push({ id: deliveryIdOf(f.name)!, payload: await c.get(`/outbox/${f.name}`) as Buffer });
          return out;
        } finally {
          await c.end();
        }
      },
      async teardown() {
        await server.stop();
        await gw.close();
      },
    };
  },
});

transportConformance({
  name: 'drop folder',
  async setup() {
    const base = mkdtempSync(join(tmpdir(), 'edigw-folder-conf-'));
    const path = join(base, 'alpha');
    const gw = await openGateway({ partners: { alpha: { channels: { drop: { type: 'folder', path } }, defaultChannel: 'drop' } } });
    return {
      transport: new DropFolderTransport({ directory: gw.directory, store: gw.store, ingest: gw.ingest, logger: gw.logger, maxFileBytes: 1024 * 1024 }, { timers: false }),
      delivery: (payload) => stored(gw, 'alpha', 'drop', 'folder', payload),
      received: () => Promise.resolve(filesById(join(path, 'outbox'))),
      breakDestination() {
        // The share went away and something else sits where it was mounted.
        rmSync(path, { recursive: true, force: true });
        writeFileSync(path, 'not a directory');
        return Promise.resolve();
      },
      async teardown() {
        await gw.close();
        rmSync(base, { recursive: true, force: true });
      },
    };
  },
});

transportConformance({
  name: 'remote sftp (a second gateway\'s SFTP server)',
  async setup() {
    // The partner's gateway knows our hub (EDIGWNGB, the sender of the suite's interchanges) as its partner alpha.
    const remote = await openGateway({ partners: { alpha: { edifactIds: [{ id: 'ALPHA', qualifier: 'ZZZ' }, { id: 'EDIGWNGB', qualifier: 'ZZZ' }] } } });
    const server = new SftpServer({ config: remote.config, directory: remote.directory, store: remote.store, ingest: remote.ingest, logger: remote.logger }, { port: 0 });
    const { port } = await server.start();
    const home = await openGateway({
      partners: {
        beta: {
          channels: { partner: { type: 'remote-sftp', host: '127.0.0.1', port, username: 'alpha', password: PASSWORDS.alpha, hostKeySha256: server.hostKey!.fingerprint, remoteDir: '/inbox' } },
          defaultChannel: 'partner',
        },
      },
    });
    const inbox = server.homeOf('alpha');
    mkdirSync(inbox.processed, { recursive: true });
    return {
      transport: new RemoteSftpTransport({ directory: home.directory, ingest: home.ingest, logger: home.logger, maxFileBytes: 1024 * 1024 }, { timers: false }),
      delivery: (payload) => stored(home, 'beta', 'partner', 'remote-sftp', payload),
      // Whatever the partner's gateway thought of the file, it lies on its disk under the delivery's name.
      received: () => Promise.resolve([...filesById(inbox.processed), ...filesById(inbox.rejected)]),
      breakDestination: () => server.stop(),
      async teardown() {
        await server.stop();
        await home.close();
        await remote.close();
      },
    };
  },
});
