package io.storeorchestrator.clustersim.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storeorchestrator.clustersim.store.Meta;
import io.storeorchestrator.clustersim.store.ObjectKey;
import io.storeorchestrator.clustersim.store.ObjectStore;
import io.storeorchestrator.clustersim.store.ResourceTypes;
import io.storeorchestrator.clustersim.store.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Namespace deletion as Kubernetes does it: the namespace turns Terminating at once, and only after a while (the
 * namespace controller draining finalizers) are its contents and then the namespace itself gone. Clients that wait
 * for a namespace to disappear are exercised by the delay.
 */
public final class NamespaceTerminator {

    private static final Logger LOG = LoggerFactory.getLogger(NamespaceTerminator.class);

    private final ObjectStore store;
    private final ScheduledExecutorService scheduler;
    private final Duration delay;
    private final Clock clock;

    public NamespaceTerminator(ObjectStore store, ScheduledExecutorService scheduler, Duration delay, Clock clock) {
        this.store = store;
        this.scheduler = scheduler;
        this.delay = delay;
        this.clock = clock;
    }

    /** Marks the namespace Terminating (once) and schedules its removal; returns the namespace as it now is. */
    ObjectNode beginTermination(String namespace) {
        ObjectKey key = ObjectKey.of(ResourceTypes.NAMESPACE, "", namespace);
        WriteResult result = store.write(key, current -> {
            if (current == null) {
                throw ApiException.notFound(ResourceTypes.NAMESPACE, namespace);
            }
            if (!Meta.isTerminating(current)) {
                Meta.metadata(current).put("deletionTimestamp",
                        clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
                current.putObject("status").put("phase", "Terminating");
            }
            return current;
        });
        if (result.outcome() == WriteResult.Outcome.UPDATED) {
            scheduler.schedule(() -> purge(namespace), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
        return result.object();
    }

    private void purge(String namespace) {
        try {
            for (ObjectKey key : store.keysInNamespace(namespace)) {
                store.write(key, current -> null);
            }
            store.write(ObjectKey.of(ResourceTypes.NAMESPACE, "", namespace), current -> null);
        } catch (RuntimeException e) {
            LOG.error("Could not finish deleting namespace {}", namespace, e);
        }
    }
}
