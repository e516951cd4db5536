package io.storeorchestrator.worker.flow;

import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.naming.StoreNames;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The stores this worker parked and may wake early: when a watch event touches a store's namespace, or its deadline
 * comes, the store is looked at again at once instead of at its next durable wake-up. Memory only, and only an
 * optimisation: the wait queues wake every store anyway, on whichever worker is alive, so losing this map (a restart)
 * or leaving a store out of it (past {@link #MAX_TRACKED}) only makes those stores a little slower.
 *
 * <p>A watch event that arrives while the store's command is still running (its pods may turn ready before it parks)
 * is remembered and wakes the store right after it parks, so no change is lost in that window.
 */
@Singleton
public final class WaitingStores {

    private static final Logger LOG = LoggerFactory.getLogger(WaitingStores.class);
    /** Bounds the memory: about half a kilobyte each. */
    static final int MAX_TRACKED = 20_000;
    private static final long DEADLINE_MARGIN_MS = 50;

    private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("deadline-timers").daemon().factory());
    private volatile Consumer<StoreCommand> waker = command -> { };

    private static final class Entry {
        int running;
        /** Something changed since the last look began: look again when the current one ends. */
        boolean changedSinceLook;
        boolean waking;
        StoreCommand parked;
        String reportedWaitingFor;
        ScheduledFuture<?> deadlineTimer;
    }

    /** Who looks at a woken store (the command processor, on a thread of its own). */
    void onWake(Consumer<StoreCommand> waker) {
        this.waker = waker;
    }

    /** A command of the store starts running here. */
    void running(UUID storeId) {
        if (!entries.containsKey(storeId) && entries.size() >= MAX_TRACKED) {
            return;
        }
        Entry entry = entries.computeIfAbsent(storeId, id -> new Entry());
        synchronized (entry) {
            entry.running++;
            entry.waking = false;
            entry.changedSinceLook = false; // this run looks at the cluster after everything seen so far
        }
    }

    /**
     * The store parks with {@code command} as its wake-up.
     *
     * @param firstPark whether the store parks at this step for the first time (not a wake-up parking again where it was)
     * @return whether to report {@code waitingFor}: it differs from what this worker last reported for the store
     */
    boolean parked(StoreCommand command, String waitingFor, Instant deadline, boolean firstPark) {
        Entry entry = entries.get(command.storeId());
        if (entry == null) {
            return firstPark;
        }
        synchronized (entry) {
            entry.parked = command;
            if (entry.deadlineTimer == null) {
                // Just past the deadline, so the look it triggers finds it passed.
                long delay = Math.max(0, Duration.between(Instant.now(), deadline).toMillis()) + DEADLINE_MARGIN_MS;
                entry.deadlineTimer = timers.schedule(() -> deadlineReached(command.storeId()), delay,
                        TimeUnit.MILLISECONDS);
            }
            boolean changed = !waitingFor.equals(entry.reportedWaitingFor);
            entry.reportedWaitingFor = waitingFor;
            return changed;
        }
    }

    /** The command that ran ended; a finished store is forgotten, a parked one may be woken by what happened meanwhile. */
    void settled(UUID storeId, CommandResult result) {
        Entry entry = entries.get(storeId);
        if (entry == null) {
            return;
        }
        boolean wakeNow;
        synchronized (entry) {
            entry.running = Math.max(0, entry.running - 1);
            if (result != CommandResult.PARKED && result != CommandResult.REQUEUED) {
                forget(storeId, entry);
                return;
            }
            if (entry.running > 0) {
                return; // another command of the store is still running; the last one to settle decides
            }
            if (entry.parked == null) {
                forget(storeId, entry); // handed back or found busy before it ever parked here: nothing to wake
                return;
            }
            wakeNow = entry.changedSinceLook;
            entry.changedSinceLook = false;
        }
        if (wakeNow) {
            wake(storeId);
        }
    }

    private void deadlineReached(UUID storeId) {
        Entry entry = entries.get(storeId);
        if (entry != null) {
            synchronized (entry) {
                entry.deadlineTimer = null; // re-armed by the next park, should the look find time left
            }
            wake(storeId);
        }
    }

    /** A wake-up found nothing new (checked without taking the store's lease): the store may be woken again. */
    void stillParked(UUID storeId) {
        Entry entry = entries.get(storeId);
        if (entry == null) {
            return;
        }
        boolean again;
        synchronized (entry) {
            entry.waking = false;
            again = entry.changedSinceLook;
            entry.changedSinceLook = false;
        }
        if (again) {
            wake(storeId); // a change arrived while the look ran; it may be the one that matters
        }
    }

    /** Something in the namespace changed. */
    public void namespaceChanged(String namespace) {
        StoreNames.storeIdOf(namespace).ifPresent(this::wake);
    }

    private void wake(UUID storeId) {
        Entry entry = entries.get(storeId);
        if (entry == null) {
            return;
        }
        StoreCommand command;
        synchronized (entry) {
            if (entry.running > 0 || entry.waking) {
                entry.changedSinceLook = true;
                return;
            }
            if (entry.parked == null) {
                return;
            }
            entry.waking = true;
            command = entry.parked;
        }
        try {
            waker.accept(command);
        } catch (RuntimeException e) {
            LOG.warn("could not wake store {}; its wake-up message will", storeId, e);
            synchronized (entry) {
                entry.waking = false;
            }
        }
    }

    private void forget(UUID storeId, Entry entry) {
        if (entry.deadlineTimer != null) {
            entry.deadlineTimer.cancel(false);
        }
        entries.remove(storeId, entry);
    }

    /**
     * Where this worker last parked {@code command} (the same command id), if it did: a durable wake-up sent from an
     * earlier wait arrives after watch wake-ups took the store further, and should look from there.
     */
    Optional<StepName> parkedAt(StoreCommand command) {
        Entry entry = entries.get(command.storeId());
        if (entry == null) {
            return Optional.empty();
        }
        synchronized (entry) {
            StoreCommand parked = entry.parked;
            return parked != null && parked.commandId().equals(command.commandId())
                    ? parked.resumeStep() : Optional.empty();
        }
    }

    /** How many stores this worker is waiting on (a gauge). */
    public int size() {
        return entries.size();
    }

    @PreDestroy
    void close() {
        timers.shutdownNow();
    }
}
