-- Custom domains (issue 11): hosts a store's owner brings, verified by a DNS TXT record before they are served.
-- (V9 and V10 belong to the other parts of issue 11.)
--
-- PENDING_VERIFICATION: the API looks for the TXT record (next_check_at, backing off, until verify_deadline);
-- VERIFIED: found; a DOMAINS command asks the workers to put the host on the store's custom-domain Ingress with a
-- Certificate; ACTIVE: a worker did; FAILED: the record was not found in time, or the worker could not serve it
-- (reason says which). A FAILED row keeps its token, so asking for the host again restarts the same verification.
CREATE TABLE store_domains (
    id              uuid         PRIMARY KEY,
    store_id        uuid         NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    host            varchar(253) NOT NULL,
    state           varchar(24)  NOT NULL,
    reason          text,
    token           varchar(64)  NOT NULL,
    checks          integer      NOT NULL DEFAULT 0,
    next_check_at   timestamptz,
    verify_deadline timestamptz  NOT NULL,
    created_at      timestamptz  NOT NULL,
    verified_at     timestamptz,
    active_at       timestamptz,
    failed_at       timestamptz,
    CONSTRAINT store_domains_state_check CHECK (state IN ('PENDING_VERIFICATION', 'VERIFIED', 'ACTIVE', 'FAILED')),
    CONSTRAINT store_domains_host_lower CHECK (host = lower(host))
);

-- One row per store and host; and a host is held by one store at a time, whatever its tenant, unless its domain
-- FAILED: the database decides, so two concurrent requests for one host cannot both win (23505 → DOMAIN_TAKEN).
CREATE UNIQUE INDEX store_domains_store_host ON store_domains (store_id, host);
CREATE UNIQUE INDEX store_domains_live_host ON store_domains (host) WHERE state <> 'FAILED';
-- What the verifier claims each round, soonest first.
CREATE INDEX store_domains_due ON store_domains (next_check_at) WHERE state = 'PENDING_VERIFICATION';

-- A store being deleted frees its hosts at once, whoever deletes it (a DELETE request, the reaper's expiry or
-- retention): the namespace, its Ingresses and Certificates go with the teardown.
CREATE FUNCTION store_domains_release() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM store_domains WHERE store_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER stores_release_domains AFTER UPDATE OF status ON stores
    FOR EACH ROW
    WHEN (NEW.status IN ('DELETING', 'DELETED') AND OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION store_domains_release();
