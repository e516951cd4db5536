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

-- expiresAt is part of what the API shows of a store (StoreView): a change of it is a change for the live stream (V7).
DROP TRIGGER stores_updated ON stores;
CREATE TRIGGER stores_updated AFTER UPDATE ON stores
    FOR EACH ROW
    WHEN ((OLD.name, OLD.engine, OLD.plan, OLD.version, OLD.revision, OLD.status, OLD.status_reason, OLD.namespace,
           OLD.host, OLD.generation, OLD.ready_at, OLD.failure_step, OLD.failure_reason, OLD.failure_message,
           OLD.failed_at, OLD.tenant_id, OLD.expires_at)
          IS DISTINCT FROM
          (NEW.name, NEW.engine, NEW.plan, NEW.version, NEW.revision, NEW.status, NEW.status_reason, NEW.namespace,
           NEW.host, NEW.generation, NEW.ready_at, NEW.failure_step, NEW.failure_reason, NEW.failure_message,
           NEW.failed_at, NEW.tenant_id, NEW.expires_at))
    EXECUTE FUNCTION store_changes_record();
