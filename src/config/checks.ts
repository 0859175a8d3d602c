/**
 * Cross-reference checks over the built configuration: identifiers claimed twice, references to
 * partners or channels that do not exist, and route rules that could never deliver. Partners, routes
 * and channels keep the file's order and names, so each finding can name its JSON Pointer.
 */
import type { ErrorCode } from '../errors/codes.js';
import { escapePointerToken } from './json-positions.js';
import type { GatewayConfig, Partner } from './types.js';

export type Report = (code: ErrorCode, pointer: string, text: string) => void;

export function checkConfig(config: GatewayConfig, report: Report): void {
  const partners = new Map<string, Partner>();
  const claim = claimer(report);

  claim('EDIFACT id', edifactKey(config.hub.edifactId.id, config.hub.edifactId.qualifier), 'the hub', '/hub/edifactId');
  claim('customs id', config.hub.customsId, 'the hub', '/hub/customsId');
  config.adminKeys.forEach((k, i) => { claim('API key', k.sha256, `admin key "${k.id}"`, `/adminKeys/${i}/sha256`); });
  claimIds(config.adminKeys.map((k) => k.id), '/adminKeys', 'admin key id', report);

  config.partners.forEach((p, i) => {
    const at = `/partners/${i}`;
    if (partners.has(p.id)) report('GW_ERR_CONFIG_DUPLICATE', `${at}/id`, `partner id "${p.id}" is already used by an earlier partner`);
    else partners.set(p.id, p);
    const who = `partner "${p.id}"`;
    p.edifactIds.forEach((e, j) => { claim('EDIFACT id', edifactKey(e.id, e.qualifier), who, `${at}/edifactIds/${j}`); });
    p.customsIds.forEach((c, j) => { claim('customs id', c, who, `${at}/customsIds/${j}`); });
    p.apiKeys.forEach((k, j) => { claim('API key', k.sha256, who, `${at}/apiKeys/${j}/sha256`); });
    claimIds(p.apiKeys.map((k) => k.id), `${at}/apiKeys`, 'API key id', report);
    if (p.sftp) claim('SFTP username', p.sftp.username, who, `${at}/sftp/username`);

    if (!(p.defaultChannel in p.channels)) {
      report('GW_ERR_CONFIG_REFERENCE', `${at}/defaultChannel`, `${who} has no channel "${p.defaultChannel}" (it has ${Object.keys(p.channels).join(', ')})`);
    }
    const testChannel = p.testTraffic.channel;
    if (testChannel !== undefined && !(testChannel in p.channels)) {
      report('GW_ERR_CONFIG_REFERENCE', `${at}/testTraffic/channel`, `${who} has no channel "${testChannel}"`);
    }
    if (p.role === 'customs' && p.testTraffic.accept) {
      report('GW_ERR_CONFIG_VALUE', `${at}/testTraffic/accept`, 'customs never receives test traffic; remove testTraffic.accept');
    }
    if (p.channels['mailbox']?.type !== 'mailbox') {
      report('GW_ERR_CONFIG_VALUE', `${at}/channels/mailbox`, 'the channel name "mailbox" is reserved for the partner\'s own mailbox; give this channel another name');
    }
    for (const [name, c] of Object.entries(p.channels)) {
      if (c.type === 'sftp-outbox' && !p.sftp) {
        report('GW_ERR_CONFIG_REFERENCE', `${at}/channels/${escapePointerToken(name)}`, `channel "${name}" is an SFTP outbox, but ${who} has no sftp login`);
      }
    }
  });

  // Party ids name a partner inside documents; one id naming two partners would make routing ambiguous.
  const partyOwner = new Map<string, string>();
  for (const p of config.partners) {
    for (const id of [...p.customsIds, ...p.edifactIds.map((e) => e.id)]) if (!partyOwner.has(id)) partyOwner.set(id, p.id);
  }
  config.partners.forEach((p, i) => {
    p.partyIds.forEach((id, j) => {
      const owner = partyOwner.get(id);
      if (owner !== undefined && owner !== p.id) {
        report('GW_ERR_CONFIG_DUPLICATE', `/partners/${i}/partyIds/${j}`, `party id "${id}" already identifies partner "${owner}"`);
      } else {
        partyOwner.set(id, p.id);
      }
    });
  });

  claimIds(config.routes.map((r) => r.id), '/routes', 'route id', report);
  config.routes.forEach((r, i) => {
    const at = `/routes/${i}`;
    for (const field of ['sender', 'recipient'] as const) {
      r.match[field]?.forEach((id, j) => {
        if (!partners.has(id)) report('GW_ERR_CONFIG_REFERENCE', `${at}/match/${field}/${j}`, `no partner has the id "${id}"`);
      });
    }
    r.destinations.forEach((d, j) => {
      if (d.target.kind !== 'partner') return;
      const dat = `${at}/destinations/${j}`;
      const p = partners.get(d.target.partnerId);
      if (!p) {
        report('GW_ERR_CONFIG_REFERENCE', `${dat}/partner`, `no partner has the id "${d.target.partnerId}"`);
        return;
      }
      if (d.channel !== undefined && !(d.channel in p.channels)) {
        report('GW_ERR_CONFIG_REFERENCE', `${dat}/channel`, `partner "${p.id}" has no channel "${d.channel}" (it has ${Object.keys(p.channels).join(', ')})`);
      }
      if (r.match.test === true && (p.role === 'customs' || !p.testTraffic.accept)) {
        const why = p.role === 'customs' ? 'customs never receives test traffic' : `partner "${p.id}" does not accept test traffic (testTraffic.accept)`;
        report('GW_ERR_CONFIG_VALUE', dat, `this rule matches test traffic only, but ${why}`);
      }
    });
  });
}

function edifactKey(id: string, qualifier: string | undefined): string {
  return qualifier === undefined ? id : `${id} (qualifier ${qualifier})`;
}

/** Records who claimed each identifier first and reports later claims by someone else. */
function claimer(report: Report): (kind: string, value: string, who: string, pointer: string) => void {
  const owners = new Map<string, string>();
  return (kind, value, who, pointer) => {
    const key = `${kind}\u0000${value}`;
    const owner = owners.get(key);
    if (owner === undefined) owners.set(key, who);
    else if (kind === 'API key') report('GW_ERR_CONFIG_DUPLICATE', pointer, `this API key hash is already used by ${owner}; every key must be distinct`);
    else if (owner !== who) report('GW_ERR_CONFIG_DUPLICATE', pointer, `${kind} ${value} is already used by ${owner}`);
    else report('GW_ERR_CONFIG_DUPLICATE', pointer, `${kind} ${value} is listed twice`);
  };
}

function claimIds(ids: readonly string[], at: string, kind: string, report: Report): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) report('GW_ERR_CONFIG_DUPLICATE', `${at}/${i}/id`, `${kind} "${id}" is used twice`);
    seen.add(id);
  });
}
