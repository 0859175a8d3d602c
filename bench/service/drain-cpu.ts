/**
 * CPU per message of the workers, apart from HTTP: stores N one-CODECO-with-20-containers
 * interchanges through an API process (as the service benchmark's end-to-end run, routed to one
 * forwarder's mailbox as JSON, no CONTRL), stops it, then starts one worker process and reads how
 * much CPU that process (its pipeline threads included) and the Redis server spent until the last
 * delivery was in the mailbox. CPU time per message moves far less than messages per second when
 * the machine is shared, so it shows what a change to the worker path saved.
 *
 *   node --import tsx bench/service/drain-cpu.ts [N=3000] ["node flags for the worker, e.g. --cpu-prof --cpu-prof-dir=/tmp/prof"]
 *
 * Needs the compiled build (npm run build) and Redis at REDIS_URL.
 */
import { execSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import BetterSqlite3 from 'better-sqlite3';
import { benchRoot, repoRoot } from '../lib.js';
import { codeco } from '../../test/service/messages.js';

const REDIS = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const count = Number(process.argv[2] ?? 3000);
const nodeFlags = (process.argv[3] ?? '').split(' ').filter((f) => f !== '');

interface Started { readonly pid: number; readonly port: number; stop(): Promise<void> }

function start(role: string, env: Record<string, string>, flags: readonly string[] = []): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, '--import', 'tsx', join(benchRoot, 'service', 'gateway.ts'), role], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready (\d+)/.exec(out);
      if (m) resolve({ pid: child.pid!, port: Number(m[1]), stop: () => new Promise<void>((r) => { child.once('exit', () => { r(); }); child.kill('SIGTERM'); }) });
    });
    child.once('exit', (code) => { reject(new Error(`gateway ${role} exited ${code}`)); });
  });
}

/** User + system CPU seconds of a process so far (/proc, clock ticks of 10 ms). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const dir = mkdtempSync(join(tmpdir(), 'edigw-drain-'));
const config = JSON.parse(readFileSync(join(repoRoot, 'config', 'demo.json'), 'utf8')) as { partners: { id: string; acks?: unknown }[]; routes: unknown[]; $schema?: string };
delete config.$schema;
config.partners.find((p) => p.id === 'nbct')!.acks = { contrl: 'on-request', aperak: 'never' };
config.routes = [{ id: 'bench', match: { documentType: ['EquipmentInterchangeReceipt'], sender: ['nbct'] }, destinations: [{ partner: 'sinotrans', format: 'json', channel: 'mailbox' }] }];
writeFileSync(join(dir, 'bench.json'), JSON.stringify(config));
const env = {
  HOST: '127.0.0.1', PORT: '0', REDIS_URL: REDIS, EDIGW_QUEUE_PREFIX: `drain${Date.now().toString(36)}`, EDIGW_DATA_DIR: dir,
  LOG_LEVEL: 'warn', SFTP_ENABLED: 'false', EDIGW_WORKER_CONCURRENCY: '16', EDIGW_CONFIG: join(dir, 'bench.json'),
};
const template = codeco({ controlRef: '%REF%', containers: 20, sender: 'NBCT', forwarder: 'SINOTRANS-NB' });
let n = (Date.now() % 1_000_000) * 1000;

const api = await start('api', env);
await autocannon({
  url: `http://127.0.0.1:${api.port}`, connections: 50, amount: count,
  requests: [{ method: 'POST', path: '/v1/messages', headers: { authorization: 'Bearer edigw_demo_nbct', 'content-type': 'application/EDIFACT' }, setupRequest: (req) => ({ ...req, body: template.replaceAll('%REF%', String(++n)) }) }],
});
await api.stop();

const redisPid = Number(execSync('pgrep -x redis-server').toString().trim().split('\n')[0]);
const redis0 = cpuSeconds(redisPid);
const worker = await start('worker', env, nodeFlags);
const worker0 = cpuSeconds(worker.pid);
const t0 = Date.now();
const db = new BetterSqlite3(join(dir, 'edigw.sqlite'), { readonly: true });
const delivered = db.prepare('SELECT count(*) AS c FROM deliveries WHERE size IS NOT NULL');
while ((delivered.get() as { c: number }).c < count) await new Promise((r) => setTimeout(r, 100));
const seconds = (Date.now() - t0) / 1000;
const workerMs = ((cpuSeconds(worker.pid) - worker0) * 1000) / count;
const redisMs = ((cpuSeconds(redisPid) - redis0) * 1000) / count;
db.close();
await worker.stop();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`${count} messages drained in ${seconds.toFixed(2)} s (${(count / seconds).toFixed(0)}/s): worker process ${workerMs.toFixed(3)} ms CPU per message, redis-server ${redisMs.toFixed(3)} ms (redis counts every client on it)\n`);
