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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Applies worker and reaper events to their stores, a batch per transaction. The timeline always gets the entry; the
 * status moves only when the event belongs to the store's current generation and the state machine allows it, so a
 * late event from a superseded command can never undo a newer intent.
 *
 * <p>Most events only add to the timeline (STEP, WAITING, WARNING, ...): those are inserted together in one statement
 * that locks no store row. Events that move a status are applied after them, in the order received, each under its
 * store's row lock, which orders them against API intents on the same store.
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
        Outcome[] outcomes = new Outcome[events.size()];
        List<Integer> timelineOnly = new ArrayList<>();
        List<TimelineEntry> entries = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).type().resultingStatus().isEmpty()) {
                timelineOnly.add(i);
                entries.add(TimelineEntry.of(events.get(i)));
            }
        }
        List<TimelineRepository.Recorded> recorded = timeline.insertAll(entries);
        for (int k = 0; k < timelineOnly.size(); k++) {
            outcomes[timelineOnly.get(k)] = switch (recorded.get(k)) {
                case INSERTED -> Outcome.RECORDED;
                case DUPLICATE -> Outcome.DUPLICATE;
                case UNKNOWN_STORE -> Outcome.UNKNOWN_STORE;
            };
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        int deleted = 0;
        for (int i = 0; i < events.size(); i++) {
            if (outcomes[i] == null) {
                StoreEvent event = events.get(i);
                outcomes[i] = applyStatusEvent(event, now);
                if (outcomes[i] == Outcome.STATUS_CHANGED && event.type().resultingStatus().orElseThrow() == StoreStatus.DELETED) {
                    deleted++;
                }
            }
        }
        writes.releaseLivePlaces(deleted);
        return Arrays.asList(outcomes);
    }

    private Outcome applyStatusEvent(StoreEvent event, Instant now) {
        Optional<StoreWrites.Locked> locked = writes.lockAndRecord(TimelineEntry.of(event));
        if (locked.isEmpty()) {
            return Outcome.UNKNOWN_STORE;
        }
        if (!locked.get().recorded()) {
            return Outcome.DUPLICATE;
        }
        StoreRow store = locked.get().store();
        StoreStatus target = event.type().resultingStatus().orElseThrow();
        if (event.generation() != store.generation() || !StoreStateMachine.canTransition(store.status(), target)) {
            return Outcome.RECORDED;
        }
        StoreRow changed = store.withReportedStatus(target, target == StoreStatus.FAILED ? event.failure() : null, now);
        String detail = store.status() + " -> " + changed.status() + " (generation " + store.generation() + ", step "
                + event.step() + ")" + (changed.status() == StoreStatus.FAILED ? ": " + changed.statusReason() : "");
        writes.applyStatus(changed, AuditEntry.of(changed, AuditEntry.STATUS_CHANGED, Origin.SYSTEM, detail, now));
        return Outcome.STATUS_CHANGED;
    }
}
