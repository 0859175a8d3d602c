import { defineErrors } from '../define.js';

/**
 * The gateway service: the HTTP edge (authentication, request shape, size), the pipeline stages
 * that cannot do their work yet or at all (format, mapping, rendering), deliveries, queues and
 * acknowledgements from partners.
 */
export const serviceErrors = defineErrors({
  GW_ERR_UNAUTHORIZED: { severity: 'error', http: 401, title: 'No API key, or a key the gateway does not know, was presented (Authorization: Bearer <key>).' },
  GW_ERR_FORBIDDEN: { severity: 'error', http: 403, title: 'The key is valid but may not use this endpoint (an admin endpoint called with a partner key).' },
  GW_ERR_NOT_FOUND: { severity: 'error', http: 404, title: 'Nothing with this id exists that the caller may see.' },
  GW_ERR_PAYLOAD_PURGED: { severity: 'error', http: 410, title: 'The message is on record, but its payload was removed by the retention purge (retention.payloadDays); its envelope, findings, documents and timeline remain.' },
  GW_ERR_BAD_REQUEST: { severity: 'error', http: 400, title: 'The request does not have the shape the endpoint expects (query parameter, header or body).' },
  GW_ERR_BODY_TOO_LARGE: { severity: 'error', http: 413, title: 'The message is larger than the configured body limit (EDIGW_BODY_LIMIT).' },
  GW_ERR_EMPTY_BODY: { severity: 'error', http: 400, title: 'The request has no body: there is no message to accept.' },
  GW_ERR_SENDER_MISMATCH: { severity: 'error', contrl: '23', http: 403, title: 'The interchange names a sender (UNB S002 or the customs Head SenderID) that is not the authenticated partner.' },
  GW_ERR_RECIPIENT_UNKNOWN: { severity: 'warning', contrl: '7', title: 'The interchange is addressed (UNB S003) neither to the hub nor to a partner it knows.' },
  GW_ERR_FORMAT_UNKNOWN: { severity: 'error', contrl: '18', title: 'The message is neither UN/EDIFACT, XML nor JSON, so the gateway cannot read it.' },
  GW_ERR_FORMAT_NOT_ALLOWED: { severity: 'error', title: 'The partner may not send this format (partner setting formats.inbound).' },
  GW_ERR_JSON_INVALID: { severity: 'error', title: 'The body is not well-formed JSON.' },
  GW_ERR_TEST_TRAFFIC: { severity: 'info', title: 'The interchange is test traffic (UNB 0035 = 1): it goes only to partners that accept test traffic, never to customs.' },
  GW_ERR_MAPPING_UNAVAILABLE: { severity: 'warning', title: 'The gateway has no mapping yet from this message to a canonical document: the message is kept as unrouted.' },
  GW_ERR_RENDER_UNAVAILABLE: { severity: 'error', title: 'The gateway cannot yet render the document in the destination\'s format; the delivery becomes a dead letter until it can (replay it then).' },
  GW_ERR_RENDER_FAILED: { severity: 'error', title: 'Rendering the document in the destination\'s format failed (a value the format cannot carry, a missing field).' },
  GW_ERR_DELIVERY_TRANSIENT: { severity: 'warning', title: 'A delivery attempt failed for a reason that may pass (network error, timeout, HTTP 408, 429 or 5xx); the queue retries it.' },
  GW_ERR_DELIVERY_REFUSED: { severity: 'error', title: 'The destination refused the delivery for good (HTTP 4xx other than 408 and 429); it becomes a dead letter at once.' },
  GW_ERR_DELIVERY_DEAD: { severity: 'error', title: 'Every delivery attempt failed: the delivery is a dead letter, listed and replayable through the admin API.' },
  GW_ERR_ACK_UNMATCHED: { severity: 'warning', title: 'A CONTRL, APERAK or customs receipt from a partner names an interchange the gateway did not send to that partner.' },
  GW_ERR_ACK_RECEIVED: { severity: 'info', title: 'The message is an acknowledgement from a partner; it is matched to the interchange it acknowledges and never acknowledged again.' },
  GW_ERR_QUEUE_UNAVAILABLE: { severity: 'warning', title: 'Redis cannot be reached: messages are still accepted and stored, and the recovery sweep queues them once Redis is back.' },
  GW_ERR_INTERNAL: { severity: 'error', http: 500, title: 'The gateway failed inside while handling the request (a bug, or a dependency that is down); the details are in its log.' },
  GW_ERR_PROCESSING_FAILED: { severity: 'error', title: 'Processing failed for an internal reason after every retry (not because of the message); the message is kept as failed for an operator.' },
});
