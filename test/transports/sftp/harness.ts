/**
 * A small gateway for the file-door tests: a temporary directory, the real SQLite store, a
 * configuration with two SFTP partners (alpha: password and key; beta: password), the gateway's own
 * ingest (the HTTP POST path) and, on request, the real pipeline. Log lines are kept for assertions.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../../../src/config/credentials.js';
import { loadConfig } from '../../../src/config/load.js';
import type { GatewayConfig } from '../../../src/config/types.js';
import { createLogger, type Logger } from '../../../src/observability/logger.js';
import { NO_CODECS } from '../../../src/pipeline/codecs.js';
import { processMessage, type ProcessResult } from '../../../src/pipeline/process.js';
import { PartnerDirectory, Router } from '../../../src/routing/index.js';
import { idTime, openStore, type Store } from '../../../src/store/index.js';
import { gatewayFileIngest, type FileIngest } from '../../../src/transports/drop-folder/ingest.js';

export const PASSWORDS = { alpha: 'alpha-secret-pw-1', beta: 'beta-secret-pw-2' } as const;

let hashes: { alpha: string; beta: string } | undefined;
function passwordHashes(): { alpha: string; beta: string } {
  hashes ??= { alpha: hashPassword(PASSWORDS.alpha), beta: hashPassword(PASSWORDS.beta) };
  return hashes;
}

/** An ed25519 key pair made by ssh-keygen, as OpenSSH users have them. */
export interface KeyPair {
  readonly privatePath: string;
  readonly privateKey: Buffer;
  readonly publicLine: string;
}

export function sshKeygen(dir: string, name: string): KeyPair {
  const path = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', path]);
  return { privatePath: path, privateKey: readFileSync(path), publicLine: readFileSync(`${path}.pub`, 'utf8').trim() };
}

export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}

export interface TestGateway {
  readonly dir: string;
  readonly config: GatewayConfig;
  readonly directory: PartnerDirectory;
  readonly store: Store;
  readonly logger: Logger;
  readonly logs: LogLine[];
  /** Every raw log line, to check that no secret was ever written. */
  readonly rawLogs: string[];
  readonly ingest: FileIngest;
  readonly enqueued: string[];
  readonly keys: { readonly alpha: KeyPair; readonly stranger: KeyPair };
  /** Runs the real pipeline on a stored message (what the ingest worker does). */
  process(id: string): Promise<ProcessResult | null>;
  close(): Promise<void>;
}

export interface GatewayOptions {
  readonly maxFileBytes?: number;
  readonly maxAuthAttempts?: number;
  /** Extra properties per partner (channels, defaultChannel, …). */
  readonly partners?: Partial<Record<'alpha' | 'beta', Record<string, unknown>>>;
  /** More partners, as configuration objects. */
  readonly extraPartners?: readonly Record<string, unknown>[];
  /** Reuse this directory (a restarted gateway); default: a new temporary one. */
  readonly dir?: string;
  readonly routes?: readonly Record<string, unknown>[];
  /** More top-level settings (server, redis, …). */
  readonly settings?: Record<string, unknown>;
}

/**
 * Writes the test configuration to `<dir>/edigw.json` (so a child process can load the very same
 * one) and returns its path; keys are made on first use and kept in `<dir>/keys`.
 */
