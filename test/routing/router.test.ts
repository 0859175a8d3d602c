import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { formatToString } from '../../src/config/types.js';
import { PartnerDirectory } from '../../src/routing/partner-directory.js';
import { noRouteIssue, Router } from '../../src/routing/router.js';
import type { Destination } from '../../src/routing/router.js';
import type { RoutingSummary } from '../../src/routing/summary.js';
import { baseConfig, load } from '../config/fixtures.js';

function routerWith(...routes: Record<string, unknown>[]): Router {
  const c = baseConfig();
  c.routes.push(...routes.map((r, i) => ({ id: `r${i + 1}`, ...r })));
  const config = load(c);
  return Router.fromConfig(config, PartnerDirectory.fromConfig(config));
}

function summary(over: Partial<RoutingSummary> = {}): RoutingSummary {
  return {
    documentType: 'EquipmentInterchangeReceipt', function: 'original', senderId: 'terminal',
    events: [], parties: [], locations: [], references: [], test: false, ...over,
  };
}

/** partner/channel/format of each destination, sorted, for compact assertions. */
function brief(ds: Destination[]): string[] {
  return ds.map((d) => `${d.partnerId}/${d.channel}/${formatToString(d.format)}${d.test ? '/test' : ''}`).sort();
}

const toFwd2 = [{ partner: 'fwd2' }];

describe('route rules match on', () => {
  it('document type', () => {
    const r = routerWith({ match: { documentType: ['BillOfLading'] }, destinations: toFwd2 });
    expect(brief(r.route(summary({ documentType: 'BillOfLading' })))).toEqual(['fwd2/mailbox/json']);
    expect(r.route(summary({ documentType: 'Manifest' }))).toEqual([]);
  });

  it('message function', () => {
    const r = routerWith({ match: { function: ['replace', 'cancel'] }, destinations: toFwd2 });
    expect(r.route(summary({ function: 'cancel' }))).toHaveLength(1);
    expect(r.route(summary({ function: 'replace' }))).toHaveLength(1);
    expect(r.route(summary({ function: 'original' }))).toEqual([]);
  });

  it('event and trade direction, which the document must state', () => {
    const r = routerWith({ match: { event: ['gateIn'], direction: ['export'] }, destinations: [{ partner: 'customs', format: 'MT3101' }] });
    expect(brief(r.route(summary({ events: ['gateIn'], direction: 'export' })))).toEqual(['customs/mailbox/MT3101']);
    expect(r.route(summary({ events: ['gateIn'], direction: 'import' }))).toEqual([]);
    expect(r.route(summary({ events: ['gateOut'], direction: 'export' }))).toEqual([]);
    expect(r.route(summary({ events: ['gateIn'] }))).toEqual([]);
  });

  it('any of the events a document reports (a customs notice with several decisions)', () => {
    const r = routerWith({ match: { event: ['hold', 'inspection'] }, destinations: toFwd2 });
    expect(r.route(summary({ documentType: 'CustomsNotice', events: ['release', 'inspection'] }))).toHaveLength(1);
    expect(r.route(summary({ documentType: 'CustomsNotice', events: ['release'] }))).toEqual([]);
    expect(r.route(summary({ documentType: 'CustomsNotice' }))).toEqual([]);
  });

  it('sender and sender role', () => {
    const bySender = routerWith({ match: { sender: ['agent'] }, destinations: toFwd2 });
    expect(bySender.route(summary({ senderId: 'agent' }))).toHaveLength(1);
    expect(bySender.route(summary({ senderId: 'line' }))).toEqual([]);
    const byRole = routerWith({ match: { senderRole: ['shipping-line'] }, destinations: toFwd2 });
    expect(byRole.route(summary({ senderId: 'line' }))).toHaveLength(1);
    expect(byRole.route(summary({ senderId: 'line2' }))).toHaveLength(1);
    expect(byRole.route(summary({ senderId: 'terminal' }))).toEqual([]);
    expect(byRole.route(summary({ senderId: 'unknown-partner' }))).toEqual([]);
  });

  it('recipient: UNB S003, customs ReceiverID, or a party of the document', () => {
    const r = routerWith({ match: { recipient: ['line2'] }, destinations: toFwd2 });
    expect(r.route(summary({ recipient: { edifact: { id: 'LINE2', qualifier: 'ZZZ' } } }))).toHaveLength(1);
    expect(r.route(summary({ parties: [{ role: 'carrier', id: 'MSC' }] }))).toHaveLength(1);
    expect(r.route(summary({ recipient: { edifact: { id: 'LINE', qualifier: 'ZZZ' } } }))).toEqual([]);
    expect(r.route(summary({ recipient: { edifact: { id: 'HUB', qualifier: 'ZZZ' } } }))).toEqual([]);
    expect(r.route(summary())).toEqual([]);
    const toCustoms = routerWith({ match: { recipient: ['customs'] }, destinations: toFwd2 });
    expect(toCustoms.route(summary({ recipient: { customsId: '3100' } }))).toHaveLength(1);
  });

  it('location, in any case', () => {
    const r = routerWith({ match: { location: ['CNNGB', 'NBCT'] }, destinations: toFwd2 });
    expect(r.route(summary({ locations: ['CNSHA', 'nbct'] }))).toHaveLength(1);
    expect(r.route(summary({ locations: ['CNSHA'] }))).toEqual([]);
  });

  it('references, exact or by prefix, each type given', () => {
    const r = routerWith({ match: { references: { billOfLading: ['COSU*', 'MEDU1234567'] } }, destinations: toFwd2 });
    expect(r.route(summary({ references: [{ type: 'billOfLading', value: 'COSU6123456780' }] }))).toHaveLength(1);
    expect(r.route(summary({ references: [{ type: 'billOfLading', value: 'MEDU1234567' }] }))).toHaveLength(1);
    expect(r.route(summary({ references: [{ type: 'billOfLading', value: 'MEDU12345678' }] }))).toEqual([]);
    expect(r.route(summary({ references: [{ type: 'booking', value: 'COSU6123456780' }] }))).toEqual([]);
    const both = routerWith({ match: { references: { billOfLading: ['COSU*'], container: ['MSCU*'] } }, destinations: toFwd2 });
    expect(both.route(summary({ references: [{ type: 'billOfLading', value: 'COSU1' }] }))).toEqual([]);
    expect(both.route(summary({ references: [{ type: 'billOfLading', value: 'COSU1' }, { type: 'container', value: 'MSCU1234566' }] }))).toHaveLength(1);
  });

  it('the test flag: test only, production only, or both', () => {
    const r = routerWith(
      { match: { test: true }, destinations: [{ partner: 'fwd' }] },
      { match: { test: false }, destinations: [{ partner: 'line', format: 'json' }] },
      { match: {}, destinations: [{ partner: 'line2' }] },
    );
    expect(brief(r.route(summary({ test: true })))).toEqual(['fwd/mailbox/json/test']);
    expect(brief(r.route(summary({ test: false })))).toEqual(['line/mailbox/json', 'line2/mailbox/json']);
  });
});

