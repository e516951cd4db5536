package io.storeorchestrator.api.events;

import io.micronaut.transaction.annotation.Transactional;
import io.storeorchestrator.api.store.AuditEntry;
import io.storeorchestrator.api.store.Origin;
import io.storeorchestrator.api.store.StoreRow;
import io.storeorchestrator.api.store.StoreWrites;
import io.storeorchestrator.api.store.TimelineEntry;
import io.storeorchestrator.api.store.TimelineRepository;
import io.storeorchestrator.common.domain.StoreStateMachine;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.messaging.StoreEvent;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Applies worker and reaper events to their stores, a batch per transaction, in a constant number of statements
 * whatever the batch holds. The timeline always gets the entry; the status moves only when the event belongs to the
 * store's current generation and the state machine allows it, so a late event from a superseded command can never
 * undo a newer intent.
 *
 * <p>The stores that status events are about are locked first (row locks order them against API intents on the same
 * store); every event is then recorded in one insert, which tells new entries from redeliveries and unknown stores;
 * the moves are applied in the order received to the locked rows in memory; and the stores that moved are written
 * back, with an audit row per move, in one more statement. Events that only add to the timeline (STEP, WAITING,
 * WARNING, ...) lock nothing.
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

    private final StoreWrites writes;
    private final TimelineRepository timeline;

    public EventApplier(StoreWrites writes, TimelineRepository timeline) {
        this.writes = writes;
        this.timeline = timeline;
    }

    /** @return what happened to each event, in the order given; nothing is written unless all of it commits */
    @Transactional
    public List<Outcome> applyAll(List<StoreEvent> events) {
        Map<UUID, StoreRow> stores = writes.lockAll(events.stream().filter(EventApplier::movesStatus)
                .map(StoreEvent::storeId).collect(Collectors.toCollection(HashSet::new)));
        List<TimelineRepository.Recorded> recorded = timeline.insertAll(events.stream().map(TimelineEntry::of).toList());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Set<UUID> seen = new HashSet<>();
        Map<UUID, StoreRow> moved = new LinkedHashMap<>();
        List<AuditEntry> audits = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            StoreEvent event = events.get(i);
            Outcome outcome = switch (recorded.get(i)) {
                case UNKNOWN_STORE -> Outcome.UNKNOWN_STORE;
                case DUPLICATE -> Outcome.DUPLICATE;
                // The same event twice in one batch is recorded once, and must move the store once.
                case INSERTED -> !seen.add(event.eventId()) ? Outcome.DUPLICATE
                        : movesStatus(event) ? move(event, stores, moved, audits, now) : Outcome.RECORDED;
            };
            outcomes.add(outcome);
        }
        writes.applyStatuses(moved.values(), audits);
        for (StoreRow store : moved.values()) {
            if (store.status() == StoreStatus.DELETED && store.quotaShard() != null) {
                // Creates skip a shard this transaction holds, so giving the place back here blocks none of them.
                writes.releaseLivePlace(store.quotaShard());
            }
        }
        return outcomes;
    }

    private static boolean movesStatus(StoreEvent event) {
        return event.type().resultingStatus().isPresent();
    }

    /** Applies one status event to the store as the events before it in the batch left it. */
    private Outcome move(StoreEvent event, Map<UUID, StoreRow> stores, Map<UUID, StoreRow> moved,
                         List<AuditEntry> audits, Instant now) {
        // Locked up front; a store whose create committed only after that (its first event overtaking it) now.
        StoreRow store = stores.computeIfAbsent(event.storeId(), id -> writes.lock(id).orElseThrow());
        StoreStatus target = event.type().resultingStatus().orElseThrow();
        if (event.generation() != store.generation() || !StoreStateMachine.canTransition(store.status(), target)) {
            return Outcome.RECORDED;
        }
        StoreRow changed = store.withReportedStatus(target, target == StoreStatus.FAILED ? event.failure() : null, now);
        stores.put(changed.id(), changed);
        moved.put(changed.id(), changed);
        String detail = store.status() + " -> " + changed.status() + " (generation " + store.generation() + ", step "
                + event.step() + ")" + (changed.status() == StoreStatus.FAILED ? ": " + changed.statusReason() : "");
        audits.add(AuditEntry.of(changed, AuditEntry.STATUS_CHANGED, Origin.SYSTEM, detail, now));
        return Outcome.STATUS_CHANGED;
    }
}
