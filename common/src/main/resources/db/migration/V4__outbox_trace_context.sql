-- The W3C trace context (traceparent) of the request that wrote an outbox row, so the command the relay publishes
-- later, from another thread and maybe another replica, continues the request's trace. Null when tracing is off.
ALTER TABLE outbox ADD COLUMN traceparent varchar(128);
