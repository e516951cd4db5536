-- Provisioning engine v2.

-- Serializes the commands of one store across any number of workers without holding a connection: a worker takes
-- the lease for the few seconds it applies objects or checks readiness, renews it at every fence check, and lets
-- it go when the store parks to wait. A worker that dies simply lets it expire.
CREATE TABLE store_leases (
    store_id    uuid         PRIMARY KEY REFERENCES stores (id) ON DELETE CASCADE,
    holder      varchar(128) NOT NULL,
    acquired_at timestamptz  NOT NULL,
    expires_at  timestamptz  NOT NULL
);

-- Why a store failed, as data ({step, reason, message, at}); status_reason is rendered from it.
ALTER TABLE stores
    ADD COLUMN failure_step    varchar(64),
    ADD COLUMN failure_reason  varchar(128),
    ADD COLUMN failure_message text,
    ADD COLUMN failed_at       timestamptz;

-- FAILED events carry their machine-readable reason; STEP events how long the step took.
ALTER TABLE store_events
    ADD COLUMN reason      varchar(128),
    ADD COLUMN duration_ms bigint;
