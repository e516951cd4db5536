-- Cheap writes on the API's hot paths.

-- The live-store quota, counted in 16 shards so creates never queue on one row: a row lock is held until commit,
-- and commits wait for the WAL flush, so one counter row would serialize every create's flush (measured: creates
-- queued behind it at 200/s when the disk was slow). A create takes an unlocked shard that is below its share of
-- the quota (quota / 16, the first quota % 16 shards one more) and counts itself there in the statement that inserts
-- it; the shares add up to the quota, so creates on any number of API replicas never exceed it. A store remembers
-- its shard, and its DELETED event gives the place back there.
CREATE TABLE live_store_shards (
    shard smallint PRIMARY KEY,
    live  bigint   NOT NULL
);

-- Null for stores that were never counted: DELETED ones, and ones a replica of an older release creates while this
-- one rolls out (see docs/operations.md, Upgrades).
ALTER TABLE stores ADD COLUMN quota_shard smallint;
UPDATE stores SET quota_shard = mod(abs(hashtext(id::text)), 16) WHERE status <> 'DELETED';
INSERT INTO live_store_shards (shard, live)
SELECT g, (SELECT count(*) FROM stores WHERE quota_shard = g AND status <> 'DELETED')
FROM generate_series(0, 15) AS g;
