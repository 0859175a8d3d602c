/**
 * Cross-process signals over Redis pub/sub: "message X is finished" (wakes `Prefer: wait`
 * requests) and "partner Y has mail" (wakes long polls). Signals are hints: waiters re-check the
 * store on a short interval, so a signal lost while Redis is down only adds latency.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.js';
import { LocalMailboxSignal, type MailboxSignal } from '../transports/mailbox/signal.js';

interface Wire {
  /** A finished message id. */
  readonly d?: string;
  /** A partner with new mailbox entries. */
  readonly m?: string;
}

export class GatewayEvents implements MailboxSignal {
  private readonly mailbox = new LocalMailboxSignal();
  private readonly done = new LocalMailboxSignal();
  private readonly publisher: Redis | undefined;
  private readonly subscriber: Redis | undefined;
  private readonly channel: string;
  private readonly logger: Logger;

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
      if (typeof wire.d === 'string') this.done.notify(wire.d);
      if (typeof wire.m === 'string') this.mailbox.notify(wire.m);
    });
    // ioredis re-subscribes by itself after a reconnect.
    await this.subscriber.subscribe(this.channel);
  }

  stop(): void {
    this.mailbox.wakeAll();
    this.done.wakeAll();
  }

  notify(partnerId: string): void {
    if (!this.publish({ m: partnerId })) this.mailbox.notify(partnerId);
  }

  wait(partnerId: string, ms: number, abort?: AbortSignal): Promise<boolean> {
    return this.mailbox.wait(partnerId, ms, abort);
  }

  messageDone(messageId: string): void {
    if (!this.publish({ d: messageId })) this.done.notify(messageId);
  }

  waitForMessage(messageId: string, ms: number, abort?: AbortSignal): Promise<boolean> {
    return this.done.wait(messageId, ms, abort);
  }

  /** False when there is no Redis to publish through (then the local waiters are woken directly). */
  private publish(wire: Wire): boolean {
    if (!this.publisher || this.publisher.status !== 'ready') return false;
    this.publisher.publish(this.channel, JSON.stringify(wire)).catch((err: unknown) => {
      this.logger.debug({ err }, 'could not publish a gateway event');
    });
    return true;
  }
}
