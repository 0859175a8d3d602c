/**
 * "Something arrived in partner X's mailbox": wakes long polls as soon as a delivery is ready
 * instead of letting them sleep to their next check. A signal is only a hint; pollers re-check the
 * store on a short interval anyway, so a lost signal (another process, Redis down) costs latency,
 * never a delivery.
 */
export interface MailboxSignal {
  notify(partnerId: string): void;
  /** Resolves true when notified for the partner, false after `ms` or when `abort` fires. */
  wait(partnerId: string, ms: number, abort?: AbortSignal): Promise<boolean>;
}

/** In-process fan-out; the Redis-backed signal (src/queue/events.ts) feeds it from other processes. */
export class LocalMailboxSignal implements MailboxSignal {
  private readonly waiters = new Map<string, Set<(notified: boolean) => void>>();

  notify(partnerId: string): void {
    const set = this.waiters.get(partnerId);
    if (!set) return;
    this.waiters.delete(partnerId);
    for (const wake of set) wake(true);
  }

  wait(partnerId: string, ms: number, abort?: AbortSignal): Promise<boolean> {
    if (abort?.aborted === true || ms <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      let set = this.waiters.get(partnerId);
      if (!set) {
        set = new Set();
        this.waiters.set(partnerId, set);
      }
      const done = (notified: boolean): void => {
        clearTimeout(timer);
        abort?.removeEventListener('abort', onAbort);
        const current = this.waiters.get(partnerId);
        current?.delete(done);
        if (current?.size === 0) this.waiters.delete(partnerId);
        resolve(notified);
      };
      const onAbort = (): void => { done(false); };
      const timer = setTimeout(() => { done(false); }, ms);
      abort?.addEventListener('abort', onAbort, { once: true });
      set.add(done);
    });
  }

  /** Wakes every waiter (shutdown): long polls answer with what they have. */
  wakeAll(): void {
    for (const [, set] of this.waiters) for (const wake of set) wake(false);
    this.waiters.clear();
  }
}
