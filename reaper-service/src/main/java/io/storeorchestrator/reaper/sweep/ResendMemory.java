package io.storeorchestrator.reaper.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a sweep last sent for which store generation, so it does not repeat itself every interval while the API or
 * a worker is still catching up. In memory only: a new leader may send once more, which the receivers tolerate
 * (events are keyed by id, a TEARDOWN is idempotent).
 */
final class ResendMemory {

    private record Sent(long generation, Instant at) {
    }

    private final Map<UUID, Sent> sent = new ConcurrentHashMap<>();

    /** When something was last sent for this store at this generation; empty if never (or for another generation). */
    Optional<Instant> lastSent(UUID storeId, long generation) {
        Sent last = sent.get(storeId);
        return last != null && last.generation() == generation ? Optional.of(last.at()) : Optional.empty();
    }

    /** Whether to send (again): never sent for this store at this generation, or at least {@code resendAfter} ago. */
    boolean due(UUID storeId, long generation, Instant now, Duration resendAfter) {
        return lastSent(storeId, generation).map(at -> !at.plus(resendAfter).isAfter(now)).orElse(true);
    }

    void record(UUID storeId, long generation, Instant at) {
        sent.put(storeId, new Sent(generation, at));
    }

    /** Forgets every store not in {@code stillPending}, keeping the memory as small as the current backlog. */
    void retainOnly(Set<UUID> stillPending) {
        sent.keySet().retainAll(stillPending);
    }

    int size() {
        return sent.size();
    }
}
