package io.storeorchestrator.api.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Revisions of one store, oldest first: all of them, or the ones a decision needs. Immutable; {@link #with} gives the
 * revisions after one changed.
 */
public record StoreRevisions(List<StoreRevision> all) {

    public StoreRevisions {
        all = all.stream().sorted(Comparator.comparingInt(StoreRevision::revision)).toList();
    }

    public static StoreRevisions none() {
        return new StoreRevisions(List.of());
    }

    public Optional<StoreRevision> find(int revision) {
        return all.stream().filter(r -> r.revision() == revision).findFirst();
    }

    /**
     * The highest revision number the store has used. Never below the store's own: a store a previous release created
     * during a rollout has no revision rows.
     */
    public int latest(StoreRow store) {
        return Math.max(store.revision(), all.isEmpty() ? 0 : all.getLast().revision());
    }

    /** The revision the intent of {@code generation} asked for (creation, update, rollback, retry), if any. */
    public Optional<StoreRevision> askedFor(long generation) {
        return all.reversed().stream().filter(r -> r.generation() == generation).findFirst();
    }

    /** The revision being applied for {@code generation}: asked for by that intent and not finished. */
    public Optional<StoreRevision> inFlight(long generation) {
        return askedFor(generation).filter(r -> r.status() == RevisionStatus.PENDING);
    }

    /** These revisions after {@code changed} replaced the one with its number (or was added). */
    public StoreRevisions with(StoreRevision changed) {
        List<StoreRevision> next = new ArrayList<>(all.size() + 1);
        all.stream().filter(r -> r.revision() != changed.revision()).forEach(next::add);
        next.add(changed);
        return new StoreRevisions(next);
    }
}
