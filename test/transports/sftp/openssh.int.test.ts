/**
 * The built-in SFTP server against Debian's OpenSSH `sftp` in batch mode (public-key login, as
 * partners script it): upload, upload under a temporary name and rename, list, download from the
 * outbox, delete to acknowledge; a refused upload fails the batch.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminViewer, partnerViewer } from '../../../src/store/index.js';
import { SftpServer } from '../../../src/transports/sftp/index.js';
import { codeco, openGateway, stamp, type TestGateway } from './harness.js';

let gw: TestGateway;
let server: SftpServer;
let port: number;
let work: string;

beforeAll(async () => {
  gw = await openGateway();
  server = new SftpServer({ config: gw.config, directory: gw.directory, store: gw.store, ingest: gw.ingest, logger: gw.logger }, { port: 0 });
  port = (await server.start()).port;
  work = mkdtempSync(join(tmpdir(), 'edigw-openssh-'));
});

afterAll(async () => {
  await server.stop();
  await gw.close();
  rmSync(work, { recursive: true, force: true });
});

/** Runs `sftp -b <script>` as alpha with its key; resolves with exit code and output. */
function sftpBatch(script: string, extra: readonly string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  const batch = join(work, `batch-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(batch, script);
  const args = [
    '-b', batch, '-P', String(port), '-i', gw.keys.alpha.privatePath, '-F', '/dev/null',
    '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'IdentitiesOnly=yes',
    '-o', 'PreferredAuthentications=publickey', '-o', 'BatchMode=yes', ...extra, 'alpha@127.0.0.1',
  ];
  return new Promise((resolve) => {
    execFile('sftp', args, { cwd: work, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('OpenSSH sftp in batch mode', () => {
  it('uploads, renames a temporary file into place, lists, downloads from the outbox and deletes to acknowledge', async () => {
    writeFileSync(join(work, 'one.edi'), codeco('ALPHA', 'OSSH0001', 5000));
    writeFileSync(join(work, 'two.edi'), codeco('ALPHA', 'OSSH0002', 5000));
    const payload = '{"deliveryOrder":"DO-1"}';
    const created = await gw.store.createOutbound({
      partnerId: 'alpha', format: 'json', contentType: 'application/json', payload: Buffer.from(payload),
      deliveries: [{ destinationId: 'alpha', format: 'json', channel: 'sftp', payload: Buffer.from(payload), contentType: 'application/json' }],
    });
    const d = created.deliveries[0];
    const name = `${stamp(d.id)}_json_${d.id}.json`;

    const r = await sftpBatch([
      'cd inbox',
      'put one.edi one.edi',
      'put two.edi two.edi.part',
      'rename two.edi.part two.edi',
      'ls -1 .processed',
      'cd /outbox',
      'ls -1',
      `get ${name} downloaded.json`,
      `rm ${name}`,
      '',
    ].join('\n'), ['-vv']);
    expect(r.stderr).toMatch(/posix-rename@openssh\.com/);
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    expect(r.stdout).toMatch(/\.processed\/one\.edi|^one\.edi$/m);
    expect(r.stdout).toContain(name);
    expect(readFileSync(join(work, 'downloaded.json'), 'utf8')).toBe(payload);

    const stored = (await gw.store.searchMessages({ partnerId: 'alpha', direction: 'inbound' }, partnerViewer('alpha'))).items;
    expect(stored.map((m) => m.envelope.controlRef).sort()).toEqual(['OSSH0001', 'OSSH0002']);
    expect((await gw.store.getDelivery(d.id, adminViewer))?.status).toBe('acknowledged');
  });

  it('fails the batch when an upload is refused, so a partner\'s script notices', async () => {
    writeFileSync(join(work, 'wrong.edi'), codeco('BETA', 'OSSH0003'));
    const r = await sftpBatch('cd inbox\nput wrong.edi wrong.edi\n');
    expect(r.code).not.toBe(0);
    // OpenSSH prints only the status ("Failure"); the reason waits beside the file.
    expect(r.stderr).toMatch(/close remote: Failure/);
    expect(readFileSync(join(server.homeOf('alpha').rejected, 'wrong.edi.errors.txt'), 'utf8')).toMatch(/GW_ERR_SENDER_MISMATCH/);
  });

  it('refuses a key that is not configured', async () => {
    const batch = join(work, 'noop.txt');
    writeFileSync(batch, 'ls\n');
    const r = await new Promise<number>((resolve) => {
      execFile('sftp', ['-b', batch, '-P', String(port), '-i', gw.keys.stranger.privatePath, '-F', '/dev/null', '-o', 'StrictHostKeyChecking=no',
        '-o', 'UserKnownHostsFile=/dev/null', '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes', 'alpha@127.0.0.1'], { timeout: 60_000 }, (err) => {
        resolve(err ? 1 : 0);
      });
    });
    expect(r).toBe(1);
  });
});
