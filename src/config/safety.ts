/**
 * Demo credentials are published, so a gateway that accepts them must not be reachable from other
 * machines. The entry point calls `assertSafeBinding` for every address it listens on (HTTP and SFTP)
 * before listening.
 */
import { BlockList, isIP } from 'node:net';
import { GatewayError } from '../errors/gateway-error.js';
import { DEMO_API_KEY_HASHES, DEMO_SFTP_PASSWORD_HASHES } from './demo-credentials.js';
import type { GatewayConfig } from './types.js';

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/**
 * True for 127.0.0.0/8, ::1 (also IPv4-mapped and bracketed) and the name `localhost`. Any other
 * name counts as not loopback, even if it resolves to one: the check must not depend on DNS.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (h === 'localhost') return true;
  const family = isIP(h);
  if (family === 0) return false;
  return loopback.check(h, family === 6 ? 'ipv6' : 'ipv4');
}

/** Why this configuration holds published credentials; empty when it holds none. */
export function demoCredentialFindings(config: GatewayConfig): string[] {
  const findings: string[] = [];
  if (config.demo) findings.push(`${config.source} is a demo configuration`);
  for (const k of config.adminKeys) {
    if (DEMO_API_KEY_HASHES.has(k.sha256)) findings.push(`admin key "${k.id}" is a published demo key`);
  }
  for (const p of config.partners) {
    for (const k of p.apiKeys) {
      if (DEMO_API_KEY_HASHES.has(k.sha256)) findings.push(`partner "${p.id}" still uses a published demo API key ("${k.id}")`);
    }
    if (p.sftp?.passwordHash !== undefined && DEMO_SFTP_PASSWORD_HASHES.has(p.sftp.passwordHash)) {
      findings.push(`partner "${p.id}" still uses a published demo SFTP password`);
    }
  }
  return findings;
}

/**
 * Throws `GW_ERR_CONFIG_UNSAFE_BINDING` with one line that says why and how to fix it when `host` is
 * not a loopback address and the configuration holds demo credentials.
 */
export function assertSafeBinding(config: GatewayConfig, host: string): void {
  if (isLoopbackHost(host)) return;
  const findings = demoCredentialFindings(config);
  if (findings.length === 0) return;
  const why = config.demo
    ? `${config.source} is a demo configuration, whose published credentials only work on a loopback address`
    : `${findings[0]}${findings.length > 1 ? ` (and ${findings.length - 1} more)` : ''}, and published demo credentials only work on a loopback address`;
  const fix = config.demo
    ? 'listen on 127.0.0.1 (HOST=127.0.0.1), or set EDIGW_CONFIG to your own configuration with new keys from `edigw keys new`'
    : 'replace them with new ones from `edigw keys new` and `edigw keys password`, or listen on 127.0.0.1';
  throw new GatewayError(
    'GW_ERR_CONFIG_UNSAFE_BINDING',
    `refusing to listen on ${host}: ${why}; ${fix}.`,
  );
}
