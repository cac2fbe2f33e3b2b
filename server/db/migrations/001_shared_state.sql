-- Shared state of several Meridian instances: conversations, the audit chain, feedback,
-- rate-limit buckets and revoked tokens. Applied once, in order, by server/db/migrate.ts.

CREATE TABLE conversations (
  id text PRIMARY KEY,
  owner_id text NOT NULL,
  mode text NOT NULL CHECK (mode IN ('customer', 'rm')),
  customer_id text,
  turns jsonb NOT NULL DEFAULT '[]',
  state jsonb NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversations_updated_at ON conversations (updated_at);

-- The audit log is one hash chain: each record's hash covers the previous hash and the record's
-- canonical JSON (stored verbatim in `record`, so verification rehashes exactly what was hashed).
-- The single head row is locked (SELECT … FOR UPDATE) by every append: appends from all
-- instances are serialised, and a record and its link commit together or not at all.
CREATE TABLE audit_chain_head (
  id smallint PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));

CREATE TABLE audit_records (
  seq bigint PRIMARY KEY,
  audit_id text NOT NULL UNIQUE,
  at timestamptz NOT NULL,
  mode text NOT NULL,
  customer_id text,
  escalation boolean NOT NULL,
  record text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL UNIQUE
);
CREATE INDEX audit_records_escalations ON audit_records (seq DESC) WHERE escalation;

CREATE TABLE feedback (
  seq bigserial PRIMARY KEY,
  id uuid NOT NULL UNIQUE,
  audit_id text NOT NULL,
  rating text NOT NULL CHECK (rating IN ('up', 'down')),
  comment text,
  by_role text NOT NULL CHECK (by_role IN ('rm', 'customer')),
  by_id text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX feedback_audit_id ON feedback (audit_id);

-- Token buckets, refilled on the database clock (instances' clocks may differ).
CREATE TABLE rate_limit_buckets (
  key text PRIMARY KEY,
  tokens double precision NOT NULL,
  at_ms double precision NOT NULL,
  allowed boolean NOT NULL
);
CREATE INDEX rate_limit_buckets_at ON rate_limit_buckets (at_ms);

CREATE TABLE revoked_tokens (
  token_id text PRIMARY KEY,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX revoked_tokens_expires_at ON revoked_tokens (expires_at);
