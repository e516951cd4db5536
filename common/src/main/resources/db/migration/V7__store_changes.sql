-- The change feed of the stores, for the API's live stream (GET /api/v1/stores/stream).

-- One row each time a store changes in a way a client can see. Written by a trigger, so every writer is caught: the
-- API's requests, the EventApplier's batches, and anything added later. The id is the stream's event id; the API
-- reads the store's current row when it sends the change. The API purges rows older than API_STREAM_RETENTION (1 h).
CREATE TABLE store_changes (
    id         bigserial   PRIMARY KEY,
    store_id   uuid        NOT NULL,
    -- The store's tenant (null: the platform admin's), so a tenant's resume reads only its own changes.
    tenant_id  uuid,
    changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX store_changes_age ON store_changes (changed_at);
CREATE INDEX store_changes_tenant ON store_changes (tenant_id, id);

-- The highest change id purged: a client resuming from an id below it may have missed changes and must reload.
CREATE TABLE store_changes_purged (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    through   bigint  NOT NULL
);
INSERT INTO store_changes_purged (singleton, through) VALUES (true, 0);

-- NOTIFY wakes one listener per API replica; it reads every row after the last it saw, so the payload is only a hint.
CREATE FUNCTION store_changes_record() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    change_id bigint;
BEGIN
    INSERT INTO store_changes (store_id, tenant_id) VALUES (NEW.id, NEW.tenant_id) RETURNING id INTO change_id;
    PERFORM pg_notify('store_changes', change_id::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER stores_inserted AFTER INSERT ON stores
    FOR EACH ROW EXECUTE FUNCTION store_changes_record();

-- Only what the API shows of a store (StoreView): updated_at alone, deadline_at or quota_shard are no change to a
-- client, and a statement that rewrites a row unchanged (a redelivered event) records nothing.
CREATE TRIGGER stores_updated AFTER UPDATE ON stores
    FOR EACH ROW
    WHEN ((OLD.name, OLD.engine, OLD.plan, OLD.version, OLD.revision, OLD.status, OLD.status_reason, OLD.namespace,
           OLD.host, OLD.generation, OLD.ready_at, OLD.failure_step, OLD.failure_reason, OLD.failure_message,
           OLD.failed_at, OLD.tenant_id)
          IS DISTINCT FROM
          (NEW.name, NEW.engine, NEW.plan, NEW.version, NEW.revision, NEW.status, NEW.status_reason, NEW.namespace,
           NEW.host, NEW.generation, NEW.ready_at, NEW.failure_step, NEW.failure_reason, NEW.failure_message,
           NEW.failed_at, NEW.tenant_id))
    EXECUTE FUNCTION store_changes_record();

-- The metrics summary's time-to-ready percentiles look at the stores that became READY in the last day.
CREATE INDEX stores_ready_at ON stores (ready_at) WHERE ready_at IS NOT NULL;
