package io.storeorchestrator.api.events;

import io.micronaut.transaction.annotation.Transactional;
import io.storeorchestrator.api.store.AuditEntry;
import io.storeorchestrator.api.store.AuditRepository;
import io.storeorchestrator.api.store.Origin;
import io.storeorchestrator.api.store.StoreRepository;
import io.storeorchestrator.api.store.StoreRow;
import io.storeorchestrator.api.store.TimelineEntry;
import io.storeorchestrator.api.store.TimelineRepository;
import io.storeorchestrator.common.domain.StoreStateMachine;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.messaging.StoreEvent;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Applies a worker or reaper event to the store it is about, in one transaction: the timeline always gets the entry;
 * the status moves only when the event belongs to the store's current generation and the state machine allows it,
 * so a late event from a superseded command can never undo a newer intent.
 */
@Singleton
public class EventApplier {

    /** What applying an event did. */
    public enum Outcome {
        /** Recorded in the timeline and moved the store's status. */
        STATUS_CHANGED,
        /** Recorded in the timeline only (no status change, a stale generation, or an illegal move). */
        RECORDED,
        /** Already recorded: a redelivery. */
        DUPLICATE,
        /** No such store: the event can never apply. */
        UNKNOWN_STORE
    }

    private final StoreRepository stores;
    private final TimelineRepository timeline;
    private final AuditRepository audit;

    public EventApplier(StoreRepository stores, TimelineRepository timeline, AuditRepository audit) {
        this.stores = stores;
        this.timeline = timeline;
        this.audit = audit;
    }

    @Transactional
    public Outcome apply(StoreEvent event) {
        // The row lock orders this against API intents (delete, retry) on the same store.
        Optional<StoreRow> found = stores.findByIdForUpdate(event.storeId());
        if (found.isEmpty()) {
            return Outcome.UNKNOWN_STORE;
        }
        StoreRow store = found.get();
        boolean recorded = timeline.insertIfAbsent(new TimelineEntry(event.eventId(), event.storeId(),
                event.generation(), event.type().name(), event.step(), event.message(), event.occurredAt()));
        if (!recorded) {
            return Outcome.DUPLICATE;
        }
        Optional<StoreStatus> target = event.type().resultingStatus();
        if (target.isEmpty() || event.generation() != store.generation()
                || !StoreStateMachine.canTransition(store.status(), target.get())) {
            return Outcome.RECORDED;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        StoreRow changed = stores.update(store.withReportedStatus(target.get(), event.message(), now));
        String detail = store.status() + " -> " + changed.status() + " (generation " + store.generation() + ", step "
                + event.step() + ")" + (changed.status() == StoreStatus.FAILED ? ": " + event.message() : "");
        audit.save(AuditEntry.of(changed, AuditEntry.STATUS_CHANGED, Origin.SYSTEM, detail, now));
        return Outcome.STATUS_CHANGED;
    }
}
