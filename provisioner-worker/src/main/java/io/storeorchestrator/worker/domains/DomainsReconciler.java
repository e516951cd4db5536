package io.storeorchestrator.worker.domains;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.naming.StoreLabels;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.flow.CommandRun;
import io.storeorchestrator.worker.kube.ApplyOutcome;
import io.storeorchestrator.worker.kube.KubernetesApplier;
import io.storeorchestrator.worker.kube.KubernetesStepException;
import io.storeorchestrator.worker.kube.RetryListener;
import io.storeorchestrator.worker.model.DomainObjects;
import io.storeorchestrator.worker.model.StoreSpec;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code domains} step (issue 11): converges a store's custom-domain objects to its verified hosts — applies the
 * Ingress and Certificates {@link DomainObjects} builds, deletes the Ingress when no host is left and every Certificate
 * of a host no longer there — and says what became of each domain. Its failure stays with the domains: they are FAILED
 * with the Kubernetes reason, and the store goes on (its own Ingress does not depend on them).
 */
@Singleton
public final class DomainsReconciler {

    /**
     * What the step did.
     *
     * @param outcomes what happened to each object, for the STEP event
     * @param events   DOMAIN_ACTIVE for each host now served for the first time; DOMAIN_FAILED for each when the
     *                 objects could not be applied
     */
    public record Reconciled(List<ApplyOutcome> outcomes, List<StoreEvent> events) {
    }

    private final KubernetesApplier applier;
    private final WorkerConfig config;

    public DomainsReconciler(KubernetesApplier applier, WorkerConfig config) {
        this.applier = applier;
        this.config = config;
    }

    public Reconciled reconcile(CommandRun run) {
        StoreSpec store = run.store();
        RetryListener warnings = run.retryWarnings(StepName.DOMAINS);
        List<ApplyOutcome> outcomes = new ArrayList<>();
        try {
            List<HasMetadata> desired = DomainObjects.all(store, config);
            for (HasMetadata object : desired) {
                outcomes.add(applier.apply(object, warnings, false));
            }
            if (store.customHosts().isEmpty()) {
                outcomes.add(applier.deleteIfPresent(emptyIngress(store), warnings));
            }
            // Certificates exist only where an issuer is configured: an installation without one needs no
            // cert-manager at all, and never asks for its kind.
            if (config.domainIssuer().isPresent()) {
                Set<String> keep = desired.stream().map(object -> object.getMetadata().getName())
                        .collect(Collectors.toSet());
                outcomes.addAll(applier.deleteOthers(DomainObjects.CERTIFICATE_API_VERSION,
                        DomainObjects.CERTIFICATE_KIND, store.namespace(), Map.of(StoreLabels.STORE_ID,
                                store.id().toString(), StoreLabels.COMPONENT, DomainObjects.COMPONENT_CUSTOM_DOMAIN),
                        keep, warnings));
            }
        } catch (KubernetesStepException e) {
            List<StoreEvent> failed = store.customHosts().stream().map(host -> StoreEvent.aboutDomain(store.id(),
                    run.command().generation(), StoreEventType.DOMAIN_FAILED, StepName.DOMAINS, host,
                    "custom domain " + host + " not served: " + e.failure().message(), e.failure().reason())).toList();
            return new Reconciled(outcomes, failed);
        }
        List<StoreEvent> active = store.customHosts().stream()
                .filter(run.domainsAwaitingActivation()::contains)
                .map(host -> StoreEvent.aboutDomain(store.id(), run.command().generation(),
                        StoreEventType.DOMAIN_ACTIVE, StepName.DOMAINS, host, "custom domain " + host + " served"
                                + (config.domainIssuer().isPresent() ? ", certificate "
                                + DomainObjects.certificateName(host) + " requested from "
                                + config.domainIssuerKind() + " " + config.domainIssuer().get() : " without TLS"),
                        null))
                .toList();
        return new Reconciled(outcomes.stream().filter(o -> o.result() != ApplyOutcome.Result.ABSENT).toList(),
                active);
    }

    /** The custom-domain Ingress by name, for deleting it. */
    private static Ingress emptyIngress(StoreSpec store) {
        return new IngressBuilder().withNewMetadata().withName(DomainObjects.INGRESS_NAME)
                .withNamespace(store.namespace()).endMetadata().build();
    }
}
