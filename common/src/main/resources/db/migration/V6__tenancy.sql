-- Security and tenancy: tenants and their API keys, the tenant of every store and audit row, idempotent POSTs and
-- the shared rate limits. (V5 belongs to store revisions.)

-- A team using the platform. Soft-deleted, so the stores it had keep their owner; a deleted tenant's name is free.
CREATE TABLE tenants (
    id                  uuid         PRIMARY KEY,
    name                varchar(63)  NOT NULL,
    -- Live (not DELETED) stores it may have at once, on top of the platform's global maximum.
    max_stores          integer      NOT NULL CHECK (max_stores >= 0),
    -- Plans its stores may use; null: every plan of the catalog.
    allowed_plans       text[],
    -- Rate limits of its keys; null: the API's defaults (API_RATE_LIMIT_*).
    requests_per_minute integer      CHECK (requests_per_minute > 0),
    creates_per_minute  integer      CHECK (creates_per_minute > 0),
    created_at          timestamptz  NOT NULL,
    deleted_at          timestamptz
);
CREATE UNIQUE INDEX tenants_live_name ON tenants (name) WHERE deleted_at IS NULL;

-- A tenant's API keys. Only the SHA-256 of a key is kept: keys are 256 random bits, so the hash cannot be reversed
-- or guessed, and a lookup by hash needs no slow hash. last_used_at is refreshed at most once a minute.
CREATE TABLE api_keys (
    id           uuid         PRIMARY KEY,
    tenant_id    uuid         NOT NULL REFERENCES tenants (id),
    key_hash     bytea        NOT NULL UNIQUE,
    created_at   timestamptz  NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, created_at);

-- The tenant whose key created the store; null for stores the platform's admin created.
ALTER TABLE stores ADD COLUMN tenant_id uuid REFERENCES tenants (id);
-- A tenant's listing, and the count of its live stores its quota check makes.
CREATE INDEX stores_tenant_listing ON stores (tenant_id, created_at DESC, id DESC);

-- The tenant an audit row concerns (its store's, or the tenant whose keys changed), so a tenant reads only its own.
ALTER TABLE audit_log ADD COLUMN tenant_id uuid;
CREATE INDEX audit_log_tenant_recent ON audit_log (tenant_id, occurred_at DESC, id DESC);

-- Idempotency-Key on POSTs: the first request's response, kept 24 h, in the same transaction as what it did.
-- scope is the caller's tenant id ('platform' for the admin), so two tenants' keys never collide.
CREATE TABLE idempotency_keys (
    scope        varchar(64)  NOT NULL,
    key          varchar(255) NOT NULL,
    -- SHA-256 of method, path and body: the same key with another request is refused.
    fingerprint  bytea        NOT NULL,
    status       smallint     NOT NULL,
    body         text         NOT NULL,
    location     text,
    created_at   timestamptz  NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (created_at);

-- Token buckets of the rate limits, shared by every API replica: one upsert per check. UNLOGGED: a check writes no
-- WAL (so no flush per request); a crash forgets the buckets, which only lets a minute's burst through again.
CREATE UNLOGGED TABLE rate_limit_buckets (
    bucket      varchar(200)     PRIMARY KEY,
    tokens      double precision NOT NULL,
    refilled_at timestamptz      NOT NULL,
    -- The limit in force at the last check: a bucket holds at most capacity tokens and gains per_second of them.
    capacity    double precision NOT NULL,
    per_second  double precision NOT NULL,
    -- Whether the last check took a token (what the upsert returns).
    allowed     boolean          NOT NULL
);
CREATE INDEX rate_limit_buckets_idle ON rate_limit_buckets (refilled_at);
