/**
 * Webhook signatures. The gateway signs `<timestamp>.<delivery id>.<body>` with HMAC-SHA256 using
 * the channel's secret and sends `Edigw-Signature: v1=<hex>` with `Edigw-Timestamp` (Unix seconds)
 * and `Edigw-Delivery-Id`. A receiver recomputes the HMAC over the raw body bytes, compares in
 * constant time, and refuses timestamps older than a few minutes (replays). docs/service.md has a
 * verification snippet for receivers.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'edigw-signature';
export const TIMESTAMP_HEADER = 'edigw-timestamp';
export const DELIVERY_ID_HEADER = 'edigw-delivery-id';

export function signWebhook(secret: string, timestamp: number, deliveryId: string, body: Uint8Array): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.${deliveryId}.`);
  mac.update(body);
  return `v1=${mac.digest('hex')}`;
}

/** What a receiver does: true when the signature matches and the timestamp is within `toleranceSeconds`. */
export function verifyWebhook(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined; deliveryId: string | undefined },
  body: Uint8Array,
  options: { toleranceSeconds?: number; now?: number } = {},
): boolean {
  const { signature, timestamp, deliveryId } = headers;
  if (signature === undefined || timestamp === undefined || deliveryId === undefined || !/^\d{1,12}$/.test(timestamp)) return false;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, Number(timestamp), deliveryId, body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
