/**
 * Turns the file's JSON (already valid against config/edigw.schema.json) into the typed, final
 * `GatewayConfig`: defaults applied, formats parsed, paths made absolute, secrets read from the
 * variables the file names. Problems the schema cannot see (a time zone that does not exist, an SSH
 * key that does not parse, a secret variable that is not set) are reported with their JSON Pointer.
 */
import { dirname, join } from 'node:path';
import ssh2 from 'ssh2';
import type { Severity } from '../errors/issue.js';
import { ErrorCodes } from '../errors/codes.js';
import type { ErrorCode } from '../errors/codes.js';
import { isPasswordHash } from './credentials.js';
import { applyEnv, DEPLOYMENT_DEFAULTS, parseSizeValue, resolvePath } from './env.js';
import type { DeploymentSettings, Env } from './env.js';
import { escapePointerToken } from './json-positions.js';
import { parseFormat } from './types.js';
import type {
  AckSettings, AdminKey, ChannelConfig, DeliveryFormat, DocumentType, EdifactId, EdifactSettings, GatewayConfig,
  LogLevel, Partner, PartnerRole, PartyRole, RouteDestination, RouteMatch, RouteRule, SftpLogin, SyntaxIdentifier,
} from './types.js';

/** The file as the schema allows it. */
export interface RawConfig {
  demo?: boolean;
  hub: { name: string; edifactId: EdifactId; customsId: string };
  server?: { host?: string; port?: number };
  sftp?: { enabled?: boolean; host?: string; port?: number; hostKeyPath?: string; maxFileBytes?: number | string; maxAuthAttempts?: number };
  redis?: { url?: string; prefix?: string };
  dataDir?: string;
  log?: { level?: LogLevel };
  ingest?: { bodyLimit?: number | string; duplicateWindowDays?: number };
  delivery?: { attempts?: number; backoffMs?: number };
  mailbox?: { leaseSeconds?: number; maxWaitSeconds?: number };
  workers?: { concurrency?: number; pipelineThreads?: number };
  retention?: { payloadDays?: number };
  adminKeys?: AdminKey[];
  partners: RawPartner[];
  routes: RawRoute[];
}

interface RawPartner {
  id: string;
  name: string;
  role: PartnerRole;
  edifactIds?: EdifactId[];
  customsIds?: string[];
  partyIds?: string[];
  apiKeys?: { id: string; sha256: string }[];
  sftp?: { username: string; passwordHash?: string; publicKeys?: string[] };
  formats?: { default?: string; byDocument?: Partial<Record<DocumentType, string>>; inbound?: string[] };
  edifact?: { syntaxIdentifier?: SyntaxIdentifier; syntaxVersion?: 1 | 2 | 3 | 4; charset?: 'GB18030'; una?: boolean };
  channels?: Record<string, RawChannel>;
  defaultChannel?: string;
  validation?: { profile?: string; severity?: Record<string, Severity> };
  timeZone?: string;
  acks?: Partial<AckSettings>;
  testTraffic?: { accept?: boolean; channel?: string };
}

type RawChannel =
  | { type: 'mailbox' }
  | { type: 'webhook'; url: string; secret?: string; secretEnv?: string }
  | { type: 'sftp-outbox' }
  | {
      type: 'remote-sftp'; host: string; port?: number; username: string; password?: string; passwordEnv?: string;
      privateKeyPath?: string; hostKeySha256?: string; remoteDir: string; pollDir?: string; pollIntervalSeconds?: number;
    }
  | { type: 'folder'; path: string; pollIntervalSeconds?: number };

interface RawRoute {
  id: string;
  description?: string;
  match: RouteMatch;
  destinations: { partner?: string; party?: PartyRole; recipient?: true; format?: string; channel?: string }[];
}

