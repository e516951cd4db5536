package io.storeorchestrator.reaper.sweep;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.storeorchestrator.reaper.config.ReaperConfig;
import io.storeorchestrator.reaper.store.StoreRow;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Kubernetes Events the reaper leaves on a store's namespace, for those who watch the cluster rather than the API
 * ({@code kubectl get events -n store-…}). Named after what they report, so a second leader's copy is refused (409)
 * instead of doubled. Best effort: a namespace already gone, or no permission, only costs the Event.
 */
@Singleton
public class NamespaceEvents {

    static final String COMPONENT = "store-orchestrator-reaper";
    static final String EXPIRING = "StoreExpiring";

    private static final Logger LOG = LoggerFactory.getLogger(NamespaceEvents.class);

    private final KubernetesClient kubernetes;
    private final String identity;

    public NamespaceEvents(KubernetesClient kubernetes, ReaperConfig config) {
        this.kubernetes = kubernetes;
        this.identity = config.effectiveIdentity();
    }

    /** A Warning event {@code StoreExpiring} on the store's namespace. */
    public void expiring(StoreRow store, String message, Instant now) {
        String name = "store-expiring." + UUID.nameUUIDFromBytes((store.id() + ":" + store.expiresAt())
                .getBytes(StandardCharsets.UTF_8)).toString().substring(0, 13);
        Event event = new EventBuilder()
                .withNewMetadata().withName(name).withNamespace(store.namespace()).endMetadata()
                .withNewInvolvedObject().withApiVersion("v1").withKind("Namespace").withName(store.namespace())
                .endInvolvedObject()
                .withType("Warning").withReason(EXPIRING).withMessage("Store " + store.name() + ": " + message)
                .withFirstTimestamp(now.toString()).withLastTimestamp(now.toString()).withCount(1)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT).withReportingInstance(identity)
                .build();
        try {
            kubernetes.v1().events().inNamespace(store.namespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                LOG.warn("Could not leave the {} event on namespace {}: {} {}", EXPIRING, store.namespace(),
                        e.getCode(), e.getMessage());
            }
        }
    }
}
