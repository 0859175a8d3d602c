import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEMO_CONFIG_PATH, loadConfig } from '../../src/config/load.js';
import { baseConfig, load, loadError, partner, SOURCE } from './fixtures.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

describe('the demo configuration', () => {
  const config = loadConfig({ env: {}, cwd: '/srv/edigw' });

  it('is what loadConfig reads by default, and validates', () => {
    expect(config.source).toBe(DEMO_CONFIG_PATH);
    expect(config.demo).toBe(true);
  });

  it('describes a port community: agent, two lines, terminal, yard, customs, two forwarders', () => {
    const roles = config.partners.map((p) => p.role).sort();
    expect(roles).toEqual(['customs', 'forwarder', 'forwarder', 'shipping-agent', 'shipping-line', 'shipping-line', 'terminal', 'yard']);
    expect(config.partners.find((p) => p.role === 'customs')?.testTraffic.accept).toBe(false);
  });

  it('delivers only to mailboxes and SFTP outboxes, never to remote hosts', () => {
    for (const p of config.partners) {
      for (const c of Object.values(p.channels)) expect(['mailbox', 'sftp-outbox']).toContain(c.type);
    }
  });

  it('uses the documented defaults when the environment sets nothing', () => {
    expect(config.server).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(config.sftp).toMatchObject({ enabled: true, host: '127.0.0.1', port: 2222, hostKeyPath: '/srv/edigw/data/ssh_host_ed25519_key' });
    expect(config.redis).toEqual({ url: 'redis://127.0.0.1:6379', prefix: 'edigw' });
    expect(config.store).toEqual({ kind: 'sqlite', path: '/srv/edigw/data/edigw.sqlite' });
    expect(config.ingest).toEqual({ bodyLimitBytes: 16 * 1024 * 1024, duplicateWindowDays: 90 });
    expect(config.log.level).toBe('info');
    expect(config.partners.every((p) => p.timeZone === 'Asia/Shanghai')).toBe(true);
  });
});

describe('loadConfig', () => {
  it('reads the file EDIGW_CONFIG names, relative to the working directory', () => {
    const config = loadConfig({ env: { EDIGW_CONFIG: 'config/demo.json' }, cwd: repoRoot });
    expect(config.source).toBe(DEMO_CONFIG_PATH);
  });

  it('says which file it cannot read and that EDIGW_CONFIG named it', () => {
    let err: unknown;
    try {
      loadConfig({ env: { EDIGW_CONFIG: 'no/such.json' }, cwd: '/nonexistent-dir' });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'GW_ERR_CONFIG_UNREADABLE' });
    expect((err as Error).message).toBe('cannot read the configuration /nonexistent-dir/no/such.json (set by EDIGW_CONFIG): no such file');
  });
});

describe('schema findings name the JSON path and the line and column', () => {
  const text = [
    '{',
    '  "hub": { "name": "H", "edifactId": { "id": "HUB" }, "customsId": "C" },',
    '  "partners": [',
    '    {',
    '      "id": "p1",',
    '      "name": "P1",',
    '      "role": "shiping-line",',
    '      "timezone": "Asia/Shanghai",',
    '      "channels": { "x": { "type": "ftp" } },',
    '      "formats": { "byDocument": { "Invoice": "json" } }',
    '    }',
    '  ],',
    '  "routes": [{ "id": "r", "match": {}, "destinations": [{ "partner": "p1", "format": "CODECO" }] }]',
    '}',
  ].join('\n');
  const err = loadError(text);

  it('reports every finding, sorted by position, with path, line and column', () => {
    expect(err.code).toBe('GW_ERR_CONFIG_SCHEMA');
    expect(err.issues.map((i) => [i.location?.path, i.location?.line, i.location?.column])).toEqual([
      ['/partners/0/role', 7, 15],
      ['/partners/0/timezone', 8, 7],
      ['/partners/0/channels/x/type', 9, 36],
      ['/partners/0/formats/byDocument/Invoice', 10, 36],
      ['/routes/0/destinations/0/format', 13, 86],
    ]);
  });

  it('explains each finding in plain words', () => {
    const texts = err.issues.map((i) => i.text);
    expect(texts[0]).toBe('must be one of: "shipping-agent", "shipping-line", "terminal", "yard", "customs", "forwarder"');
    expect(texts[1]).toBe('unknown property "timezone" (did you mean "timeZone"?)');
    expect(texts[2]).toBe('must be one of: mailbox, webhook, sftp-outbox, remote-sftp, folder');
    expect(texts[3]).toMatch(/^property name "Invoice" is not allowed here/);
    expect(texts[4]).toMatch(/^"CODECO" is not of the expected form: json, a customs message such as MT1101/);
  });

  it('prints one line per finding as file:line:column path: text', () => {
    expect(err.message.split('\n')[0]).toBe(`invalid configuration ${SOURCE} (5 problems):`);
    expect(err.message).toContain(`  ${SOURCE}:7:15 /partners/0/role: must be one of:`);
  });

  it('names a missing required property at the object that lacks it', () => {
    const e = loadError('{\n  "partners": [],\n  "routes": []\n}');
    expect(e.issues.map((i) => [i.location?.path, i.text])).toContainEqual(['', 'missing required property "hub"']);
    expect(e.message).toContain(`${SOURCE}:1:1 (root): missing required property "hub"`);
  });

  it('locates JSON syntax errors', () => {
    const e = loadError('{\n  "hub": {},\n  "partners": [\n}');
    expect(e.code).toBe('GW_ERR_CONFIG_JSON');
    expect(e.issues[0]?.location).toMatchObject({ line: 4, column: 1 });
    expect(e.message).toContain(`${SOURCE}:4:1: expected a value, found "}"`);
  });
});

