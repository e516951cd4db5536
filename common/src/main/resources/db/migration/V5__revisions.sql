-- Store lifecycle v2: plans, engine versions and revisions.

-- What a store runs now: its plan, its engine version and the revision that applied them (the last one that became
-- READY; an update in flight does not change them until it is READY). The defaults are for the previous release's
-- replicas while this one rolls out: they create WooCommerce stores only, on wordpress:6.6, on no particular plan
-- (the catalog's default, small). This release always writes all three.
ALTER TABLE stores
    ADD COLUMN plan     varchar(32) NOT NULL DEFAULT 'small',
    ADD COLUMN version  varchar(32) NOT NULL DEFAULT '6.6',
    ADD COLUMN revision integer     NOT NULL DEFAULT 1;
UPDATE stores SET version = '2.8' WHERE engine = 'medusa';

ALTER TABLE stores DROP CONSTRAINT stores_status_check;
ALTER TABLE stores ADD CONSTRAINT stores_status_check
    CHECK (status IN ('QUEUED', 'PROVISIONING', 'READY', 'UPDATING', 'FAILED', 'DELETING', 'DELETED'));

-- An update has a deadline like a provisioning attempt, and the reaper looks for stores past theirs through this.
DROP INDEX stores_deadline;
CREATE INDEX stores_deadline ON stores (deadline_at) WHERE status IN ('QUEUED', 'PROVISIONING', 'UPDATING');

-- Every configuration a store was asked to run, numbered per store from 1 (its creation). PENDING while it is being
-- applied; READY once it served (it stays READY afterwards: history, and a target for a rollback); FAILED with why
-- in reason; SUPERSEDED when a newer intent (update, rollback, delete) replaced it before it finished.
-- generation is the store generation of the intent that asked for it (a retry takes a FAILED revision over).
CREATE TABLE store_revisions (
    store_id   uuid        NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    revision   integer     NOT NULL,
    generation bigint      NOT NULL,
    version    varchar(32) NOT NULL,
    plan       varchar(32) NOT NULL,
    status     varchar(16) NOT NULL,
    reason     text,
    created_at timestamptz NOT NULL,
    ready_at   timestamptz,
    PRIMARY KEY (store_id, revision),
    CONSTRAINT store_revisions_status_check CHECK (status IN ('PENDING', 'READY', 'FAILED', 'SUPERSEDED'))
);

-- Revision 1 of every store there is: READY if the store ever was, FAILED with its reason if it is FAILED now,
-- PENDING while provisioning, SUPERSEDED if it was deleted before it ever became READY.
INSERT INTO store_revisions (store_id, revision, generation, version, plan, status, reason, created_at, ready_at)
SELECT id, 1, generation, version, plan,
       CASE WHEN ready_at IS NOT NULL THEN 'READY'
            WHEN status = 'FAILED' THEN 'FAILED'
            WHEN status IN ('QUEUED', 'PROVISIONING') THEN 'PENDING'
            ELSE 'SUPERSEDED' END,
       CASE WHEN ready_at IS NULL AND status = 'FAILED' THEN status_reason
            ELSE 'create: version ' || version || ', plan ' || plan END,
       created_at, ready_at
FROM stores;

-- The revision a timeline entry is about, when it is about one.
ALTER TABLE store_events ADD COLUMN revision integer;