describe('test traffic (UNB 0035)', () => {
  const r = routerWith({ match: {}, destinations: [{ partner: 'customs', format: 'MT3101' }, { partner: 'line' }, { partner: 'fwd2' }, { partner: 'terminal' }] });

  it('goes only to partners that accept it, on their test channel, and never to customs', () => {
    const ds = r.route(summary({ test: true, senderId: 'agent' }));
    expect(brief(ds)).toEqual(['line/mailbox/CODECO:D95B/test', 'terminal/test/json/test']);
    expect(ds.every((d) => d.test)).toBe(true);
  });

  it('never goes to customs, even from a configuration built without the loader checks', () => {
    const c = baseConfig();
    c.routes.push({ id: 'r1', match: {}, destinations: [{ partner: 'customs', format: 'MT3101' }] });
    const loaded = load(c);
    const config = { ...loaded, partners: loaded.partners.map((p) => (p.role === 'customs' ? { ...p, testTraffic: { accept: true } } : p)) };
    const unchecked = Router.fromConfig(config, PartnerDirectory.fromConfig(config));
    expect(unchecked.route(summary({ senderId: 'agent' }))).toHaveLength(1);
    expect(unchecked.route(summary({ senderId: 'agent', test: true }))).toEqual([]);
  });

  it('while production traffic goes everywhere the rule says', () => {
    expect(brief(r.route(summary({ senderId: 'agent' })))).toEqual(['customs/mailbox/MT3101', 'fwd2/mailbox/json', 'line/mailbox/CODECO:D95B', 'terminal/mailbox/json']);
  });
});