describe('checks beyond the schema', () => {
  function findings(mutate: (c: ReturnType<typeof baseConfig>) => void, env: Record<string, string> = {}): { code: string; path?: string; text: string; line?: number }[] {
    const c = baseConfig();
    mutate(c);
    return loadError(c, env).issues.map((i) => ({ code: i.code, path: i.location?.path, text: i.text, line: i.location?.line }));
  }

  it('accepts the base test configuration', () => {
    expect(load(baseConfig()).partners).toHaveLength(7);
  });

  it('refuses duplicate partner ids, identifiers and keys', () => {
    const f = findings((c) => {
      c.partners.push(partner('agent', 'forwarder', { edifactIds: [{ id: 'LINE', qualifier: 'ZZZ' }], customsIds: ['3100'], partyIds: ['COS'] }));
    });
    expect(f.map((x) => [x.code, x.path])).toEqual([
      ['GW_ERR_CONFIG_DUPLICATE', '/partners/7/id'],
      ['GW_ERR_CONFIG_DUPLICATE', '/partners/7/apiKeys/0/sha256'],
      ['GW_ERR_CONFIG_DUPLICATE', '/partners/7/edifactIds/0'],
      ['GW_ERR_CONFIG_DUPLICATE', '/partners/7/customsIds/0'],
      ['GW_ERR_CONFIG_DUPLICATE', '/partners/7/partyIds/0'],
    ]);
    expect(f[1]?.text).toMatch(/already used by partner "agent"/);
    expect(f[2]?.text).toBe('EDIFACT id LINE (qualifier ZZZ) is already used by partner "line"');
    expect(f[4]?.text).toBe('party id "COS" already identifies partner "line"');
    expect(f.every((x) => typeof x.line === 'number' && x.line > 1)).toBe(true);
  });

  it('refuses references to partners and channels that do not exist', () => {
    const f = findings((c) => {
      c.partners[0]['defaultChannel'] = 'hook';
      c.routes.push({ id: 'r1', match: { sender: ['nobody'] }, destinations: [{ partner: 'ghost' }, { partner: 'line', channel: 'hook' }] });
    });
    expect(f.map((x) => [x.code, x.path])).toEqual([
      ['GW_ERR_CONFIG_REFERENCE', '/partners/0/defaultChannel'],
      ['GW_ERR_CONFIG_REFERENCE', '/routes/0/match/sender/0'],
      ['GW_ERR_CONFIG_REFERENCE', '/routes/0/destinations/0/partner'],
      ['GW_ERR_CONFIG_REFERENCE', '/routes/0/destinations/1/channel'],
    ]);
    expect(f[3]?.text).toBe('partner "line" has no channel "hook" (it has mailbox)');
  });

  it('refuses a destination that names no one, or two', () => {
    const f = findings((c) => {
      c.routes.push({ id: 'r1', match: {}, destinations: [{ format: 'json' }, { partner: 'line', party: 'carrier' }] });
    });
    expect(f.map((x) => x.path)).toEqual(['/routes/0/destinations/0', '/routes/0/destinations/1']);
    expect(f[0]?.text).toBe('a destination needs exactly one of "partner", "party" and "recipient"');
  });

  it('refuses test-only rules to customs or to partners that do not accept test traffic', () => {
    const f = findings((c) => {
      c.routes.push({ id: 'r1', match: { test: true }, destinations: [{ partner: 'customs' }, { partner: 'fwd2' }, { partner: 'fwd' }] });
      c.partners[4]['testTraffic'] = { accept: true };
    });
    expect(f.map((x) => [x.path, x.text])).toEqual([
      ['/partners/4/testTraffic/accept', 'customs never receives test traffic; remove testTraffic.accept'],
      ['/routes/0/destinations/0', 'this rule matches test traffic only, but customs never receives test traffic'],
      ['/routes/0/destinations/1', 'this rule matches test traffic only, but partner "fwd2" does not accept test traffic (testTraffic.accept)'],
    ]);
  });

  it('checks time zones, SSH keys, password hashes, error codes and SFTP outboxes', () => {
    const f = findings((c) => {
      Object.assign(c.partners[6], {
        timeZone: 'Asia/Ningbo',
        sftp: { username: 'fwd2', passwordHash: '$scrypt$ln=40,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g', publicKeys: ['ssh-ed25519 AAAAnotakey user@host'] },
        validation: { severity: { GW_ERR_NO_SUCH_THING: 'warning', GW_ERR_NEWLINE_TERMINATOR: 'warning' } },
      });
      Object.assign(c.partners[5], { channels: { files: { type: 'sftp-outbox' }, mailbox: { type: 'folder', path: '/srv/x' } } });
    });
    expect(f.map((x) => [x.code, x.path])).toEqual([
      ['GW_ERR_CONFIG_REFERENCE', '/partners/5/channels/files'],
      ['GW_ERR_CONFIG_VALUE', '/partners/5/channels/mailbox'],
      ['GW_ERR_CONFIG_VALUE', '/partners/6/timeZone'],
      ['GW_ERR_CONFIG_VALUE', '/partners/6/sftp/passwordHash'],
      ['GW_ERR_CONFIG_VALUE', '/partners/6/sftp/publicKeys/0'],
      ['GW_ERR_CONFIG_REFERENCE', '/partners/6/validation/severity/GW_ERR_NO_SUCH_THING'],
    ]);
  });

  it('reads webhook secrets from the variable the file names, and says when it is not set', () => {
    const withEnv = (c: ReturnType<typeof baseConfig>): void => {
      c.partners[5]['channels'] = { hook: { type: 'webhook', url: 'https://fwd.example/edi', secretEnv: 'FWD_HOOK_SECRET' } };
    };
    const f = findings(withEnv);
    expect(f).toEqual([expect.objectContaining({ code: 'GW_ERR_CONFIG_VALUE', path: '/partners/5/channels/hook/secretEnv', text: 'environment variable FWD_HOOK_SECRET is not set' })]);
    const c = baseConfig();
    withEnv(c);
    const config = load(c, { FWD_HOOK_SECRET: 'sixteen-chars-or-more' });
    expect(config.partners[5]?.channels['hook']).toEqual({ type: 'webhook', url: 'https://fwd.example/edi', secret: 'sixteen-chars-or-more' });
  });

  it('resolves paths in the file relative to the file, and the data directory relative to the working directory', () => {
    const c = baseConfig();
    c['dataDir'] = 'state';
    c.partners[6]['channels'] = { drop: { type: 'folder', path: 'drop/fwd2' }, push: { type: 'remote-sftp', host: 'sftp.fwd2.example', username: 'gw', privateKeyPath: 'keys/fwd2', remoteDir: '/in' } };
    const config = load(c);
    expect(config.dataDir).toBe('/virtual/cwd/state');
    expect(config.partners[6]?.channels['drop']).toEqual({ type: 'folder', path: '/virtual/drop/fwd2', pollIntervalSeconds: 5 });
    expect(config.partners[6]?.channels['push']).toMatchObject({ port: 22, privateKeyPath: '/virtual/keys/fwd2', pollIntervalSeconds: 60 });
  });
});

