-- Reaper v2: store expiry, retention and the reaper's own audit rows. (V7 belongs to the store change stream.)

-- When the store is deleted by the reaper (null: never), and when its EXPIRING notice was applied. A notice counts
-- for an expiry when it was given at most REAPER_EXPIRY_NOTICE before it, so extending the expiry earns a new one.
ALTER TABLE stores
    ADD COLUMN expires_at        timestamptz,
    ADD COLUMN expiry_noticed_at timestamptz;

-- What the reaper reads every sweep, each bounded and in the order it acts: soonest expiry, oldest failure, oldest
-- deletion; and the live stores by id, a page at a time, for the namespace check.
CREATE INDEX stores_expiry ON stores (expires_at) WHERE expires_at IS NOT NULL AND status NOT IN ('DELETING', 'DELETED');
CREATE INDEX stores_failed_since ON stores (failed_at) WHERE status = 'FAILED';
CREATE INDEX stores_deleted_since ON stores (deleted_at) WHERE status = 'DELETED';
CREATE INDEX stores_live_by_id ON stores (id) WHERE status IN ('READY', 'UPDATING');

-- A tenant's default time to live for the stores its keys create without one; null: the installation's default
-- (API_STORE_DEFAULT_TTL), which is off unless set.
ALTER TABLE tenants ADD COLUMN default_ttl_seconds bigint CHECK (default_ttl_seconds > 0);

-- Rows the reaper writes itself (namespaces it deleted, what a dry run would have done) carry a key that names the
-- action and its target, so a report repeated by every sweep, or by a new leader, is recorded once.
ALTER TABLE audit_log ADD COLUMN dedupe_key varchar(200);
CREATE UNIQUE INDEX audit_log_dedupe ON audit_log (dedupe_key) WHERE dedupe_key IS NOT NULL;
