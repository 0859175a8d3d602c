/**
 * Logins to the built-in SFTP server: a password (checked against the scrypt hash in the
 * configuration) or a public key from the configuration (the client proves it holds the private key
 * by a signature). Failed logins are limited twice: a connection is closed after
 * `sftp.maxAuthAttempts` failures, and an address that keeps failing (four connections' worth
 * within 15 minutes) is refused outright until the window passes. Every failure is logged with user
 * name, method and address; never with the password.
 */
import type { AuthContext } from 'ssh2';
import type { Partner } from '../../config/types.js';
import type { Logger } from '../../observability/logger.js';
import type { PartnerDirectory } from '../../routing/partner-directory.js';

export interface LimiterOptions {
  /** Failures of one address within the window before it is refused (default 4 × maxAuthAttempts). */
  readonly blockAfter: number;
  readonly windowMs?: number;
  readonly now?: () => number;
}

/** Failed logins per source address, in a sliding window. */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly blockAfter: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: LimiterOptions) {
    this.blockAfter = options.blockAfter;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
  }

  private recent(address: string): number[] {
    const since = this.now() - this.windowMs;
    const list = (this.failures.get(address) ?? []).filter((t) => t > since);
    if (list.length === 0) this.failures.delete(address);
    else this.failures.set(address, list);
    return list;
  }

  blocked(address: string): boolean {
    return this.recent(address).length >= this.blockAfter;
  }

  /** Records a failure; true when the address is now blocked. */
  fail(address: string): boolean {
    const list = this.recent(address);
    list.push(this.now());
    this.failures.set(address, list);
    // Keep the table bounded under a spray of addresses: forget the oldest entry.
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
    return list.length >= this.blockAfter;
  }
}

export interface LoginDeps {
  readonly directory: PartnerDirectory;
  readonly limiter: LoginLimiter;
  readonly maxAttempts: number;
  readonly logger: Logger;
}

/** What the connection knows about its login so far. */
export interface LoginState {
  failures: number;
  partner: Partner | undefined;
  username: string | undefined;
}

const METHODS: ('publickey' | 'password')[] = ['publickey', 'password'];

/**
 * Handles one `authentication` event. `close` ends the connection (too many failures, or a blocked
 * address). Resolves once the context was accepted or rejected.
 */
export async function handleLogin(deps: LoginDeps, ctx: AuthContext, state: LoginState, remote: string, close: () => void): Promise<void> {
  const address = remote.replace(/:\d+$/, '');
  const username = ctx.username.slice(0, 64);
  if (deps.limiter.blocked(address)) {
    deps.logger.warn({ code: 'GW_ERR_SFTP_LOGIN_BLOCKED', username, remote }, 'sftp login refused: too many failed logins from this address');
    ctx.reject([]);
    close();
    return;
  }
  let partner: Partner | undefined;
  switch (ctx.method) {
    case 'none':
      // Clients ask first which methods exist; that is not a failed login.
      ctx.reject(METHODS);
      return;
    case 'password':
      partner = await deps.directory.verifySftpPassword(ctx.username, ctx.password);
      break;
    case 'publickey': {
      const found = deps.directory.findSftpPublicKey(ctx.username, ctx.key.data);
      if (found && ctx.signature === undefined) {
        // The client asks whether this key would do; it signs in its next request.
        ctx.accept();
        return;
      }
      if (found && ctx.blob !== undefined && ctx.signature !== undefined && found.key.verify(ctx.blob, ctx.signature, ctx.hashAlgo)) {
        partner = found.partner;
      }
      break;
    }
    case 'keyboard-interactive':
      ctx.reject(METHODS);
      return;
    case 'hostbased':
      break;
  }
  if (partner) {
    state.partner = partner;
    state.username = ctx.username;
    deps.logger.info({ partner: partner.id, username, method: ctx.method, remote }, 'sftp login');
    ctx.accept();
    return;
  }
  state.failures++;
  const addressBlocked = deps.limiter.fail(address);
  deps.logger.warn({ code: 'GW_ERR_SFTP_LOGIN_FAILED', username, method: ctx.method, remote, attempt: state.failures }, 'sftp login failed');
  if (state.failures >= deps.maxAttempts || addressBlocked) {
    deps.logger.warn({ code: 'GW_ERR_SFTP_LOGIN_BLOCKED', username, remote, attempts: state.failures, addressBlocked }, 'sftp connection closed after too many failed logins');
    ctx.reject([]);
    close();
    return;
  }
  ctx.reject(METHODS);
}
