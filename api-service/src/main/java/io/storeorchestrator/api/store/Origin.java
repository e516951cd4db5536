package io.storeorchestrator.api.store;

/**
 * Who asked for a change, for the audit log.
 *
 * @param actor    the caller's self-declared name (X-Actor), or "anonymous"; "system" for worker and reaper events
 * @param sourceIp the client address (first X-Forwarded-For hop or the socket's remote address); null for "system"
 */
public record Origin(String actor, String sourceIp) {

    public static final Origin SYSTEM = new Origin("system", null);
    /** What the reaper asked for: an expired store's deletion, a retention's deletion or purge. */
    public static final Origin REAPER = new Origin("reaper", null);
}
