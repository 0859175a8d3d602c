/**
 * The file doors plugged into the whole gateway (startGateway with the fileDoors extension, real
 * Redis of the test's own, BullMQ workers, the mapping engine): a CODECO uploaded over SFTP goes
 * exactly the way of an HTTP POST, its CONTRL comes back into the sender's SFTP outbox, and the
 * gate-in routed to a partner on the SFTP channel appears in that partner's outbox.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SftpClient from 'ssh2-sftp-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { createLogger } from '../../../src/observability/logger.js';
import { startGateway, type RunningGateway } from '../../../src/server.js';
import { adminViewer } from '../../../src/store/index.js';
import { fileDoors, type FileDoors } from '../../../src/transports/sftp/extension.js';
import { eventually, RedisServer, repoRoot } from '../../service/harness.js';
import { PASSWORDS, writeGatewayConfig } from './harness.js';

let redis: RedisServer;
let gateway: RunningGateway;
let doors: FileDoors;
let dir: string;

const fixture = readFileSync(join(repoRoot, 'fixtures', 'edifact', 'codeco-d95b-ningbo-gate-in.edi'), 'utf8');
/** The fixture gate-in as ALPHA sends it to the hub. */
const gateIn = fixture.replace('+NBCT:ZZZ+COSCO:ZZZ+', '+ALPHA:ZZZ+HUB:ZZZ+');

beforeAll(async () => {
  redis = await RedisServer.start();
  dir = mkdtempSync(join(tmpdir(), 'edigw-doors-'));
  const { path } = writeGatewayConfig(dir, {
    settings: { server: { host: '127.0.0.1', port: 0 }, redis: { url: redis.url, prefix: 'doors' } },
    // The fixture uses terminal codes D95B does not list (DTM 798, LOC 165), as NBCT's profile allows.
    partners: { alpha: { validation: { severity: { GW_ERR_CODE_VALUE_INVALID: 'warning' } } } },
    routes: [{ id: 'eir-to-beta', match: { documentType: ['EquipmentInterchangeReceipt'] }, destinations: [{ partner: 'beta', format: 'json', channel: 'sftp' }] }],
  });
  const config = loadConfig({ path, env: {} });
  doors = fileDoors({ sftp: { port: 0 } });
  gateway = await startGateway({ config, logger: createLogger({ level: 'warn' }), extensions: [doors], sweepIntervalMs: 1000 });
});

afterAll(async () => {
  await gateway?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function client(user: 'alpha' | 'beta'): Promise<SftpClient> {
  const c = new SftpClient();
  await c.connect({ host: '127.0.0.1', port: doors.sftp!.address().port, username: user, password: PASSWORDS[user] });
  return c;
}

describe('SFTP through the whole gateway', () => {
  it('a gate-in uploaded over SFTP is processed like an HTTP POST: CONTRL in the sender\'s outbox, the EIR in the receiver\'s', async () => {
    const alpha = await client('alpha');
    const beta = await client('beta');
    try {
      await alpha.put(Buffer.from(gateIn), '/inbox/gate-in.edi');
      const page = await gateway.store.searchMessages({ partnerId: 'alpha', direction: 'inbound' }, adminViewer);
      const message = page.items.find((m) => m.envelope.controlRef === 'GI250317001')!;
      expect(message.channel).toBe('sftp');

      const processed = await eventually(async () => {
        const m = await gateway.store.getMessage(message.id, adminViewer);
        return m && m.status !== 'received' && m.status !== 'processing' ? m : undefined;
      }, 'the pipeline to finish the message');
      expect(processed.status, JSON.stringify(processed.findings)).toBe('processed');

      const contrl = await eventually(async () => (await alpha.list('/outbox')).find((f) => /_CONTRL_[0-9A-Z]{26}\.edi$/.test(f.name)), 'the CONTRL in alpha\'s outbox');
      const text = (await alpha.get(`/outbox/${contrl.name}`) as Buffer).toString();
      expect(text).toMatch(/UCI\+GI250317001\+ALPHA:ZZZ\+HUB:ZZZ\+7/);
      await alpha.delete(`/outbox/${contrl.name}`);

      const eir = await eventually(async () => (await beta.list('/outbox')).find((f) => /_EquipmentInterchangeReceipt_[0-9A-Z]{26}\.json$/.test(f.name)), 'the EIR in beta\'s outbox');
      const doc = JSON.parse((await beta.get(`/outbox/${eir.name}`) as Buffer).toString()) as Record<string, unknown>;
      expect(JSON.stringify(doc)).toContain('CSNU8203745');
      await beta.delete(`/outbox/${eir.name}`);
      expect((await beta.list('/outbox')).map((f) => f.name)).not.toContain(eir.name);
      expect(await alpha.exists('/inbox/.processed/gate-in.edi')).toBe('-');
    } finally {
      await alpha.end();
      await beta.end();
    }
  });

  it('a file the pipeline rejects ends up in .rejected/ with its findings, and the CONTRL says why', async () => {
    const alpha = await client('alpha');
    try {
      const broken = gateIn.replace('GI250317001', 'GI250317999').replace("UNT+52+1'", "UNT+51+1'");
      await alpha.put(Buffer.from(broken), '/inbox/broken.edi');
      const errors = await eventually(async () => (await alpha.exists('/inbox/.rejected/broken.edi.errors.txt')) ? (await alpha.get('/inbox/.rejected/broken.edi.errors.txt') as Buffer).toString() : undefined, 'the file to move to .rejected/');
      expect(errors).toMatch(/^error GW_ERR_\w+ at segment \d+ \(UNT\)/m);
      const contrl = await eventually(async () => {
        for (const f of await alpha.list('/outbox')) {
          const t = (await alpha.get(`/outbox/${f.name}`) as Buffer).toString();
          if (t.includes('UCI+GI250317999')) return t;
        }
        return undefined;
      }, 'the CONTRL of the broken interchange');
      expect(contrl).toMatch(/UCI\+GI250317999\+ALPHA:ZZZ\+HUB:ZZZ\+4/);
    } finally {
      await alpha.end();
    }
  });
});
