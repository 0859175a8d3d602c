/** Small configurations for tests: a hub, partners of each kind, and helpers to load them from text. */
import { parseConfig } from '../../src/config/load.js';
import type { GatewayConfig } from '../../src/config/types.js';
import { hashApiKey } from '../../src/config/credentials.js';
import { GatewayError } from '../../src/errors/gateway-error.js';

export const SOURCE = '/virtual/edigw-test.json';

/** Plain keys of the partners below; the configuration holds only their hashes. */
export const KEYS = {
  admin: 'edigw_test_admin_0123456789abcdef',
  agent: 'edigw_test_agent_0123456789abcdef',
  line: 'edigw_test_line_0123456789abcdef',
  line2: 'edigw_test_line2_0123456789abcdef',
  terminal: 'edigw_test_terminal_0123456789abcdef',
  customs: 'edigw_test_customs_0123456789abcdef',
  fwd: 'edigw_test_fwd_0123456789abcdef',
  fwd2: 'edigw_test_fwd2_0123456789abcdef',
} as const;

type Json = Record<string, unknown>;

export function partner(id: keyof typeof KEYS, role: string, extra: Json = {}): Json {
  return { id, name: `Partner ${id}`, role, apiKeys: [{ id: 'k1', sha256: hashApiKey(KEYS[id]) }], ...extra };
}

/** A configuration object; tests change what they need and pass it to `load` or `loadError`. */
export function baseConfig(): Json & { partners: Json[]; routes: Json[] } {
  return {
    hub: { name: 'Test hub', edifactId: { id: 'HUB', qualifier: 'ZZZ' }, customsId: 'HUBCUSTOMS' },
    adminKeys: [{ id: 'ops', name: 'Operations', sha256: hashApiKey(KEYS.admin) }],
    partners: [
      partner('agent', 'shipping-agent', { edifactIds: [{ id: 'AGENT', qualifier: 'ZZZ' }], partyIds: ['AGT'], customsIds: ['3300000001'] }),
      partner('line', 'shipping-line', {
        edifactIds: [{ id: 'LINE', qualifier: 'ZZZ' }, { id: '123456789', qualifier: '5' }],
        partyIds: ['COS'],
        formats: { default: 'json', byDocument: { EquipmentInterchangeReceipt: 'CODECO:D95B' } },
        testTraffic: { accept: true },
      }),
      partner('line2', 'shipping-line', { edifactIds: [{ id: 'LINE2' }], partyIds: ['MSC'] }),
      partner('terminal', 'terminal', {
        edifactIds: [{ id: 'TERM', qualifier: 'ZZZ' }],
        partyIds: ['NBCT'],
        channels: { hook: { type: 'webhook', url: 'http://127.0.0.1:9/hook', secret: 'a-secret-of-sixteen+' }, test: { type: 'mailbox' } },
        testTraffic: { accept: true, channel: 'test' },
      }),
      partner('customs', 'customs', { customsIds: ['3100'] }),
      partner('fwd', 'forwarder', { partyIds: ['FWD1'], testTraffic: { accept: true } }),
      partner('fwd2', 'forwarder', { partyIds: ['FWD2'] }),
    ],
    routes: [],
  };
}

export function load(config: Json | string, env: Record<string, string> = {}): GatewayConfig {
  const text = typeof config === 'string' ? config : JSON.stringify(config, null, 2);
  return parseConfig(text, { source: SOURCE, env, cwd: '/virtual/cwd' });
}

export function loadError(config: Json | string, env: Record<string, string> = {}): GatewayError {
  try {
    load(config, env);
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('expected the configuration to be refused');
}
