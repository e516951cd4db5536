-- Backups and restore (issue 11). (V9 belongs to another part of issue 11.)

-- A restore moves a READY store to RESTORING until it is restored or put back as it was.
ALTER TABLE stores DROP CONSTRAINT stores_status_check;
ALTER TABLE stores ADD CONSTRAINT stores_status_check
    CHECK (status IN ('QUEUED', 'PROVISIONING', 'READY', 'UPDATING', 'FAILED', 'DELETING', 'DELETED', 'RESTORING'));

-- A store's backups. The API inserts a row (RUNNING) with the command that takes it, in the request's transaction;
-- the worker's BACKUP_SUCCEEDED / BACKUP_FAILED event ends it. The dump itself lives in object storage under
-- <BACKUP_S3_PREFIX>/<store_id>/<id>/: never in this database, and no credential anywhere in a row.
CREATE TABLE store_backups (
    id          uuid         PRIMARY KEY,
    store_id    uuid         NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    -- MANUAL (POST .../backups), PRE_RESTORE (taken by a restore before it touches anything).
    kind        varchar(16)  NOT NULL CHECK (kind IN ('MANUAL', 'SCHEDULED', 'PRE_RESTORE')),
    status      varchar(16)  NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
    -- The engine and version it was taken from: a dump is restored only into the same engine.
    engine      varchar(32)  NOT NULL,
    version     varchar(32)  NOT NULL,
    size_bytes  bigint       CHECK (size_bytes >= 0),
    reason      text,
    created_at  timestamptz  NOT NULL,
    finished_at timestamptz
);
CREATE INDEX store_backups_listing ON store_backups (store_id, created_at DESC, id DESC);

-- A store created from another store's backup ("fromBackup"): provisioned as usual, then, when it is first READY, the
-- API moves it to RESTORING with a RESTORE of that backup and removes the row.
CREATE TABLE store_clones (
    store_id        uuid  PRIMARY KEY REFERENCES stores (id) ON DELETE CASCADE,
    backup_id       uuid  NOT NULL,
    source_store_id uuid  NOT NULL
);
