-- A check may take several tokens at once: an API replica reserves them for a key with a high limit and spends them
-- locally (api.ratelimit.RateLimiter). What the last check took, for the upsert to return; allowed stays for replicas
-- of the previous version during a rolling upgrade.
ALTER TABLE rate_limit_buckets ADD COLUMN granted integer NOT NULL DEFAULT 0;
