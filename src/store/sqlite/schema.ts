/**
 * SQLite schema migrations, numbered; applied in order at open and recorded in
 * `schema_migrations`. Never edit a released migration: add the next number. The PostgreSQL list in
 * ../postgres/schema.ts has the same numbers, tables, columns and indexes; only the types differ
 * (times are epoch milliseconds here, timestamptz there; booleans 0/1; JSON as text).
 *
 * The indexes follow the queries in core/: mailbox listing and leasing (open deliveries per
 * destination), reference search and timelines (refs by kind and value), message timelines
 * (events by message), the duplicate window (interchange_refs' primary key), ack matching
 * (outbound messages by partner and control reference) and the recovery sweep (unfinished messages,
 * open deliveries). Partial indexes keep the hot ones small: they hold only rows still in play.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const sqliteMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'messages, documents, references, deliveries, events, counters',
    sql: `
CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  received_at INTEGER NOT NULL,
  partner_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  format TEXT NOT NULL,
  content_type TEXT NOT NULL,
  payload BLOB NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  sender_id TEXT,
  sender_qualifier TEXT,
  recipient_id TEXT,
  recipient_qualifier TEXT,
  control_ref TEXT,
  message_types TEXT,
  test_indicator INTEGER NOT NULL DEFAULT 0,
  ack_requested INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('received', 'processing', 'processed', 'rejected', 'unrouted', 'duplicate', 'failed', 'generated')),
  status_at INTEGER NOT NULL,
  findings TEXT NOT NULL DEFAULT '[]',
  related_id TEXT REFERENCES messages (id),
  relation TEXT,
  ack_state TEXT CHECK (ack_state IN ('awaited', 'received', 'overdue')),
  ack_due_at INTEGER,
  ack_received_at INTEGER,
  idempotency_key TEXT
) STRICT;
CREATE INDEX messages_by_partner ON messages (partner_id, id);
CREATE INDEX messages_unfinished ON messages (id) WHERE status IN ('received', 'processing');
CREATE INDEX messages_by_related ON messages (related_id) WHERE related_id IS NOT NULL;
CREATE INDEX messages_outbound_by_ref ON messages (partner_id, control_ref, id) WHERE direction = 'outbound';
CREATE INDEX messages_acks_awaited ON messages (ack_due_at) WHERE ack_state = 'awaited';

CREATE TABLE message_types (
  message_id TEXT NOT NULL REFERENCES messages (id),
  message_type TEXT NOT NULL,
  PRIMARY KEY (message_id, message_type)
) STRICT, WITHOUT ROWID;
CREATE INDEX message_types_by_type ON message_types (message_type, message_id);

-- Claimed in the receive transaction before the message row exists, hence no foreign key.
CREATE TABLE idempotency_keys (
  partner_id TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  message_id TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  answer TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (partner_id, idem_key)
) STRICT, WITHOUT ROWID;

-- One row per (partner, UNB sender, control reference): the latest message that used it.
CREATE TABLE interchange_refs (
  partner_id TEXT NOT NULL,
  sender_id TEXT NOT NULL,
  sender_qualifier TEXT NOT NULL,
  control_ref TEXT NOT NULL,
  message_id TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (partner_id, sender_id, sender_qualifier, control_ref)
) STRICT, WITHOUT ROWID;

CREATE TABLE documents (
  id TEXT PRIMARY KEY,
  message_id TEXT NOT NULL REFERENCES messages (id),
  partner_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  type TEXT NOT NULL,
  function TEXT NOT NULL CHECK (function IN ('original', 'replace', 'cancel')),
  business_key TEXT,
  body TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('active', 'superseded', 'withdrawn')),
  supersedes_id TEXT REFERENCES documents (id),
  superseded_by_id TEXT
) STRICT;
CREATE INDEX documents_by_message ON documents (message_id);
CREATE INDEX documents_active_by_key ON documents (partner_id, type, business_key, id) WHERE state = 'active';

CREATE TABLE refs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id TEXT NOT NULL REFERENCES messages (id),
  document_id TEXT REFERENCES documents (id),
  kind TEXT NOT NULL,
  value TEXT NOT NULL
) STRICT;
CREATE INDEX refs_by_value ON refs (kind, value, message_id, document_id);
CREATE INDEX refs_by_message ON refs (message_id);

CREATE TABLE deliveries (
  id TEXT PRIMARY KEY,
  message_id TEXT NOT NULL REFERENCES messages (id),
  document_id TEXT REFERENCES documents (id),
  document_type TEXT,
  source_partner_id TEXT NOT NULL,
  destination_id TEXT NOT NULL,
  format TEXT NOT NULL,
  channel TEXT NOT NULL,
  content_type TEXT,
  payload BLOB,
  size INTEGER,
  status TEXT NOT NULL CHECK (status IN ('pending', 'leased', 'delivered', 'acknowledged', 'failed', 'dead', 'withdrawn')),
  status_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  lease_holder TEXT,
  lease_expires_at INTEGER,
  test_indicator INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX deliveries_open_by_destination ON deliveries (destination_id, id) WHERE status IN ('pending', 'leased');
CREATE INDEX deliveries_retryable ON deliveries (id) WHERE status IN ('pending', 'failed');
CREATE INDEX deliveries_dead ON deliveries (id) WHERE status = 'dead';
CREATE INDEX deliveries_by_message ON deliveries (message_id);
CREATE INDEX deliveries_by_document ON deliveries (document_id) WHERE document_id IS NOT NULL;
CREATE INDEX deliveries_by_source ON deliveries (source_partner_id, id);

CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id TEXT NOT NULL REFERENCES messages (id),
  delivery_id TEXT REFERENCES deliveries (id),
  at INTEGER NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL
) STRICT;
CREATE INDEX events_by_message ON events (message_id, at, id);
CREATE INDEX events_by_delivery ON events (delivery_id, id) WHERE delivery_id IS NOT NULL;
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
`,
  },
  {
    version: 2,
    name: 'drop refs_by_message: no query reads references by message',
    // Every reference query looks up (kind, value) through refs_by_value; refs_by_message only cost
    // an index insert per reference (22 per 20-container CODECO) in every completion. Nothing
    // deletes messages, so the foreign key does not need it either.
    sql: 'DROP INDEX IF EXISTS refs_by_message;',
  },
  {
    version: 3,
    name: 'messages.purged_at: when the retention purge removed the payload',
    // The row, its envelope, findings, documents, references and events stay; only the payload
    // bytes go (see core/retention.ts). A new column with no default rewrites no rows.
    sql: 'ALTER TABLE messages ADD COLUMN purged_at INTEGER;',
  },
];
