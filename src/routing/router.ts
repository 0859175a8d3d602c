/**
 * Route rules from the configuration, applied to one document's summary. Every rule whose conditions
 * all hold contributes its destinations (rules are not first-match: a gate-in goes to the line AND
 * to customs); the same partner, channel and format reached by two rules is one destination.
 *
 * A document no rule sends anywhere gets an empty list: the pipeline keeps it as `unrouted` with a
 * `GW_ERR_NO_ROUTE` finding (`noRouteIssue`), it never drops it.
 */
import type { ChannelType, DeliveryFormat, GatewayConfig, Partner, RouteDestination, RouteMatch, RouteRule } from '../config/types.js';
import { formatToString } from '../config/types.js';
import { makeIssue } from '../errors/gateway-error.js';
import type { Issue } from '../errors/issue.js';
import type { PartnerDirectory } from './partner-directory.js';
import type { RoutingSummary } from './summary.js';

export interface Destination {
  readonly partnerId: string;
  /** Name of one of the partner's channels (always present in `partner.channels`). */
  readonly channel: string;
  readonly channelType: ChannelType;
  readonly format: DeliveryFormat;
  /** Test traffic: the delivery must be marked as such wherever the channel allows. */
  readonly test: boolean;
  /** The rules that led here, for the message's timeline. */
  readonly ruleIds: readonly string[];
}

export class Router {
  private readonly rules: readonly RouteRule[];
  private readonly directory: PartnerDirectory;

  constructor(rules: readonly RouteRule[], directory: PartnerDirectory) {
    this.rules = rules;
    this.directory = directory;
  }

  static fromConfig(config: GatewayConfig, directory: PartnerDirectory): Router {
    return new Router(config.routes, directory);
  }

  route(summary: RoutingSummary): Destination[] {
    const sender = this.directory.get(summary.senderId);
    const addressee = this.addressee(summary);
    const result = new Map<string, Destination>();
    for (const rule of this.rules) {
      if (!this.matches(rule.match, summary, sender, addressee)) continue;
      for (const d of rule.destinations) {
        for (const partner of this.targets(d, summary, addressee)) {
          const destination = this.destinationFor(partner, d, summary, rule.id);
          if (!destination) continue;
          const key = `${destination.partnerId}\u0000${destination.channel}\u0000${formatToString(destination.format)}`;
          const seen = result.get(key);
          result.set(key, seen ? { ...seen, ruleIds: [...seen.ruleIds, rule.id] } : destination);
        }
      }
    }
    return [...result.values()];
  }

  /** The partner the interchange is addressed to, unless it is addressed to the hub itself. */
  private addressee(summary: RoutingSummary): Partner | undefined {
    const r = summary.recipient;
    if (!r || this.directory.isHub(r)) return undefined;
    if (r.customsId !== undefined) return this.directory.byCustomsId(r.customsId);
    return r.edifact ? this.directory.byEdifactId(r.edifact.id, r.edifact.qualifier) : undefined;
  }

  private matches(m: RouteMatch, s: RoutingSummary, sender: Partner | undefined, addressee: Partner | undefined): boolean {
    if (m.test !== undefined && m.test !== s.test) return false;
    if (m.documentType && !m.documentType.includes(s.documentType)) return false;
    if (m.function && !m.function.includes(s.function)) return false;
    if (m.event && !s.events.some((e) => m.event?.includes(e))) return false;
    if (m.direction && (s.direction === undefined || !m.direction.includes(s.direction))) return false;
    if (m.sender && !m.sender.includes(s.senderId)) return false;
    if (m.senderRole && (sender === undefined || !m.senderRole.includes(sender.role))) return false;
    if (m.recipient) {
      const ids = new Set<string>();
      if (addressee) ids.add(addressee.id);
      for (const p of s.parties) {
        const partner = this.directory.byPartyId(p.id);
        if (partner) ids.add(partner.id);
      }
      if (!m.recipient.some((id) => ids.has(id))) return false;
    }
    if (m.location) {
      const wanted = new Set(m.location.map((l) => l.toUpperCase()));
      if (!s.locations.some((l) => wanted.has(l.toUpperCase()))) return false;
    }
    if (m.references) {
      for (const [type, patterns] of Object.entries(m.references)) {
        const values = s.references.filter((r) => r.type === type).map((r) => r.value);
        if (!values.some((v) => patterns.some((p) => matchesPattern(v, p)))) return false;
      }
    }
    return true;
  }

  private targets(d: RouteDestination, s: RoutingSummary, addressee: Partner | undefined): Partner[] {
    switch (d.target.kind) {
      case 'partner': {
        const p = this.directory.get(d.target.partnerId);
        return p ? [p] : [];
      }
      case 'party': {
        const role = d.target.role;
        return s.parties
          .filter((p) => p.role === role)
          .map((p) => this.directory.byPartyId(p.id))
          .filter((p): p is Partner => p !== undefined);
      }
      case 'recipient':
        return addressee ? [addressee] : [];
    }
  }

  /**
   * Resolves format and channel, and applies the test-traffic policy. A document is never routed
   * back to its sender (acknowledgements go back by their own path).
   */
  private destinationFor(partner: Partner, d: RouteDestination, s: RoutingSummary, ruleId: string): Destination | undefined {
    if (partner.id === s.senderId) return undefined;
    // Test traffic only goes to partners that accept it, and never to customs.
    if (s.test && (partner.role === 'customs' || !partner.testTraffic.accept)) return undefined;
    // A party or recipient target may not have the channel the rule names: then its default applies.
    let channel = d.channel !== undefined && d.channel in partner.channels ? d.channel : partner.defaultChannel;
    if (s.test && partner.testTraffic.channel !== undefined) channel = partner.testTraffic.channel;
    const channelConfig = partner.channels[channel];
    if (!channelConfig) return undefined;
    const format = d.format ?? partner.formats.byDocument[s.documentType] ?? partner.formats.default;
    return { partnerId: partner.id, channel, channelType: channelConfig.type, format, test: s.test, ruleIds: [ruleId] };
  }
}

/** Exact value, or a prefix with a trailing `*`. Case-sensitive: references are codes. */
function matchesPattern(value: string, pattern: string): boolean {
  return pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : value === pattern;
}

/** The finding the pipeline records on a message no rule routed. */
export function noRouteIssue(s: RoutingSummary): Issue {
  const what = `${s.documentType} (${[s.function, ...s.events].join(', ')}) from ${s.senderId}`;
  const why = s.test
    ? 'this is test traffic, which only goes to partners that accept it and never to customs'
    : 'check the routes in the configuration';
  return makeIssue('GW_ERR_NO_ROUTE', `no route rule sends ${what} to any partner; the message is kept as unrouted (${why})`);
}
