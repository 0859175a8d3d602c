/** Errors crossing between the event loop and a pipeline thread keep whether the queue may retry. */
import { describe, expect, it } from 'vitest';
import { GatewayError, isGatewayError } from '../../src/errors/gateway-error.js';
import { reviveError, serializeError } from '../../src/pipeline/threads.js';

describe('reviveError', () => {
  it('keeps a transient store error transient, so the job is retried', () => {
    const e = reviveError({ message: 'database is locked', code: 'GW_ERR_STORE_UNAVAILABLE', unrecoverable: false });
    expect(isGatewayError(e) && [e.code, e.unrecoverable]).toEqual(['GW_ERR_STORE_UNAVAILABLE', false]);
  });

  it('keeps a permanent error permanent, and its HTTP status', () => {
    const e = reviveError({ message: 'no such partner', code: 'GW_ERR_STORE_UNAVAILABLE', statusCode: 503, unrecoverable: true });
    expect(e).toBeInstanceOf(GatewayError);
    expect(isGatewayError(e) && [e.statusCode, e.unrecoverable]).toEqual([503, true]);
  });

  it('gives a plain Error for anything else', () => {
    const e = reviveError({ message: 'boom' });
    expect(isGatewayError(e)).toBe(false);
    expect(e.message).toBe('boom');
  });

  it('round-trips through serializeError, the form that crosses the port', () => {
    const e = reviveError(serializeError(new GatewayError('GW_ERR_STORE_UNAVAILABLE', 'busy', { unrecoverable: false })));
    expect(isGatewayError(e) && [e.code, e.message, e.unrecoverable]).toEqual(['GW_ERR_STORE_UNAVAILABLE', 'busy', false]);
    expect(serializeError(new Error('plain'))).toEqual({ message: 'plain' });
  });
});
