/**
 * Cross-process signals over Redis pub/sub: "message X is finished" (wakes `Prefer: wait`
 * requests) and "partner Y has mail" (wakes long polls). Signals are hints: waiters re-check the
 * store on a short interval, so a signal lost while Redis is down only adds latency.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.js';
import { LocalMailboxSignal, type MailboxSignal } from '../transports/mailbox/signal.js';

/** One published event; a sender may put several ids in one (an array), older ones send one (a string). */
interface Wire {
  /** Finished message ids. */
  readonly d?: string | readonly string[];
  /** Partners with new mailbox entries. */
  readonly m?: string | readonly string[];
}

function each(value: unknown, fn: (id: string) => void): void {
  if (typeof value === 'string') fn(value);
  else if (Array.isArray(value)) for (const v of value) if (typeof v === 'string') fn(v);
}

export class GatewayEvents implements MailboxSignal {
  private readonly mailbox = new LocalMailboxSignal();
  private readonly done = new LocalMailboxSignal();
  private readonly publisher: Redis | undefined;
  private readonly subscriber: Redis | undefined;
  private readonly channel: string;
  private readonly logger: Logger;
  private readonly pendingDone = new Set<string>();
  private readonly pendingMail = new Set<string>();
  private scheduled = false;

  /** Without Redis connections the signals stay in this process (tests, single-process tools). */
  constructor(options: { publisher?: Redis; subscriber?: Redis; prefix: string; logger: Logger }) {
    this.publisher = options.publisher;
    this.subscriber = options.subscriber;
    this.channel = `${options.prefix}:events`;
    this.logger = options.logger;
  }

  async start(): Promise<void> {
    if (!this.subscriber) return;
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel !== this.channel) return;
      let wire: Wire;
      try {
        wire = JSON.parse(text) as Wire;
      } catch {
        return;
      }
      each(wire.d, (id) => { this.done.notify(id); });
      each(wire.m, (id) => { this.mailbox.notify(id); });
    });
    // ioredis re-subscribes by itself after a reconnect.
    await this.subscriber.subscribe(this.channel);
  }

  stop(): void {
    this.mailbox.wakeAll();
    this.done.wakeAll();
  }

  notify(partnerId: string): void {
    if (!this.ready()) {
      this.mailbox.notify(partnerId);
      return;
    }
    this.pendingMail.add(partnerId);
    this.schedule();
  }

  wait(partnerId: string, ms: number, abort?: AbortSignal): Promise<boolean> {
    return this.mailbox.wait(partnerId, ms, abort);
  }

  messageDone(messageId: string): void {
    if (!this.ready()) {
      this.done.notify(messageId);
      return;
    }
    this.pendingDone.add(messageId);
    this.schedule();
  }

  waitForMessage(messageId: string, ms: number, abort?: AbortSignal): Promise<boolean> {
    return this.done.wait(messageId, ms, abort);
  }

  /** False when there is no Redis to publish through (then the local waiters are woken directly). */
  private ready(): boolean {
    return this.publisher !== undefined && this.publisher.status === 'ready';
  }

  /**
   * The signals of one event-loop turn go out as one publish: a group commit finishes many messages
   * at once, and one round trip (and one delivery to each subscriber) carries them all.
   */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => { this.flush(); });
  }

  private flush(): void {
    this.scheduled = false;
    const done = [...this.pendingDone];
    const mail = [...this.pendingMail];
    this.pendingDone.clear();
    this.pendingMail.clear();
    if (done.length === 0 && mail.length === 0) return;
    if (!this.publisher || !this.ready()) {
      for (const id of done) this.done.notify(id);
      for (const id of mail) this.mailbox.notify(id);
      return;
    }
    const wire: Wire = { ...(done.length > 0 ? { d: done } : {}), ...(mail.length > 0 ? { m: mail } : {}) };
    this.publisher.publish(this.channel, JSON.stringify(wire)).catch((err: unknown) => {
      this.logger.debug({ err }, 'could not publish a gateway event');
    });
  }
}
