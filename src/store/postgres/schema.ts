import type { Migration } from '../sqlite/schema.js';

/**
 * PostgreSQL schema migrations: the same numbers, tables, columns and indexes as
 * ../sqlite/schema.ts (read its header for why each index exists), in PostgreSQL types. Ids use the
 * "C" collation so that they sort byte-wise, as ULID ordering requires, whatever the database's
 * default collation. Statements run in one transaction per open, under an advisory lock.
 */
export const postgresMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'messages, documents, references, deliveries, events, counters',
    sql: `
CREATE TABLE messages (
  id text COLLATE "C" PRIMARY KEY,
  received_at timestamptz NOT NULL,
  partner_id text NOT NULL,
  channel text NOT NULL,
  direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  format text NOT NULL,
  content_type text NOT NULL,
  payload bytea NOT NULL,
  size integer NOT NULL,
  sha256 text NOT NULL,
  sender_id text,
  sender_qualifier text,
  recipient_id text,
  recipient_qualifier text,
  control_ref text,
  message_types json,
  test_indicator boolean NOT NULL DEFAULT false,
  ack_requested boolean NOT NULL DEFAULT false,
  status text NOT NULL CHECK (status IN ('received', 'processing', 'processed', 'rejected', 'unrouted', 'duplicate', 'failed', 'generated')),
  status_at timestamptz NOT NULL,
  findings json NOT NULL DEFAULT '[]',
  related_id text COLLATE "C" REFERENCES messages (id),
  relation text,
  ack_state text CHECK (ack_state IN ('awaited', 'received', 'overdue')),
  ack_due_at timestamptz,
  ack_received_at timestamptz,
  idempotency_key text
);
CREATE INDEX messages_by_partner ON messages (partner_id, id);
CREATE INDEX messages_unfinished ON messages (id) WHERE status IN ('received', 'processing');
CREATE INDEX messages_by_related ON messages (related_id) WHERE related_id IS NOT NULL;
CREATE INDEX messages_outbound_by_ref ON messages (partner_id, control_ref, id) WHERE direction = 'outbound';
CREATE INDEX messages_acks_awaited ON messages (ack_due_at) WHERE ack_state = 'awaited';

CREATE TABLE message_types (
  message_id text COLLATE "C" NOT NULL REFERENCES messages (id),
  message_type text NOT NULL,
  PRIMARY KEY (message_id, message_type)
);
CREATE INDEX message_types_by_type ON message_types (message_type, message_id);

-- Claimed in the receive transaction before the message row exists, hence no foreign key.
CREATE TABLE idempotency_keys (
  partner_id text NOT NULL,
  idem_key text NOT NULL,
  message_id text COLLATE "C" NOT NULL,
  sha256 text NOT NULL,
  answer json,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (partner_id, idem_key)
);

CREATE TABLE interchange_refs (
  partner_id text NOT NULL,
  sender_id text NOT NULL,
  sender_qualifier text NOT NULL,
  control_ref text NOT NULL,
  message_id text COLLATE "C" NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (partner_id, sender_id, sender_qualifier, control_ref)
);

CREATE TABLE documents (
  id text COLLATE "C" PRIMARY KEY,
  message_id text COLLATE "C" NOT NULL REFERENCES messages (id),
  partner_id text NOT NULL,
  created_at timestamptz NOT NULL,
  type text NOT NULL,
  function text NOT NULL CHECK (function IN ('original', 'replace', 'cancel')),
  business_key text,
  body json NOT NULL,
  state text NOT NULL CHECK (state IN ('active', 'superseded', 'withdrawn')),
  supersedes_id text COLLATE "C" REFERENCES documents (id),
  superseded_by_id text COLLATE "C"
);
CREATE INDEX documents_by_message ON documents (message_id);
CREATE INDEX documents_active_by_key ON documents (partner_id, type, business_key, id) WHERE state = 'active';

CREATE TABLE refs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  message_id text COLLATE "C" NOT NULL REFERENCES messages (id),
  document_id text COLLATE "C" REFERENCES documents (id),
  kind text NOT NULL,
  value text NOT NULL
);
CREATE INDEX refs_by_value ON refs (kind, value, message_id, document_id);
CREATE INDEX refs_by_message ON refs (message_id);

CREATE TABLE deliveries (
  id text COLLATE "C" PRIMARY KEY,
  message_id text COLLATE "C" NOT NULL REFERENCES messages (id),
  document_id text COLLATE "C" REFERENCES documents (id),
  document_type text,
  source_partner_id text NOT NULL,
  destination_id text NOT NULL,
  format text NOT NULL,
  channel text NOT NULL,
  content_type text,
  payload bytea,
  size integer,
  status text NOT NULL CHECK (status IN ('pending', 'leased', 'delivered', 'acknowledged', 'failed', 'dead', 'withdrawn')),
  status_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  lease_holder text,
  lease_expires_at timestamptz,
  test_indicator boolean NOT NULL DEFAULT false
);
CREATE INDEX deliveries_open_by_destination ON deliveries (destination_id, id) WHERE status IN ('pending', 'leased');
CREATE INDEX deliveries_retryable ON deliveries (id) WHERE status IN ('pending', 'failed');
CREATE INDEX deliveries_dead ON deliveries (id) WHERE status = 'dead';
CREATE INDEX deliveries_by_message ON deliveries (message_id);
CREATE INDEX deliveries_by_document ON deliveries (document_id) WHERE document_id IS NOT NULL;
CREATE INDEX deliveries_by_source ON deliveries (source_partner_id, id);

CREATE TABLE events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  message_id text COLLATE "C" NOT NULL REFERENCES messages (id),
  delivery_id text COLLATE "C" REFERENCES deliveries (id),
  at timestamptz NOT NULL,
  type text NOT NULL,
  data json NOT NULL
);
CREATE INDEX events_by_message ON events (message_id, at, id);
CREATE INDEX events_by_delivery ON events (delivery_id, id) WHERE delivery_id IS NOT NULL;
CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'events are append-only';
END
$fn$;
CREATE TRIGGER events_append_only_row BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION events_append_only();
CREATE TRIGGER events_append_only_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();

CREATE TABLE counters (
  name text PRIMARY KEY,
  value bigint NOT NULL
);
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
    sql: 'ALTER TABLE messages ADD COLUMN purged_at timestamptz;',
  },
];
