-- Store intents and their lifecycle. Owned by api-service (it runs Flyway); workers and the reaper only read it.
CREATE TABLE stores (
    id            uuid         PRIMARY KEY,
    name          varchar(30)  NOT NULL,
    engine        varchar(32)  NOT NULL,
    status        varchar(16)  NOT NULL,
    status_reason text,
    namespace     varchar(63)  NOT NULL,
    host          varchar(253) NOT NULL,
    -- Bumped by every new intent (retry, delete); workers fence their commands on it.
    generation    bigint       NOT NULL,
    -- When the current provisioning attempt must have finished; the reaper fails stores past it.
    deadline_at   timestamptz,
    created_at    timestamptz  NOT NULL,
    updated_at    timestamptz  NOT NULL,
    ready_at      timestamptz,
    deleted_at    timestamptz,
    CONSTRAINT stores_status_check CHECK (status IN ('QUEUED', 'PROVISIONING', 'READY', 'FAILED', 'DELETING', 'DELETED'))
);

-- A name is unique among stores that are not DELETED, so a deleted store's name can be reused.
CREATE UNIQUE INDEX stores_live_name ON stores (name) WHERE status <> 'DELETED';
CREATE INDEX stores_listing ON stores (created_at DESC, id DESC);
CREATE INDEX stores_status_listing ON stores (status, created_at DESC, id DESC);
CREATE INDEX stores_deadline ON stores (deadline_at) WHERE status IN ('QUEUED', 'PROVISIONING');

-- The timeline of each store: what the API accepted and what the workers did, step by step.
CREATE TABLE store_events (
    id          uuid         PRIMARY KEY,
    store_id    uuid         NOT NULL REFERENCES stores (id),
    generation  bigint       NOT NULL,
    type        varchar(32)  NOT NULL,
    step        varchar(64)  NOT NULL,
    message     text         NOT NULL,
    occurred_at timestamptz  NOT NULL,
    recorded_at timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX store_events_timeline ON store_events (store_id, occurred_at, recorded_at);

-- Transactional outbox: written in the same transaction as the intent, published by the relay with confirms.
CREATE TABLE outbox (
    id           bigserial    PRIMARY KEY,
    store_id     uuid         NOT NULL,
    exchange     varchar(255) NOT NULL,
    routing_key  varchar(64)  NOT NULL,
    message_id   varchar(64)  NOT NULL,
    message_type varchar(64)  NOT NULL,
    payload      bytea        NOT NULL,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    published_at timestamptz,
    attempts     integer      NOT NULL DEFAULT 0,
    last_error   text
);
CREATE INDEX outbox_pending ON outbox (id) WHERE published_at IS NULL;

-- Who did what to which store, when.
CREATE TABLE audit_log (
    id          bigserial    PRIMARY KEY,
    store_id    uuid,
    store_name  varchar(30),
    action      varchar(32)  NOT NULL,
    actor       varchar(128) NOT NULL,
    source_ip   varchar(64),
    detail      text,
    occurred_at timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_recent ON audit_log (occurred_at DESC, id DESC);
