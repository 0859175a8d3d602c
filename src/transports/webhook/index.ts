/**
 * Webhook deliveries: one signed HTTP POST per attempt, through an injected undici Dispatcher (so
 * unit tests can use MockAgent, and operators a proxy agent). No retry interceptor: the deliver
 * queue owns retries, with exponential backoff and jitter.
 */
import { Agent, request, type Dispatcher } from 'undici';
import { TransportError, type OutgoingDelivery, type SendResult, type Transport } from '../types.js';
import { DELIVERY_ID_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './signature.js';

export interface WebhookOptions {
  /** Default: an Agent of its own, closed by `stop()`. */
  readonly dispatcher?: Dispatcher;
  /** Per-attempt limit for the answer's headers and body (default 30 s). */
  readonly timeoutMs?: number;
  readonly userAgent?: string;
  readonly now?: () => number;
}

export class WebhookTransport implements Transport {
  readonly channel = 'webhook' as const;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly timeoutMs: number;
  private readonly userAgent: string;
  private readonly now: () => number;
  private stopped = false;
  private closed = false;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(options: WebhookOptions = {}) {
    this.ownsDispatcher = options.dispatcher === undefined;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.dispatcher = options.dispatcher ?? new Agent({ headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs, connections: 16 });
    this.userAgent = options.userAgent ?? 'edigw';
    this.now = options.now ?? Date.now;
  }

  start(): Promise<void> {
    this.stopped = false;
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.inFlight]);
    if (this.ownsDispatcher && !this.closed) {
      this.closed = true;
      await this.dispatcher.close();
    }
  }

  async send(d: OutgoingDelivery): Promise<SendResult> {
    if (this.stopped) throw new TransportError('the webhook transport is stopping', { transient: true });
    if (d.channel.type !== 'webhook') throw new TransportError(`channel ${d.channelName} of ${d.destination.id} is not a webhook`, { transient: false });
    const attempt = this.post(d.channel.url, d.channel.secret, d);
    this.inFlight.add(attempt);
    try {
      return await attempt;
    } finally {
      this.inFlight.delete(attempt);
    }
  }

  private async post(url: string, secret: string, d: OutgoingDelivery): Promise<SendResult> {
    const timestamp = Math.floor(this.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': d.contentType,
      'user-agent': this.userAgent,
      [DELIVERY_ID_HEADER]: d.id,
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: signWebhook(secret, timestamp, d.id, d.payload),
      'edigw-message-id': d.messageId,
      'edigw-format': d.format,
      'edigw-attempt': String(d.attempt),
    };
    if (d.documentType !== null) headers['edigw-document-type'] = d.documentType;
    if (d.test) headers['edigw-test'] = 'true';
    let statusCode: number;
    try {
      const res = await request(url, {
        method: 'POST',
        headers,
        body: d.payload,
        dispatcher: this.dispatcher,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      statusCode = res.statusCode;
      // The answer's body is not used; reading it frees the connection for the next delivery.
      await res.body.dump({ limit: 64 * 1024 });
    } catch (err) {
      const reason = err instanceof Error ? `${(err as NodeJS.ErrnoException).code ?? err.name}: ${err.message}` : String(err);
      throw new TransportError(`POST ${redactUrl(url)} failed: ${reason}`, { transient: true, cause: err });
    }
    if (statusCode >= 200 && statusCode < 300) return { outcome: 'delivered', statusCode };
    const transient = statusCode === 408 || statusCode === 429 || statusCode >= 500;
    throw new TransportError(`POST ${redactUrl(url)} answered HTTP ${statusCode}`, { transient, statusCode });
  }
}

/** URLs may carry credentials or tokens in the query; logs and attempt logs get neither. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