describe('environment overrides', () => {
  it('override file settings, which override defaults', () => {
    const c = baseConfig();
    Object.assign(c, { server: { host: '127.0.0.2', port: 9000 }, ingest: { bodyLimit: '4mb' }, log: { level: 'warn' } });
    expect(load(c).server).toEqual({ host: '127.0.0.2', port: 9000 });
    expect(load(c).ingest.bodyLimitBytes).toBe(4 * 1024 * 1024);
    const config = load(c, {
      HOST: '::1', PORT: '0', SFTP_PORT: '2022', REDIS_URL: 'redis://127.0.0.1:6380/2', LOG_LEVEL: 'DEBUG',
      EDIGW_DATA_DIR: '/var/lib/edigw', EDIGW_BODY_LIMIT: '2mb', EDIGW_DUPLICATE_WINDOW_DAYS: '30', EDIGW_QUEUE_PREFIX: '{edigw}',
    });
    expect(config.server).toEqual({ host: '::1', port: 0 });
    expect(config.sftp).toMatchObject({ host: '::1', port: 2022, hostKeyPath: '/var/lib/edigw/ssh_host_ed25519_key' });
    expect(config.redis).toEqual({ url: 'redis://127.0.0.1:6380/2', prefix: '{edigw}' });
    expect(config.log.level).toBe('debug');
    expect(config.ingest).toEqual({ bodyLimitBytes: 2 * 1024 * 1024, duplicateWindowDays: 30 });
    expect(config.store).toEqual({ kind: 'sqlite', path: '/var/lib/edigw/edigw.sqlite' });
  });

  it('place the SFTP server apart from the HTTP API, or switch it off', () => {
    expect(load(baseConfig(), { HOST: '0.0.0.0', SFTP_HOST: '127.0.0.1' }).sftp.host).toBe('127.0.0.1');
    expect(load(baseConfig(), { SFTP_ENABLED: 'false' }).sftp.enabled).toBe(false);
    expect(() => load(baseConfig(), { SFTP_ENABLED: 'maybe' })).toThrow('environment variable SFTP_ENABLED="maybe" is not true or false');
  });

  it('take the pipeline threads from workers.pipelineThreads or EDIGW_PIPELINE_THREADS, else leave them to the machine', () => {
    expect(load(baseConfig()).workers).toEqual({ concurrency: 8, pipelineThreads: null });
    expect(load({ ...baseConfig(), workers: { pipelineThreads: 2 } }).workers.pipelineThreads).toBe(2);
    expect(load({ ...baseConfig(), workers: { pipelineThreads: 2 } }, { EDIGW_PIPELINE_THREADS: '0' }).workers.pipelineThreads).toBe(0);
    expect(() => load(baseConfig(), { EDIGW_PIPELINE_THREADS: 'many' })).toThrow('environment variable EDIGW_PIPELINE_THREADS="many" is not a whole number from 0 to 64');
    expect(loadError({ ...baseConfig(), workers: { pipelineThreads: 65 } }).message).toContain('/workers/pipelineThreads');
  });

  it('keep payloads for ever unless retention.payloadDays says otherwise, which must be whole days', () => {
    expect(load(baseConfig()).retention).toEqual({ payloadDays: null });
    expect(load({ ...baseConfig(), retention: { payloadDays: 365 } }).retention).toEqual({ payloadDays: 365 });
    for (const payloadDays of [0, 1.5, '30']) {
      const err = loadError({ ...baseConfig(), retention: { payloadDays } });
      expect(err.message).toContain('/retention/payloadDays');
    }
  });

  it('switch the store to PostgreSQL with DATABASE_URL', () => {
    expect(load(baseConfig(), { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' }).store).toEqual({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/test' });
  });

  it('treat an empty variable as unset', () => {
    expect(load(baseConfig(), { PORT: '', HOST: '' }).server).toEqual({ host: '127.0.0.1', port: 8080 });
  });

  it('refuse values of the wrong form, naming the variable, and never echo credentials', () => {
    expect(() => load(baseConfig(), { PORT: '80a' })).toThrow('environment variable PORT="80a" is not a whole number from 0 to 65535');
    expect(() => load(baseConfig(), { SFTP_PORT: '70000' })).toThrow(/SFTP_PORT/);
    expect(() => load(baseConfig(), { EDIGW_BODY_LIMIT: 'lots' })).toThrow(/EDIGW_BODY_LIMIT="lots" is not a size/);
    expect(() => load(baseConfig(), { LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    const err = loadError(baseConfig(), { DATABASE_URL: 'mysql://root:hunter2@db/edigw' });
    expect(err.code).toBe('GW_ERR_CONFIG_ENV');
    expect(err.message).toContain('DATABASE_URL=(value hidden: it holds credentials) is not a postgres:// URL');
    expect(err.message).not.toContain('hunter2');
  });
});
