/**
 * Environment variables that override the configuration file (Medplum's `loadConfig` habit): the
 * deployment decides where to listen and which services to use, the file decides who the partners
 * are. Precedence: environment, then file, then the defaults below. docs/configuration.md lists the
 * same table; a test keeps both in step.
 */
import { isAbsolute, resolve } from 'node:path';
import { GatewayError } from '../errors/gateway-error.js';
import type { LogLevel } from './types.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** The settings an environment variable can override, with the file's value or the default. */
export interface DeploymentSettings {
  host: string;
  port: number;
  sftpEnabled: boolean;
  /** Absent: the same host as the HTTP server. */
  sftpHost: string | undefined;
  sftpPort: number;
  redisUrl: string;
  queuePrefix: string;
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: LogLevel;
  bodyLimitBytes: number;
  duplicateWindowDays: number;
  workerConcurrency: number;
  /** Pipeline threads per worker process; undefined: one when the machine has a core to spare. */
  pipelineThreads: number | undefined;
  deliveryAttempts: number;
}

export const DEPLOYMENT_DEFAULTS: Readonly<DeploymentSettings> = {
  host: '127.0.0.1',
  port: 8080,
  sftpEnabled: true,
  sftpHost: undefined,
  sftpPort: 2222,
  redisUrl: 'redis://127.0.0.1:6379',
  queuePrefix: 'edigw',
  databaseUrl: undefined,
  dataDir: './data',
  logLevel: 'info',
  bodyLimitBytes: 16 * 1024 * 1024,
  duplicateWindowDays: 90,
  workerConcurrency: 8,
  pipelineThreads: undefined,
  deliveryAttempts: 8,
};

type Parser<K extends keyof DeploymentSettings> = (raw: string, name: string) => DeploymentSettings[K];

interface Override<K extends keyof DeploymentSettings> {
  readonly variable: string;
  readonly setting: K;
  readonly parse: Parser<K>;
}

function bad(name: string, raw: string, expected: string): never {
  // The value is shown unless it may hold a password (URLs with credentials).
  const shown = /:\/\/[^/]*@/.test(raw) ? '(value hidden: it holds credentials)' : JSON.stringify(raw);
  throw new GatewayError('GW_ERR_CONFIG_ENV', `environment variable ${name}=${shown} is not ${expected}`);
}

function integer(min: number, max: number): (raw: string, name: string) => number {
  return (raw, name) => {
    if (!/^\d+$/.test(raw.trim())) bad(name, raw, `a whole number from ${min} to ${max}`);
    const n = Number(raw.trim());
    if (n < min || n > max) bad(name, raw, `a whole number from ${min} to ${max}`);
    return n;
  };
}

const SIZE = /^(\d+)\s*(b|kb|k|kib|mb|m|mib|gb|g|gib)?$/i;
const UNIT: Record<string, number> = { b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };

/** Bytes, or with a unit: `512kb`, `16mb`, `1gb` (binary multiples); undefined below 1 KiB or unreadable. */
export function parseSizeValue(value: number | string): number | undefined {
  const m = typeof value === 'number' ? null : SIZE.exec(value.trim());
  const n = typeof value === 'number' ? value : m ? Number(m[1]) * UNIT[(m[2] ?? 'b').toLowerCase()] : NaN;
  return Number.isSafeInteger(n) && n >= 1024 ? n : undefined;
}

function parseSize(raw: string, name: string): number {
  return parseSizeValue(raw) ?? bad(name, raw, 'a size of at least 1024 bytes, such as 1048576, 512kb or 16mb');
}

function boolean(raw: string, name: string): boolean {
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  return bad(name, raw, 'true or false');
}

function nonEmpty(raw: string, name: string): string {
  if (raw.trim() === '') bad(name, raw, 'a non-empty value');
  return raw.trim();
}

function redisUrl(raw: string, name: string): string {
  if (!/^rediss?:\/\/./.test(raw.trim())) bad(name, raw, 'a redis:// or rediss:// URL');
  return raw.trim();
}

function databaseUrl(raw: string, name: string): string | undefined {
  if (raw.trim() === '') return undefined;
  if (!/^postgres(?:ql)?:\/\/./.test(raw.trim())) {
    bad(name, raw, 'a postgres:// URL (leave it unset for the embedded SQLite store)');
  }
  return raw.trim();
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
function logLevel(raw: string, name: string): LogLevel {
  const v = raw.trim().toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(v) ? (v as LogLevel) : bad(name, raw, `one of ${LOG_LEVELS.join(', ')}`);
}

function override<K extends keyof DeploymentSettings>(variable: string, setting: K, parse: Parser<K>): Override<K> {
  return { variable, setting, parse };
}

/** Every variable the loader reads besides EDIGW_CONFIG, in the order docs/configuration.md lists them. */
export const ENV_OVERRIDES = [
  override('HOST', 'host', nonEmpty),
  override('PORT', 'port', integer(0, 65535)),
  override('SFTP_ENABLED', 'sftpEnabled', boolean),
  override('SFTP_HOST', 'sftpHost', nonEmpty),
  override('SFTP_PORT', 'sftpPort', integer(0, 65535)),
  override('REDIS_URL', 'redisUrl', redisUrl),
  override('EDIGW_QUEUE_PREFIX', 'queuePrefix', nonEmpty),
  override('DATABASE_URL', 'databaseUrl', databaseUrl),
  override('EDIGW_DATA_DIR', 'dataDir', nonEmpty),
  override('LOG_LEVEL', 'logLevel', logLevel),
  override('EDIGW_BODY_LIMIT', 'bodyLimitBytes', parseSize),
  override('EDIGW_DUPLICATE_WINDOW_DAYS', 'duplicateWindowDays', integer(0, 3650)),
  override('EDIGW_WORKER_CONCURRENCY', 'workerConcurrency', integer(1, 1024)),
  override('EDIGW_PIPELINE_THREADS', 'pipelineThreads', integer(0, 64)),
  override('EDIGW_DELIVERY_ATTEMPTS', 'deliveryAttempts', integer(1, 100)),
] as const;

/**
 * Applies the environment over `settings` (file values already merged over the defaults). An empty
 * variable counts as unset, as shells make it easy to export one by accident.
 */
export function applyEnv(settings: DeploymentSettings, env: Env): DeploymentSettings {
  const result = { ...settings };
  for (const o of ENV_OVERRIDES) {
    const raw = env[o.variable];
    if (raw === undefined || raw === '') continue;
    // Each entry pairs a setting with its own parser; TypeScript cannot follow that through the loop.
    (result as Record<string, unknown>)[o.setting] = o.parse(raw, o.variable);
  }
  return result;
}

export function resolvePath(path: string, base: string): string {
  return isAbsolute(path) ? path : resolve(base, path);
}