export function writeGatewayConfig(dir: string, options: GatewayOptions = {}): { path: string; keys: TestGateway['keys'] } {
  const keyDir = join(dir, 'keys');
  mkdirSync(keyDir, { recursive: true });
  const keys = { alpha: existingOrNew(keyDir, 'alpha'), stranger: existingOrNew(keyDir, 'stranger') };
  const h = passwordHashes();
  const json = {
    hub: { name: 'Test hub', edifactId: { id: 'HUB', qualifier: 'ZZZ' }, customsId: 'HUBCUSTOMS' },
    dataDir: join(dir, 'data'),
    sftp: {
      host: '127.0.0.1',
      hostKeyPath: join(dir, 'data', 'ssh_host_ed25519_key'),
      maxFileBytes: options.maxFileBytes ?? 1024 * 1024,
      maxAuthAttempts: options.maxAuthAttempts ?? 3,
    },
    partners: [
      {
        id: 'alpha', name: 'Alpha Forwarding', role: 'forwarder',
        edifactIds: [{ id: 'ALPHA', qualifier: 'ZZZ' }], partyIds: ['ALPHA'],
        sftp: { username: 'alpha', passwordHash: h.alpha, publicKeys: [keys.alpha.publicLine] },
        channels: { sftp: { type: 'sftp-outbox' } }, defaultChannel: 'sftp',
        acks: { contrl: 'always' },
        ...options.partners?.alpha,
      },
      {
        id: 'beta', name: 'Beta Yard', role: 'yard',
        edifactIds: [{ id: 'BETA', qualifier: 'ZZZ' }], partyIds: ['BETA'],
        sftp: { username: 'beta', passwordHash: h.beta },
        channels: { sftp: { type: 'sftp-outbox' } }, defaultChannel: 'sftp',
        ...options.partners?.beta,
      },
      ...(options.extraPartners ?? []),
    ],
    routes: options.routes ?? [],
    ...options.settings,
  };
  const path = join(dir, 'edigw.json');
  writeFileSync(path, JSON.stringify(json, null, 2));
  return { path, keys };
}

export async function openGateway(options: GatewayOptions = {}): Promise<TestGateway> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'edigw-sftp-'));
  const { path, keys } = writeGatewayConfig(dir, options);
  const config = loadConfig({ path, env: {}, cwd: dir });
  const directory = PartnerDirectory.fromConfig(config);
  const rawLogs: string[] = [];
  const logs: LogLine[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: { write: (s: string) => { rawLogs.push(s); logs.push(JSON.parse(s) as LogLine); } },
  });
  const store = await openStore({ dataDir: config.dataDir, logger });
  const enqueued: string[] = [];
  const ingest = gatewayFileIngest({ store, directory, logger, enqueue: (id) => enqueued.push(id), dispatch: () => undefined });
  const router = Router.fromConfig(config, directory);
  return {
    dir, config, directory, store, logger, logs, rawLogs, ingest, enqueued, keys,
    process: (id) => processMessage({ config, directory, router, store, logger, codecs: NO_CODECS }, id),
    close: async () => {
      await store.close();
      if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function existingOrNew(dir: string, name: string): KeyPair {
  try {
    const privateKey = readFileSync(join(dir, name));
    return { privatePath: join(dir, name), privateKey, publicLine: readFileSync(join(dir, `${name}.pub`), 'utf8').trim() };
  } catch {
    return sshKeygen(dir, name);
  }
}

/**
 * A CODECO interchange from `sender` (ALPHA or BETA) with a distinct control reference, padded
 * with equipment groups to about `bytes`.
 */
export function codeco(sender: string, ref: string, bytes = 1000, options: { ack?: boolean } = {}): string {
  const segs = [
    `UNB+UNOC:3+${sender}:ZZZ+HUB:ZZZ+250317:1426+${ref}${options.ack ? '++++1' : ''}`,
    'UNH+1+CODECO:D:95B:UN',
    `BGM+34+${ref}+9`,
    'NAD+CF+COS:172:20',
  ];
  let n = 0;
  let length = segs.join("'\n").length;
  while (length < bytes - 120) {
    const serial = String(100000 + n++).padStart(6, '0');
    const group = [`EQD+CN+COSU${serial}0+45G1:102:5++2+5`, 'DTM+7:202503171405:203', 'LOC+165+CNNGB:139:6'];
    segs.push(...group);
    length += group.join("'\n").length + 2;
  }
  segs.push(`CNT+16:${n}`);
  segs.push(`UNT+${segs.length}+1`, `UNZ+1+${ref}`);
  return `${segs.join("'\n")}'\n`;
}

/** `YYYYMMDDHHMMSS` (UTC) of the time a store id was made: the first part of an outbox file name. */
export function stamp(id: string): string {
  const d = new Date(idTime(id));
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`;
}