describe('destinations', () => {
  it('by party: every partner the document names in that role, in its preferred format', () => {
    const r = routerWith({ match: {}, destinations: [{ party: 'carrier' }, { party: 'deliveryParty' }] });
    const ds = r.route(summary({ parties: [{ role: 'carrier', id: 'COS' }, { role: 'deliveryParty', id: 'FWD1' }, { role: 'deliveryParty', id: 'FWD2' }, { role: 'deliveryParty', id: 'NOT-A-PARTNER' }] }));
    expect(brief(ds)).toEqual(['fwd/mailbox/json', 'fwd2/mailbox/json', 'line/mailbox/CODECO:D95B']);
    expect(routerWith({ match: {}, destinations: [{ party: 'carrier' }] }).route(summary())).toEqual([]);
  });

  it('to the addressee of the interchange', () => {
    const r = routerWith({ match: {}, destinations: [{ recipient: true }] });
    expect(brief(r.route(summary({ recipient: { edifact: { id: '123456789', qualifier: '5' } } })))).toEqual(['line/mailbox/CODECO:D95B']);
    expect(r.route(summary({ recipient: { edifact: { id: 'HUB', qualifier: 'ZZZ' } } }))).toEqual([]);
  });

  it('use the channel the rule names, else the partner default; a party lacking the channel gets its default', () => {
    const r = routerWith({ match: {}, destinations: [{ partner: 'terminal', channel: 'hook', format: 'COARRI:D95B' }, { party: 'carrier', channel: 'hook' }] });
    const ds = r.route(summary({ senderId: 'agent', parties: [{ role: 'carrier', id: 'MSC' }] }));
    expect(brief(ds)).toEqual(['line2/mailbox/json', 'terminal/hook/COARRI:D95B']);
    expect(ds.find((d) => d.partnerId === 'terminal')?.channelType).toBe('webhook');
  });

  it('are merged when two rules reach the same partner, channel and format', () => {
    const r = routerWith({ match: {}, destinations: [{ partner: 'fwd2' }] }, { match: {}, destinations: [{ partner: 'fwd2', format: 'json' }, { partner: 'fwd2', format: 'CODECO:D95B' }] });
    const ds = r.route(summary());
    expect(brief(ds)).toEqual(['fwd2/mailbox/CODECO:D95B', 'fwd2/mailbox/json']);
    expect(ds.find((d) => d.format.kind === 'json')?.ruleIds).toEqual(['r1', 'r2']);
  });

  it('never send a document back to its sender', () => {
    const r = routerWith({ match: {}, destinations: [{ party: 'terminalOperator' }, { partner: 'fwd2' }] });
    expect(brief(r.route(summary({ senderId: 'terminal', parties: [{ role: 'terminalOperator', id: 'NBCT' }] })))).toEqual(['fwd2/mailbox/json']);
  });
});

describe('unrouted documents', () => {
  it('get no destination and a GW_ERR_NO_ROUTE finding, which says when test traffic is the reason', () => {
    const r = routerWith({ match: { documentType: ['Manifest'] }, destinations: [{ partner: 'customs', format: 'MT1101' }] });
    expect(r.route(summary())).toEqual([]);
    expect(r.route(summary({ documentType: 'Manifest', test: true }))).toEqual([]);
    const issue = noRouteIssue(summary({ documentType: 'Manifest', test: true, senderId: 'agent' }));
    expect(issue).toMatchObject({ code: 'GW_ERR_NO_ROUTE', severity: 'warning' });
    expect(issue.text).toBe('no route rule sends Manifest (original) from agent to any partner; the message is kept as unrouted (this is test traffic, which only goes to partners that accept it and never to customs)');
  });
});

describe('the demo routes', () => {
  const config = loadConfig({ env: {} });
  const router = Router.fromConfig(config, PartnerDirectory.fromConfig(config));

  it('send an export gate-in from NBCT to the line (CODECO), the forwarder (JSON) and customs (MT3101)', () => {
    const s = summary({
      senderId: 'nbct', events: ['gateIn'], direction: 'export', locations: ['CNNGB', 'NBCT'],
      parties: [{ role: 'containerOperator', id: 'COS' }, { role: 'forwarder', id: 'SINOTRANS-NB' }],
    });
    expect(brief(router.route(s))).toEqual(['cosco/mailbox/CODECO:D95B', 'ningbo-customs/mailbox/MT3101', 'sinotrans/mailbox/json']);
    expect(brief(router.route({ ...s, test: true }))).toEqual(['cosco/mailbox/CODECO:D95B/test', 'sinotrans/mailbox/json/test']);
  });

  it('send a COREOR to the forwarder named as delivery party, the terminal, and the freight station it names', () => {
    const s = summary({ documentType: 'DeliveryOrder', senderId: 'cosco', locations: ['NBCFS'], parties: [{ role: 'deliveryParty', id: 'HARBOURFWD' }, { role: 'carrier', id: 'COS' }] });
    expect(brief(router.route(s))).toEqual(['cfs/sftp/COREOR:D95B', 'harbourfwd/sftp/json', 'nbct/mailbox/COREOR:D95B']);
  });

  it('send customs decisions to the agent and the terminal, and manifests and tally reports to customs', () => {
    expect(brief(router.route(summary({ documentType: 'CustomsNotice', events: ['release'], senderId: 'ningbo-customs', parties: [{ role: 'declarant', id: 'PENAVICO-NB' }] }))))
      .toEqual(['nbct/mailbox/CUSRES:D95B', 'penavico/mailbox/CUSRES:D95B']);
    expect(brief(router.route(summary({ documentType: 'Manifest', direction: 'import', senderId: 'penavico' }))))
      .toEqual(['nbct/mailbox/json', 'ningbo-customs/mailbox/MT1101']);
    expect(brief(router.route(summary({ documentType: 'TallyReport', events: ['loading'], senderId: 'nbct', parties: [{ role: 'carrier', id: 'MSC' }] }))))
      .toEqual(['msc/mailbox/COARRI:D95B', 'ningbo-customs/mailbox/MT4101', 'ningbo-customs/mailbox/MT5102']);
  });

  it('leave acknowledgements unrouted', () => {
    expect(router.route(summary({ documentType: 'Acknowledgement', senderId: 'cosco' }))).toEqual([]);
  });
});
