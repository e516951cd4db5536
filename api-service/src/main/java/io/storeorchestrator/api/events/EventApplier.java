package io.storeorchestrator.api.events;

import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.micronaut.transaction.support.TransactionSynchronization;
import io.storeorchestrator.api.outbox.OutboxRelay;
import io.storeorchestrator.api.store.HousekeepingWrites;
import io.storeorchestrator.api.ApiConfig;
import io.storeorchestrator.api.backup.BackupRepository;
import io.storeorchestrator.api.backup.BackupService;
import io.storeorchestrator.api.domain.DomainRepository;
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
import io.storeorchestrator.common.messaging.OutgoingMessage;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.messaging.Topology;
import jakarta.inject.Singleton;

import java.sql.Connection;
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
 *
 * <p>The reaper's requests apply here too, in the same transaction: a DELETE_REQUESTED that still holds moves its store
 * to DELETING with an audit row naming the reaper and its TEARDOWN in the outbox; a PURGE_REQUESTED removes a DELETED
 * store's rows (it is never recorded in the timeline it removes; once purged, a redelivery finds no store and is a
 * duplicate).
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
    private final HousekeepingWrites housekeeping;
    private final Topology topology;
    private final TransactionOperations<Connection> transactions;
    private final OutboxRelay relay;
    private final DomainRepository domains;
    private final BackupRepository backups;
    private final BackupService backupService;

    public EventApplier(StoreWrites writes, TimelineRepository timeline, RevisionRepository revisionRows,
                        ApiConfig config, HousekeepingWrites housekeeping, Topology topology,
                        TransactionOperations<Connection> transactions, OutboxRelay relay, DomainRepository domains,
                        BackupRepository backups, BackupService backupService) {
        this.domains = domains;
        this.backups = backups;
        this.backupService = backupService;
        this.writes = writes;
        this.timeline = timeline;
        this.revisionRows = revisionRows;
        this.rules = new EventRules(config.provisioningTimeout());
        this.housekeeping = housekeeping;
        this.topology = topology;
        this.transactions = transactions;
        this.relay = relay;
    }

    /** @return what happened to each event, in the order given; nothing is written unless all of it commits */
    @Transactional
    public List<Outcome> applyAll(List<StoreEvent> all) {
        List<StoreEvent> events = all.stream().filter(e -> e.type() != StoreEventType.PURGE_REQUESTED).toList();
        if (events.size() < all.size()) {
            return withPurges(all, events.isEmpty() ? List.of() : applyAll(events));
        }
        Map<UUID, StoreRow> stores = writes.lockAll(idsOf(events, EventRules::touchesStore));
        List<TimelineRepository.Recorded> recorded = timeline.insertAll(events.stream().map(TimelineEntry::of).toList());
        Map<UUID, StoreRevisions> revisions = revisionsFor(events, stores);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Set<UUID> seen = new HashSet<>();
        Map<UUID, StoreRow> changedStores = new LinkedHashMap<>();
        Map<RevisionKey, StoreRevision> changedRevisions = new LinkedHashMap<>();
        List<AuditEntry> audits = new ArrayList<>();
        Map<UUID, OutgoingMessage> commands = new LinkedHashMap<>();
        List<Outcome> outcomes = new ArrayList<>(events.size());
        Map<UUID, OutgoingMessage> scheduledBackups = new LinkedHashMap<>();
        List<AuditEntry> backupAudits = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            StoreEvent event = events.get(i);
            if (event.type() == StoreEventType.BACKUP_REQUESTED && recorded.get(i)
                    == TimelineRepository.Recorded.INSERTED && seen.add(event.eventId())) {
                // Backups and restore (issue 11): the reaper's scheduled backup, written as a request would be.
                StoreRow store = stores.computeIfAbsent(event.storeId(), id -> writes.lock(id).orElseThrow());
                outcomes.add(backupService.scheduled(store, event, now).map(scheduled -> {
                    scheduledBackups.put(store.id(), scheduled.command());
                    backupAudits.add(scheduled.audit());
                    return Outcome.STORE_CHANGED;
                }).orElse(Outcome.RECORDED));
                continue;
            }
            Outcome outcome = switch (recorded.get(i)) {
                case UNKNOWN_STORE -> Outcome.UNKNOWN_STORE;
                case DUPLICATE -> Outcome.DUPLICATE;
                // The same event twice in one batch is recorded once, and must change the store once.
                case INSERTED -> !seen.add(event.eventId()) ? Outcome.DUPLICATE
                        : EventRules.touchesStore(event) ? apply(event, stores, revisions, changedStores,
                        changedRevisions, audits, commands, now)
                        : event.domain() != null ? applyToDomain(event, now) : Outcome.RECORDED;
            };
            outcomes.add(outcome);
        }
        writes.applyStatuses(changedStores.values(), audits);
        // Backups and restore (issue 11): a backup's end updates its row, whatever the store's generation.
        backups.applyEnded(events, now);
        revisionRows.updateAll(changedRevisions.values());
        if (!scheduledBackups.isEmpty()) {
            housekeeping.enqueue(scheduledBackups);
            housekeeping.audit(backupAudits);
        }
        if (!commands.isEmpty() || !scheduledBackups.isEmpty()) {
            housekeeping.enqueue(commands);
            transactions.findTransactionStatus().ifPresent(tx -> tx.registerSynchronization(
                    new TransactionSynchronization() {
                        @Override
                        public void afterCommit() {
                            relay.wake();
                        }
                    }));
        }
        // Backups and restore (issue 11): a clone's first READY starts its restore from the source backup.
        boolean clonesStarted = backupService.startClones(changedStores.values(), now);
        if (clonesStarted && commands.isEmpty() && scheduledBackups.isEmpty()) {
            transactions.findTransactionStatus().ifPresent(tx -> tx.registerSynchronization(
                    new TransactionSynchronization() {
                        @Override
                        public void afterCommit() {
                            relay.wake();
                        }
                    }));
        }
        for (StoreRow store : changedStores.values()) {
            if (store.status() == StoreStatus.DELETED && store.quotaShard() != null) {
                // Creates skip a shard this transaction holds, so giving the place back here blocks none of them.
                writes.releaseLivePlace(store.quotaShard());
            }
        }
        return outcomes;
    }

    /**
     * The outcomes of {@code all}: those of the other events as given, and the purges, applied after them (a purge
     * removes what they recorded).
     */
    private List<Outcome> withPurges(List<StoreEvent> all, List<Outcome> others) {
        List<StoreEvent> purges = all.stream().filter(e -> e.type() == StoreEventType.PURGE_REQUESTED).toList();
        Set<UUID> existing = writes.lockAll(idsOf(purges, e -> true)).keySet();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Map<UUID, StoreRow> purged = new HashMap<>();
        housekeeping.purge(existing).forEach(store -> purged.put(store.id(), store));
        List<AuditEntry> audits = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>(all.size());
        int other = 0;
        for (StoreEvent event : all) {
            if (event.type() != StoreEventType.PURGE_REQUESTED) {
                outcomes.add(others.get(other++));
            } else if (purged.containsKey(event.storeId())) {
                StoreRow store = purged.remove(event.storeId());
                audits.add(AuditEntry.of(store, AuditEntry.STORE_PURGED, Origin.REAPER, event.message(), now));
                outcomes.add(Outcome.STATUS_CHANGED);
            } else {
                // Purged already (a redelivery, or twice in the batch), or not DELETED: nothing to do.
                outcomes.add(existing.contains(event.storeId()) ? Outcome.RECORDED : Outcome.DUPLICATE);
            }
        }
        housekeeping.audit(audits);
        return outcomes;
    }

    /**
     * Custom domains (issue 11): a worker serves a verified domain now (DOMAIN_ACTIVE), or could not (DOMAIN_FAILED).
     * Whatever the event's generation: a domain is served by whichever command applied the store's objects last. A
     * domain removed since, or already moved, is left alone; the store's status never moves.
     */
    private Outcome applyToDomain(StoreEvent event, Instant now) {
        boolean changed = switch (event.type()) {
            case DOMAIN_ACTIVE -> domains.activated(event.storeId(), event.domain(), now);
            case DOMAIN_FAILED -> domains.failedServing(event.storeId(), event.domain(),
                    event.failure().reason() + ": " + event.message(), now);
            default -> false;
        };
        return changed ? Outcome.STORE_CHANGED : Outcome.RECORDED;
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
                          List<AuditEntry> audits, Map<UUID, OutgoingMessage> commands, Instant now) {
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
        if (effect.get().command() != null) {
            // The reaper's request, written as the API writes a delete request: its own action, the reaper as actor.
            commands.put(changed.id(), OutgoingMessage.command(topology, effect.get().command()));
            audits.add(AuditEntry.of(changed, AuditEntry.STORE_DELETE_REQUESTED, Origin.REAPER, event.message()
                    + ", from=" + store.status() + ", generation=" + changed.generation(), now));
            return Outcome.STATUS_CHANGED;
        }
        String detail = store.status() + " -> " + changed.status() + " (generation " + store.generation() + ", step "
                + event.step() + ")" + (changed.statusReason() != null ? ": " + changed.statusReason() : "");
        audits.add(AuditEntry.of(changed, AuditEntry.STATUS_CHANGED, Origin.SYSTEM, detail, now));
        return Outcome.STATUS_CHANGED;
    }
}