export interface BuildContext {
  readonly source: string;
  readonly env: Env;
  readonly cwd: string;
  readonly demo: boolean;
  report(code: ErrorCode, pointer: string, text: string): void;
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export function buildConfig(raw: RawConfig, ctx: BuildContext): GatewayConfig {
  const configDir = dirname(ctx.source);
  const size = (value: number | string | undefined, pointer: string): number | undefined => {
    if (value === undefined) return undefined;
    const n = parseSizeValue(value);
    if (n === undefined) ctx.report('GW_ERR_CONFIG_VALUE', pointer, 'is not a size of at least 1024 bytes, such as 1048576, 512kb or 16mb');
    return n;
  };
  const fileSettings: DeploymentSettings = {
    ...DEPLOYMENT_DEFAULTS,
    ...defined({
      host: raw.server?.host,
      port: raw.server?.port,
      sftpEnabled: raw.sftp?.enabled,
      sftpHost: raw.sftp?.host,
      sftpPort: raw.sftp?.port,
      redisUrl: raw.redis?.url,
      queuePrefix: raw.redis?.prefix,
      dataDir: raw.dataDir,
      logLevel: raw.log?.level,
      bodyLimitBytes: size(raw.ingest?.bodyLimit, '/ingest/bodyLimit'),
      duplicateWindowDays: raw.ingest?.duplicateWindowDays,
      workerConcurrency: raw.workers?.concurrency,
      pipelineThreads: raw.workers?.pipelineThreads,
      deliveryAttempts: raw.delivery?.attempts,
    }),
  };
  const s = applyEnv(fileSettings, ctx.env);
  const dataDir = resolvePath(s.dataDir, ctx.cwd);
  return {
    source: ctx.source,
    demo: ctx.demo,
    hub: { name: raw.hub.name, edifactId: { ...raw.hub.edifactId }, customsId: raw.hub.customsId },
    server: { host: s.host, port: s.port },
    sftp: {
      enabled: s.sftpEnabled,
      host: s.sftpHost ?? s.host,
      port: s.sftpPort,
      hostKeyPath: raw.sftp?.hostKeyPath ? resolvePath(raw.sftp.hostKeyPath, configDir) : join(dataDir, 'ssh_host_ed25519_key'),
      maxFileBytes: size(raw.sftp?.maxFileBytes, '/sftp/maxFileBytes') ?? s.bodyLimitBytes,
      maxAuthAttempts: raw.sftp?.maxAuthAttempts ?? 5,
    },
    redis: { url: s.redisUrl, prefix: s.queuePrefix },
    store: s.databaseUrl ? { kind: 'postgres', url: s.databaseUrl } : { kind: 'sqlite', path: join(dataDir, 'edigw.sqlite') },
    dataDir,
    log: { level: s.logLevel },
    ingest: { bodyLimitBytes: s.bodyLimitBytes, duplicateWindowDays: s.duplicateWindowDays },
    delivery: { attempts: s.deliveryAttempts, backoffMs: raw.delivery?.backoffMs ?? 2000 },
    mailbox: { leaseSeconds: raw.mailbox?.leaseSeconds ?? 60, maxWaitSeconds: raw.mailbox?.maxWaitSeconds ?? 30 },
    workers: { concurrency: s.workerConcurrency, pipelineThreads: s.pipelineThreads ?? null },
    retention: { payloadDays: raw.retention?.payloadDays ?? null },
    adminKeys: (raw.adminKeys ?? []).map((k) => ({ id: k.id, name: k.name, sha256: k.sha256 })),
    partners: raw.partners.map((p, i) => buildPartner(p, `/partners/${i}`, configDir, ctx)),
    routes: raw.routes.map((r, i) => buildRoute(r, `/routes/${i}`, ctx)),
  };
}

function buildPartner(p: RawPartner, at: string, configDir: string, ctx: BuildContext): Partner {
  const timeZone = p.timeZone ?? DEFAULT_TIME_ZONE;
  if (!isTimeZone(timeZone)) ctx.report('GW_ERR_CONFIG_VALUE', `${at}/timeZone`, `"${timeZone}" is not an IANA time zone name (for example Asia/Shanghai)`);

  const channels: Record<string, ChannelConfig> = { mailbox: { type: 'mailbox' } };
  for (const [name, c] of Object.entries(p.channels ?? {})) {
    channels[name] = buildChannel(c, `${at}/channels/${escapePointerToken(name)}`, configDir, ctx);
  }

  const severity: Record<string, Severity> = {};
  for (const [code, level] of Object.entries(p.validation?.severity ?? {})) {
    if (!(code in ErrorCodes)) ctx.report('GW_ERR_CONFIG_REFERENCE', `${at}/validation/severity/${code}`, `${code} is not a code in the error catalogue (docs/errors.md)`);
    severity[code] = level;
  }

  const edifact: EdifactSettings = {
    syntaxIdentifier: p.edifact?.syntaxIdentifier ?? 'UNOC',
    syntaxVersion: p.edifact?.syntaxVersion ?? 3,
    una: p.edifact?.una ?? true,
    ...(p.edifact?.charset ? { charset: p.edifact.charset } : {}),
  };

  const byDocument: Partial<Record<DocumentType, DeliveryFormat>> = {};
  for (const [doc, f] of Object.entries(p.formats?.byDocument ?? {}) as [DocumentType, string][]) byDocument[doc] = format(f);
  const inbound = p.formats?.inbound?.map(format);

  const acks: AckSettings = {
    contrl: p.acks?.contrl ?? 'on-request',
    aperak: p.acks?.aperak ?? 'on-error',
    requestContrl: p.acks?.requestContrl ?? false,
    ...(p.acks?.deadlineMinutes !== undefined ? { deadlineMinutes: p.acks.deadlineMinutes } : {}),
  };

  return {
    id: p.id,
    name: p.name,
    role: p.role,
    edifactIds: (p.edifactIds ?? []).map((e) => ({ ...e })),
    customsIds: [...(p.customsIds ?? [])],
    partyIds: [...(p.partyIds ?? [])],
    apiKeys: (p.apiKeys ?? []).map((k) => ({ id: k.id, sha256: k.sha256 })),
    ...(p.sftp ? { sftp: buildSftp(p.sftp, `${at}/sftp`, ctx) } : {}),
    formats: { default: format(p.formats?.default ?? 'json'), byDocument, ...(inbound ? { inbound } : {}) },
    edifact,
    channels,
    defaultChannel: p.defaultChannel ?? 'mailbox',
    validation: { severity, ...(p.validation?.profile ? { profile: p.validation.profile } : {}) },
    timeZone,
    acks,
    testTraffic: { accept: p.testTraffic?.accept ?? false, ...(p.testTraffic?.channel ? { channel: p.testTraffic.channel } : {}) },
  };
}

function buildSftp(raw: NonNullable<RawPartner['sftp']>, at: string, ctx: BuildContext): SftpLogin {
  if (raw.passwordHash !== undefined && !isPasswordHash(raw.passwordHash)) {
    ctx.report('GW_ERR_CONFIG_VALUE', `${at}/passwordHash`, 'is not an scrypt hash of the form $scrypt$ln=15,r=8,p=1$<salt>$<hash> with ln from 10 to 20 (edigw keys password prints one)');
  }
  const publicKeys = raw.publicKeys ?? [];
  publicKeys.forEach((line, j) => {
    const parsed = ssh2.utils.parseKey(line);
    if (parsed instanceof Error || parsed.isPrivateKey()) {
      ctx.report('GW_ERR_CONFIG_VALUE', `${at}/publicKeys/${j}`, 'is not an OpenSSH public key line (such as the contents of id_ed25519.pub)');
    }
  });
  if (raw.passwordHash === undefined && publicKeys.length === 0) {
    ctx.report('GW_ERR_CONFIG_VALUE', at, 'an SFTP login needs a passwordHash, publicKeys, or both');
  }
  return { username: raw.username, publicKeys: [...publicKeys], ...(raw.passwordHash !== undefined ? { passwordHash: raw.passwordHash } : {}) };
}

function buildChannel(c: RawChannel, at: string, configDir: string, ctx: BuildContext): ChannelConfig {
  switch (c.type) {
    case 'mailbox':
    case 'sftp-outbox':
      return { type: c.type };
    case 'folder':
      return { type: 'folder', path: resolvePath(c.path, configDir), pollIntervalSeconds: c.pollIntervalSeconds ?? 5 };
    case 'webhook': {
      if (c.secret === undefined && c.secretEnv === undefined) {
        ctx.report('GW_ERR_CONFIG_VALUE', at, 'a webhook needs one of "secret" and "secretEnv" (the HMAC-SHA256 signing secret)');
      }
      const secret = secretFrom(c.secret, c.secretEnv, at, 'secret', ctx);
      if (secret !== undefined && secret.length < 16) {
        ctx.report('GW_ERR_CONFIG_VALUE', `${at}/${c.secretEnv !== undefined ? 'secretEnv' : 'secret'}`, 'the webhook secret is shorter than 16 characters');
      }
      if (!URL.canParse(c.url)) ctx.report('GW_ERR_CONFIG_VALUE', `${at}/url`, 'is not a valid URL');
      return { type: 'webhook', url: c.url, secret: secret ?? '' };
    }
    case 'remote-sftp': {
      const ways = [c.password, c.passwordEnv, c.privateKeyPath].filter((v) => v !== undefined).length;
      if (ways !== 1) ctx.report('GW_ERR_CONFIG_VALUE', at, 'a remote SFTP channel needs exactly one of "password", "passwordEnv" and "privateKeyPath"');
      const password = ways === 1 ? secretFrom(c.password, c.passwordEnv, at, 'password', ctx) : undefined;
      return {
        type: 'remote-sftp',
        host: c.host,
        port: c.port ?? 22,
        username: c.username,
        remoteDir: c.remoteDir,
        pollIntervalSeconds: c.pollIntervalSeconds ?? 60,
        ...(password !== undefined ? { password } : {}),
        ...(c.privateKeyPath !== undefined ? { privateKeyPath: resolvePath(c.privateKeyPath, configDir) } : {}),
        ...(c.hostKeySha256 !== undefined ? { hostKeySha256: c.hostKeySha256 } : {}),
        ...(c.pollDir !== undefined ? { pollDir: c.pollDir } : {}),
      };
    }
  }
}

/** A secret given inline or by the name of the environment variable that holds it. */
function secretFrom(inline: string | undefined, envName: string | undefined, at: string, what: string, ctx: BuildContext): string | undefined {
  if (envName === undefined) return inline;
  if (inline !== undefined) {
    ctx.report('GW_ERR_CONFIG_VALUE', at, `give the ${what} inline or with ${what}Env, not both`);
    return inline;
  }
  const value = ctx.env[envName];
  if (value === undefined || value === '') {
    ctx.report('GW_ERR_CONFIG_VALUE', `${at}/${what}Env`, `environment variable ${envName} is not set`);
    return undefined;
  }
  return value;
}

function buildRoute(r: RawRoute, at: string, ctx: BuildContext): RouteRule {
  const destinations = r.destinations.map((d, j): RouteDestination => {
    const targets = [d.partner !== undefined, d.party !== undefined, d.recipient === true].filter(Boolean).length;
    if (targets !== 1) {
      ctx.report('GW_ERR_CONFIG_SCHEMA', `${at}/destinations/${j}`, 'a destination needs exactly one of "partner", "party" and "recipient"');
    }
    const target: RouteDestination['target'] = d.partner !== undefined
      ? { kind: 'partner', partnerId: d.partner }
      : d.party !== undefined ? { kind: 'party', role: d.party } : { kind: 'recipient' };
    return {
      target,
      ...(d.format !== undefined ? { format: format(d.format) } : {}),
      ...(d.channel !== undefined ? { channel: d.channel } : {}),
    };
  });
  return { id: r.id, match: r.match, destinations, ...(r.description !== undefined ? { description: r.description } : {}) };
}

function format(text: string): DeliveryFormat {
  // The schema's pattern is the same grammar, so this only fails if the two drift apart.
  const f = parseFormat(text);
  if (!f) throw new Error(`format "${text}" passed the schema but not parseFormat`);
  return f;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Drops undefined members, so spreading the result keeps the defaults underneath. */
function defined<T extends object>(o: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<{ [K in keyof T]: Exclude<T[K], undefined> }>;
}
