/**
 * Who is who: the partners of the configuration, found by API key, EDIFACT identification, customs
 * id, party code or SFTP login. Built once from the loaded configuration and passed to whoever needs
 * it (HTTP authentication, the SFTP server, the pipeline, the router).
 */
import { hash, timingSafeEqual } from 'node:crypto';
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';
import { DUMMY_PASSWORD_HASH, MAX_API_KEY_LENGTH, verifyPassword } from '../config/credentials.js';
import type { AdminKey, GatewayConfig, Partner } from '../config/types.js';

/** Who presented a key: a partner (and which of its keys) or an operator with an admin key. */
export type Principal =
  | { readonly kind: 'partner'; readonly partner: Partner; readonly keyId: string }
  | { readonly kind: 'admin'; readonly keyId: string; readonly name: string };

interface KeyEntry {
  readonly digest: Buffer;
  readonly principal: Principal;
}

export class PartnerDirectory {
  readonly hub: GatewayConfig['hub'];
  private readonly byId = new Map<string, Partner>();
  private readonly keys = new Map<string, KeyEntry>();
  private readonly edifact = new Map<string, Partner>();
  private readonly edifactAnyQualifier = new Map<string, Partner[]>();
  private readonly customs = new Map<string, Partner>();
  private readonly party = new Map<string, Partner>();
  private readonly sftpUsers = new Map<string, { partner: Partner; keys: ParsedKey[] }>();

  private constructor(config: GatewayConfig) {
    this.hub = config.hub;
    for (const admin of config.adminKeys) this.addKey(admin, { kind: 'admin', keyId: admin.id, name: admin.name });
    for (const p of config.partners) {
      this.byId.set(p.id, p);
      for (const k of p.apiKeys) this.addKey(k, { kind: 'partner', partner: p, keyId: k.id });
      for (const e of p.edifactIds) {
        if (e.qualifier !== undefined) this.edifact.set(edifactKey(e.id, e.qualifier), p);
        const list = this.edifactAnyQualifier.get(e.id) ?? [];
        list.push(p);
        this.edifactAnyQualifier.set(e.id, list);
      }
      for (const c of p.customsIds) this.customs.set(c, p);
      if (p.sftp) {
        // The loader has checked every key parses; a key that does not is skipped, never trusted.
        const keys = p.sftp.publicKeys.map((line) => ssh2.utils.parseKey(line)).filter((k): k is ParsedKey => !(k instanceof Error));
        this.sftpUsers.set(p.sftp.username, { partner: p, keys });
      }
    }
    // Party codes in order of precedence: explicit party ids, then customs ids, then EDIFACT ids.
    for (const p of config.partners) for (const id of p.partyIds) this.party.set(id, p);
    for (const [id, p] of this.customs) if (!this.party.has(id)) this.party.set(id, p);
    for (const [id, list] of this.edifactAnyQualifier) {
      if (!this.party.has(id) && new Set(list).size === 1) this.party.set(id, list[0]);
    }
  }

  static fromConfig(config: GatewayConfig): PartnerDirectory {
    return new PartnerDirectory(config);
  }

  private addKey(entry: AdminKey | Partner['apiKeys'][number], principal: Principal): void {
    this.keys.set(entry.sha256, { digest: Buffer.from(entry.sha256, 'hex'), principal });
  }

  all(): readonly Partner[] {
    return [...this.byId.values()];
  }

  get(id: string): Partner | undefined {
    return this.byId.get(id);
  }

  /**
   * The principal a presented API key belongs to, or undefined. The key is hashed first and the
   * table is keyed by that hash: which bucket a lookup touches depends only on the digest of what
   * the caller sent, which tells an attacker nothing about stored keys (they would need a SHA-256
   * preimage to steer it), and every key, right or wrong, costs one hash and one lookup. The final
   * comparison is constant-time all the same. Keys carry no partner name, so nothing reveals which
   * partners exist.
   */
  authenticate(presentedKey: string | undefined): Principal | undefined {
    if (presentedKey === undefined || presentedKey.length === 0 || presentedKey.length > MAX_API_KEY_LENGTH) return undefined;
    const digest = hash('sha256', presentedKey, 'buffer');
    const entry = this.keys.get(digest.toString('hex'));
    if (!entry || !timingSafeEqual(entry.digest, digest)) return undefined;
    return entry.principal;
  }

  /**
   * The partner with this UNB S002/S003 identification. An exact id + qualifier entry wins; an entry
   * without qualifier matches any; an interchange without qualifier matches an id only one partner has.
   */
  byEdifactId(id: string, qualifier?: string): Partner | undefined {
    if (qualifier !== undefined && qualifier !== '') {
      const exact = this.edifact.get(edifactKey(id, qualifier));
      if (exact) return exact;
    }
    const candidates = (this.edifactAnyQualifier.get(id) ?? []).filter((p) =>
      qualifier === undefined || qualifier === '' || p.edifactIds.some((e) => e.id === id && e.qualifier === undefined));
    return new Set(candidates).size === 1 ? candidates[0] : undefined;
  }

  byCustomsId(id: string): Partner | undefined {
    return this.customs.get(id);
  }

  /** The partner a document names with this code (party id, customs id, or EDIFACT id). */
  byPartyId(id: string): Partner | undefined {
    return this.party.get(id);
  }

  /** True when the identification is the hub's own (interchanges addressed to the hub). */
  isHub(id: { edifact?: { id: string; qualifier?: string }; customsId?: string }): boolean {
    if (id.customsId !== undefined) return id.customsId === this.hub.customsId;
    if (id.edifact === undefined) return false;
    const q = this.hub.edifactId.qualifier;
    return id.edifact.id === this.hub.edifactId.id && (q === undefined || id.edifact.qualifier === undefined || id.edifact.qualifier === q);
  }

  bySftpUsername(username: string): Partner | undefined {
    return this.sftpUsers.get(username)?.partner;
  }

  /**
   * The partner whose SFTP password this is. Unknown users and users without a password are checked
   * against a dummy hash, so the time taken does not reveal which usernames exist.
   */
  async verifySftpPassword(username: string, password: string): Promise<Partner | undefined> {
    const user = this.sftpUsers.get(username);
    const stored = user?.partner.sftp?.passwordHash;
    const ok = await verifyPassword(password, stored ?? DUMMY_PASSWORD_HASH);
    return ok && stored !== undefined ? user?.partner : undefined;
  }

  /**
   * The configured public key of `username` equal to the one a client offers (ssh2's `ctx.key.data`,
   * the SSH wire-format public key blob). The SFTP server then checks the client's signature with
   * the returned key's `verify(ctx.blob, ctx.signature, ctx.hashAlgo)`.
   */
  findSftpPublicKey(username: string, offered: Buffer): { partner: Partner; key: ParsedKey } | undefined {
    const user = this.sftpUsers.get(username);
    if (!user) return undefined;
    const key = user.keys.find((k) => {
      const blob = k.getPublicSSH();
      return blob.length === offered.length && timingSafeEqual(blob, offered);
    });
    return key ? { partner: user.partner, key } : undefined;
  }
}

function edifactKey(id: string, qualifier: string): string {
  return `${id}\u0000${qualifier}`;
}
