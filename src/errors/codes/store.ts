import { defineErrors } from '../define.js';

/** The store: durable ingest, duplicates, idempotency and the database itself. */
export const storeErrors = defineErrors({
  GW_ERR_DUPLICATE_INTERCHANGE: { severity: 'error', contrl: '26', http: 409, title: 'An interchange with the same sender and interchange control reference (UNB 0020) was already received within the duplicate window.' },
  GW_ERR_IDEMPOTENCY_KEY_REUSED: { severity: 'error', http: 422, title: 'The Idempotency-Key was already used for a request with a different payload.' },
  GW_ERR_STORE_UNAVAILABLE: { severity: 'error', http: 503, title: 'The message store cannot be opened or reached, so nothing can be accepted right now.' },
  GW_ERR_STORE_SCHEMA_TOO_NEW: { severity: 'error', title: 'The database was migrated by a newer version of the gateway than the one running.' },
  GW_ERR_STORE_INVALID_INPUT: { severity: 'error', title: 'The store was asked to save a value it cannot hold (a bug in the caller, not in the partner\'s message).' },
});
