/**
 * `bin/edigw start` exactly as `npm start` runs it (the real executable, which builds dist/ when
 * needed), with the demo configuration, SQLite in a fresh data directory and the shared Redis under a
 * queue prefix of its own; then the README's five-minute walk: the terminal posts a CODECO, the line
 * collects it from its mailbox and acknowledges it, the admin follows the container. SIGTERM stops it
 * with exit code 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/corpus.js';

const GATE_IN = [
  "UNB+UNOC:3+NBCT:ZZZ+EDIGWNGB:ZZZ+250317:1430+GI${REF}++++1'",
  "UNH+1+CODECO:D:95B:UN:ITG14'",
  "BGM+34+NBCT-GI-20250317-00412+9'",
  "TDT+20+042W+1++COS:172:20+++9783758:146:11:COSCO SHIPPING ARIES'",
  "NAD+MS+NBCT:160:ZZZ'",
  "NAD+CF+COS:160:20'",
  "NAD+FW+SINOTRANS-NB:160:ZZZ'",
  "EQD+CN+CSNU8203745+45G1:102:5++2+5'",
  "RFF+BN:6301458812'",
  "TMD+3'",
  "DTM+7:202503171400:203'",
  "LOC+11+NLRTM:139:6'",
  "MEA+AAE+G+KGM:20000'",
  "SEL+COS2290451+CA'",
  "TDT+1++3+31+NBSD:172:ZZZ+++ZJB5K218'",
  "CNT+16:1'",
  "UNT+16+1'",
  "UNZ+1+GI${REF}'",
].join('\n');

interface Answer { status: number; json: Record<string, unknown> & { [k: string]: unknown }; text: string }

describe('bin/edigw start (npm start)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edigw-start-'));
  let child: ChildProcess;
  let base = '';
  let log = '';

  async function call(method: string, path: string, key: string, body?: string, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${key}`, ...headers }, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let json: Answer['json'] = {};
    try {
      json = JSON.parse(text) as Answer['json'];
    } catch {
      // not JSON (an EDIFACT delivery)
    }
    return { status: res.status, json, text };
  }

  beforeAll(async () => {
    child = spawn(process.execPath, [join(repoRoot, 'bin', 'edigw'), 'start'], {
      cwd: repoRoot,
      env: { ...process.env, PORT: '0', SFTP_PORT: '0', HOST: '127.0.0.1', EDIGW_DATA_DIR: dir, EDIGW_QUEUE_PREFIX: `start-${process.pid}-${Date.now()}`, LOG_LEVEL: 'info', EDIGW_CONFIG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => { reject(new Error(`edigw start did not come up:\n${log}`)); }, 150_000);
      const onData = (d: Buffer): void => {
        log += d.toString();
        const m = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"edigw listening"/.exec(log);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => { reject(new Error(`edigw start exited with ${code}:\n${log}`)); });
    });
  }, 180_000);

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists start and convert among the commands', async () => {
    const help = spawn(process.execPath, [join(repoRoot, 'bin', 'edigw'), '--help'], { cwd: repoRoot });
    let out = '';
    help.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise((r) => help.once('exit', r));
    expect(out).toMatch(/^ {2}start {6}run the gateway/m);
    expect(out).toMatch(/^ {2}convert {4}convert between/m);
  });

  it('takes the README walk: a CODECO from the terminal reaches the line\'s mailbox, and the container shows it', async () => {
    expect((await call('GET', '/healthz', '')).status).toBe(200);
    const body = GATE_IN.replaceAll('${REF}', String(Date.now()).slice(-9));
    const posted = await call('POST', '/v1/messages', 'edigw_demo_nbct', body, { 'content-type': 'application/EDIFACT', prefer: 'wait' });
    expect(posted.status).toBe(200);
    expect(posted.json['status']).toBe('processed');
    const deliveries = posted.json['deliveries'] as { id: string; destinationId: string; format: string }[];
    expect(deliveries.map((d) => `${d.destinationId} ${d.format}`).sort()).toEqual(['cosco CODECO:D95B', 'ningbo-customs MT3101', 'sinotrans json']);
    expect((posted.json['acknowledgements'] as { type: string }[]).map((a) => a.type)).toEqual(['CONTRL']);

    const listed = await call('GET', '/v1/mailbox?wait=10', 'edigw_demo_cosco');
    const entry = (listed.json['entries'] as { id: string; format: string }[]).find((e) => e.id === deliveries.find((d) => d.destinationId === 'cosco')!.id)!;
    expect(entry.format).toBe('CODECO:D95B');
    const fetched = await call('GET', `/v1/mailbox/${entry.id}`, 'edigw_demo_cosco');
    expect(fetched.text).toMatch(/^UNB\+UNOC:3\+EDIGWNGB:ZZZ\+COSCO:ZZZ\+/);
    expect(fetched.text).toContain('EQD+CN+CSNU8203745+45G1:102:5++2+5');
    expect((await call('POST', `/v1/mailbox/${entry.id}/ack`, 'edigw_demo_cosco')).json).toEqual({ id: entry.id, status: 'acknowledged' });
    // Another partner's key does not see it.
    expect((await call('GET', `/v1/mailbox/${entry.id}`, 'edigw_demo_msc')).status).toBe(404);

    const timeline = await call('GET', '/v1/containers/CSNU8203745/timeline', 'edigw_demo_admin');
    expect((timeline.json['messages'] as { id: string }[]).map((m) => m.id)).toContain(posted.json['id']);
  });

  it('stops on SIGTERM with exit code 0', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => { r(code); }));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(log).not.toContain('"level":50');
  }, 60_000);
});
