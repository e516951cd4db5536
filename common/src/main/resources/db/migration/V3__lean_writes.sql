-- Cheap writes on the API's hot paths.

-- How many stores are live (not DELETED), kept current by the API in the same statements that create stores and
-- apply DELETED events. A create checks the quota by moving this one row (WHERE live < quota) inside its single
-- statement, which is race-free across API replicas without counting every store under a global lock.
-- Counted once here; creates made by a replica of an older release while this one rolls out are not counted (see
-- docs/operations.md, Upgrades).
CREATE TABLE live_store_count (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    live      bigint  NOT NULL
);
INSERT INTO live_store_count (live) SELECT count(*) FROM stores WHERE status <> 'DELETED';
