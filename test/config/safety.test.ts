import { describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/config/credentials.js';
import { DEMO_API_KEYS } from '../../src/config/demo-credentials.js';
import { loadConfig } from '../../src/config/load.js';
import { assertSafeBinding, isLoopbackHost } from '../../src/config/safety.js';
import { isGatewayError } from '../../src/errors/gateway-error.js';
import { baseConfig, load } from './fixtures.js';

const loopback = ['127.0.0.1', '127.8.9.10', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', 'localhost', 'LOCALHOST'];
const exposed = ['0.0.0.0', '::', '192.168.10.20', '10.0.0.5', 'fe80::1', 'gateway.port.example', 'localhost.example.com'];

function refusal(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    if (isGatewayError(err) && err.code === 'GW_ERR_CONFIG_UNSAFE_BINDING') return err.message;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('isLoopbackHost', () => {
  it.each(loopback)('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });
  it.each(exposed)('%s is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe('assertSafeBinding', () => {
  const demo = loadConfig({ env: {} });

  it.each(loopback)('lets the demo configuration listen on %s', (host) => {
    expect(() => { assertSafeBinding(demo, host); }).not.toThrow();
  });

  it.each(exposed)('refuses the demo configuration on %s, in one line that says why and how to fix it', (host) => {
    const message = refusal(() => { assertSafeBinding(demo, host); });
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toContain(`refusing to listen on ${host}: ${demo.source} is a demo configuration`);
    expect(message).toContain('HOST=127.0.0.1');
    expect(message).toContain('EDIGW_CONFIG');
  });

  it('refuses any configuration marked "demo": true', () => {
    const c = baseConfig();
    c['demo'] = true;
    expect(refusal(() => { assertSafeBinding(load(c), '0.0.0.0'); })).toMatch(/is a demo configuration/);
  });

  it('lets a configuration with its own keys listen anywhere', () => {
    expect(() => { assertSafeBinding(load(baseConfig()), '0.0.0.0'); }).not.toThrow();
  });

  it('refuses a configuration where one partner still uses a demo API key', () => {
    const c = baseConfig();
    (c.partners[5]['apiKeys'] as unknown[]).push({ id: 'old', sha256: hashApiKey(DEMO_API_KEYS['sinotrans']) });
    const message = refusal(() => { assertSafeBinding(load(c), '192.168.10.20'); });
    expect(message).toBe('refusing to listen on 192.168.10.20: partner "fwd" still uses a published demo API key ("old"), and published demo credentials only work on a loopback address; replace them with new ones from `edigw keys new` and `edigw keys password`, or listen on 127.0.0.1.');
    expect(() => { assertSafeBinding(load(c), '127.0.0.1'); }).not.toThrow();
  });

  it('refuses a demo admin key and a demo SFTP password copied from the demo configuration', () => {
    const c = baseConfig();
    c['adminKeys'] = [{ id: 'ops', name: 'Ops', sha256: hashApiKey(DEMO_API_KEYS['admin']) }];
    const demoNbct = demo.partners.find((p) => p.id === 'nbct')!;
    c.partners[3]['sftp'] = { username: 'term', passwordHash: demoNbct.sftp!.passwordHash };
    const message = refusal(() => { assertSafeBinding(load(c), '::'); });
    expect(message).toContain('admin key "ops" is a published demo key (and 1 more)');
  });
});
