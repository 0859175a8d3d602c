import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_API_KEYS, DEMO_SFTP_PASSWORDS } from '../../src/config/demo-credentials.js';
import { ENV_OVERRIDES } from '../../src/config/env.js';
import { CONFIG_SCHEMA_PATH, loadConfig } from '../../src/config/load.js';

const docs = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
const schema = JSON.parse(readFileSync(CONFIG_SCHEMA_PATH, 'utf8')) as {
  properties: Record<string, unknown>;
  $defs: { partner: { properties: Record<string, unknown> }; route: { properties: { match: { properties: Record<string, unknown> } } } };
};

describe('docs/configuration.md', () => {
  it('lists every environment variable the loader reads', () => {
    for (const o of ENV_OVERRIDES) expect(docs).toContain(`| \`${o.variable}\` |`);
    expect(docs).toContain('| `EDIGW_CONFIG` |');
  });

  it('documents every partner property and every route condition of the schema', () => {
    for (const name of Object.keys(schema.$defs.partner.properties)) expect(docs).toContain(`| \`${name}\` |`);
    for (const name of Object.keys(schema.$defs.route.properties.match.properties)) expect(docs).toContain(`\`${name}\``);
  });

  it('publishes every demo API key and SFTP password, and every demo partner', () => {
    for (const key of Object.values(DEMO_API_KEYS)) expect(docs).toContain(`\`${key}\``);
    for (const [user, password] of Object.entries(DEMO_SFTP_PASSWORDS)) expect(docs).toContain(`\`${user}\` / \`${password}\``);
    for (const p of loadConfig({ env: {} }).partners) expect(docs).toContain(`| \`${p.id}\` |`);
  });

  it('describes every demo route', () => {
    for (const r of loadConfig({ env: {} }).routes) expect(docs).toContain(`\`${r.id}\``);
  });
});
