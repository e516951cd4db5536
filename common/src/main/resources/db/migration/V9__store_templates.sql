-- Store templates (issue 11): the catalog template a store was created from (null: none). Set at create and never
-- changed, so the live stream's trigger (V7, V8) need not watch it; a retry's PROVISION installs it again.
ALTER TABLE stores ADD COLUMN template varchar(40);
