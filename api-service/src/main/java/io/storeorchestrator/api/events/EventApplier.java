package io.storeorchestrator.api.events;

import io.micronaut.transaction.annotation.Transactional;
import io.storeorchestrator.api.ApiConfig;
import io.storeorchestrator.api.store.AuditEntry;
import io.storeorchestrator.api.store.Origin;
import io.storeorchestrator.api.store.RevisionRepository;
import io.storeorchestrator.api.store.StoreRevision;
import io.storeorchestrator.api.store.StoreRevisions;
import io.storeorchestrator.api.store.StoreRow;
import io.storeorchestrator.api.store.StoreWrites;
import io.storeorchestrator.api.store.TimelineEntry;
import io.storeorchestrator.api.store.TimelineRepository;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.messaging.StoreEvent;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Applies worker and reaper events to their stores, a batch per transaction, in a constant number of statements
 * whatever the batch holds. The timeline always gets the entry; what else an event does is {@link EventRules}': only
 * events of the store's current generation change it, so a late event from a superseded command can never undo a
 * newer intent.
 *
 * <p>The stores that events may change are locked first (row locks order them against API intents on the same store);
 * every event is then recorded in one insert, which tells new entries from redeliveries and unknown stores; the
 * revisions those events can touch are read in one query; the rules are applied in the order received to the locked
 * rows in memory; and the stores and revisions that changed are written back, with an audit row per status move, in
 * two more statements. Events that only add to the timeline (STEP, WAITING, WARNING, DRIFT_CORRECTED, ...) lock
 * nothing.
 */
@Singleton
public class EventApplier {

    /** What applying an event did. */
    public enum Outcome {
        /** Recorded in the timeline and moved the store's status. */
        STATUS_CHANGED,
        /** Recorded in the timeline and changed the store or its revisions, not its status (ROLLING_BACK). */
        STORE_CHANGED,
        /** Recorded in the timeline only (no status change, a stale generation, or an illegal move). */
        RECORDED,
        /** Already recorded: a redelivery. */
        DUPLICATE,
        /** No such store: the event can never apply. */
        UNKNOWN_STORE
    }

    private record RevisionKey(UUID storeId, int revision) {
    }

    private final StoreWrites writes;
    private final TimelineRepository timeline;
    private final RevisionRepository revisionRows;
    private final EventRules rules;

    public EventApplier(StoreWrites writes, TimelineRepository timeline, RevisionRepository revisionRows,
                        ApiConfig config) {
        this.writes = writes;
        this.timeline = timeline;
        this.revisionRows = revisionRows;
        this.rules = new EventRules(config.provisioningTimeout());
    }

    /** @return what happened to each event, in the order given; nothing is written unless all of it commits */
    @Transactional
    public List<Outcome> applyAll(List<StoreEvent> events) {
        Map<UUID, StoreRow> stores = writes.lockAll(idsOf(events, EventRules::touchesStore));
        List<TimelineRepository.Recorded> recorded = timeline.insertAll(events.stream().map(TimelineEntry::of).toList());
        Map<UUID, StoreRevisions> revisions = revisionsFor(events, stores);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Set<UUID> seen = new HashSet<>();
        Map<UUID, StoreRow> changedStores = new LinkedHashMap<>();
        Map<RevisionKey, StoreRevision> changedRevisions = new LinkedHashMap<>();
        List<AuditEntry> audits = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            StoreEvent event = events.get(i);
            Outcome outcome = switch (recorded.get(i)) {
                case UNKNOWN_STORE -> Outcome.UNKNOWN_STORE;
                case DUPLICATE -> Outcome.DUPLICATE;
                // The same event twice in one batch is recorded once, and must change the store once.
                case INSERTED -> !seen.add(event.eventId()) ? Outcome.DUPLICATE
                        : EventRules.touchesStore(event) ? apply(event, stores, revisions, changedStores,
                        changedRevisions, audits, now) : Outcome.RECORDED;
            };
            outcomes.add(outcome);
        }
        writes.applyStatuses(changedStores.values(), audits);
        revisionRows.updateAll(changedRevisions.values());
        for (StoreRow store : changedStores.values()) {
            if (store.status() == StoreStatus.DELETED && store.quotaShard() != null) {
                // Creates skip a shard this transaction holds, so giving the place back here blocks none of them.
                writes.releaseLivePlace(store.quotaShard());
            }
        }
        return outcomes;
    }

    private static Set<UUID> idsOf(List<StoreEvent> events, Predicate<StoreEvent> which) {
        return events.stream().filter(which).map(StoreEvent::storeId).collect(Collectors.toCollection(HashSet::new));
    }

    /** In one query, the revisions the batch's events can touch; stores without revision rows get none. */
    private Map<UUID, StoreRevisions> revisionsFor(List<StoreEvent> events, Map<UUID, StoreRow> stores) {
        Set<UUID> ids = idsOf(events, EventRules::touchesRevisions);
        List<StoreRow> touched = ids.stream().map(stores::get).filter(Objects::nonNull).toList();
        Set<Integer> named = events.stream().map(StoreEvent::revision).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        Map<UUID, StoreRevisions> revisions = new HashMap<>(revisionRows.forEvents(touched, named));
        touched.forEach(store -> revisions.putIfAbsent(store.id(), StoreRevisions.none()));
        return revisions;
    }

    /** Applies one event to the store (and its revisions) as the events before it in the batch left them. */
    private Outcome apply(StoreEvent event, Map<UUID, StoreRow> stores, Map<UUID, StoreRevisions> revisions,
                          Map<UUID, StoreRow> changedStores, Map<RevisionKey, StoreRevision> changedRevisions,
                          List<AuditEntry> audits, Instant now) {
        // Locked up front; a store whose create committed only after that (its first event overtaking it) now.
        StoreRow store = stores.computeIfAbsent(event.storeId(), id -> writes.lock(id).orElseThrow());
        // Read up front for the events that need them; for a store locked late, now.
        StoreRevisions known = EventRules.touchesRevisions(event)
                ? revisions.computeIfAbsent(event.storeId(), revisionRows::ofStore) : StoreRevisions.none();
        Optional<EventRules.Effect> effect = rules.apply(store, known, event, now);
        if (effect.isEmpty()) {
            return Outcome.RECORDED;
        }
        StoreRow changed = effect.get().store();
        stores.put(changed.id(), changed);
        changedStores.put(changed.id(), changed);
        if (!effect.get().revisions().isEmpty()) {
            for (StoreRevision revision : effect.get().revisions()) {
                known = known.with(revision);
                changedRevisions.put(new RevisionKey(revision.storeId(), revision.revision()), revision);
            }
            revisions.put(changed.id(), known);
        }
        if (!effect.get().statusChanged()) {
            return Outcome.STORE_CHANGED;
        }
        String detail = store.status() + " -> " + changed.status() + " (generation " + store.generation() + ", step "
                + event.step() + ")" + (changed.statusReason() != null ? ": " + changed.statusReason() : "");
        audits.add(AuditEntry.of(changed, AuditEntry.STATUS_CHANGED, Origin.SYSTEM, detail, now));
        return Outcome.STATUS_CHANGED;
    }
}
