package io.storeorchestrator.worker.domains;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.storeorchestrator.clustersim.ClusterSim;
import io.storeorchestrator.clustersim.ClusterSimConfig;
import io.storeorchestrator.common.catalog.StoreCatalog;
import io.storeorchestrator.common.catalog.StoreCatalogLoader;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.naming.StoreNames;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.flow.CommandRun;
import io.storeorchestrator.worker.flow.TestRuns;
import io.storeorchestrator.worker.kube.ApplyOutcome;
import io.storeorchestrator.worker.kube.KubernetesApplier;
import io.storeorchestrator.worker.kube.KubernetesCalls;
import io.storeorchestrator.worker.model.DomainObjects;
import io.storeorchestrator.worker.model.StoreSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code domains} step against cluster-sim through Fabric8: Certificates applied as generic resources, the hosts
 * a store no longer has pruned, the Ingress deleted with the last one, and what each domain became.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DomainsReconcilerIT {

    private static final StoreCatalog CATALOG = StoreCatalogLoader.defaults();
    private static final WorkerConfig CONFIG = WorkerConfig.defaults().withDomainCertIssuer("letsencrypt-it", null);

    private ClusterSim sim;
    private KubernetesClient client;
    private DomainsReconciler reconciler;

    @BeforeAll
    void start() {
        sim = ClusterSim.start(ClusterSimConfig.forTests());
        client = sim.client();
        reconciler = new DomainsReconciler(new KubernetesApplier(client, new KubernetesCalls(CONFIG)), CONFIG);
    }

    @AfterAll
    void stop() {
        sim.close();
    }

    @Test
    void appliesPrunesAndRemovesTheCustomDomainObjects() {
        UUID id = UUID.randomUUID();
        String namespace = StoreNames.namespaceFor(id);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                .build()).create();
        StoreCommand command = new StoreCommand(UUID.randomUUID(), CommandType.DOMAINS, id, "domain-it",
                Engine.WOOCOMMERCE, 3, namespace, "domain-it.localtest.me", null, Instant.now(), null);
        StoreSpec store = StoreSpec.from(command, CATALOG);

        CommandRun both = run(command, store.withCustomHosts(List.of("a.example.com", "b.example.com")),
                Set.of("b.example.com"));
        DomainsReconciler.Reconciled first = reconciler.reconcile(both);
        assertThat(first.outcomes()).extracting(ApplyOutcome::describe).containsExactly(
                "Ingress storefront-domains created",
                "Certificate " + DomainObjects.certificateName("a.example.com") + " created",
                "Certificate " + DomainObjects.certificateName("b.example.com") + " created");
        assertThat(first.events()).as("only the host no worker had reported served").singleElement()
                .satisfies(event -> {
                    assertThat(event.type()).isEqualTo(StoreEventType.DOMAIN_ACTIVE);
                    assertThat(event.domain()).isEqualTo("b.example.com");
                    assertThat(event.generation()).isEqualTo(3);
                });
        assertThat(certificates(namespace)).containsExactlyInAnyOrder(DomainObjects.certificateName("a.example.com"),
                DomainObjects.certificateName("b.example.com"));

        DomainsReconciler.Reconciled again = reconciler.reconcile(both);
        assertThat(again.outcomes()).extracting(ApplyOutcome::result).containsOnly(ApplyOutcome.Result.UNCHANGED);

        DomainsReconciler.Reconciled pruned = reconciler.reconcile(run(command,
                store.withCustomHosts(List.of("a.example.com")), Set.of()));
        assertThat(pruned.outcomes()).extracting(ApplyOutcome::describe).contains(
                "Ingress storefront-domains updated",
                "Certificate " + DomainObjects.certificateName("b.example.com") + " deleted");
        assertThat(pruned.events()).isEmpty();
        Ingress ingress = client.network().v1().ingresses().inNamespace(namespace).withName("storefront-domains").get();
        assertThat(ingress.getSpec().getRules()).singleElement()
                .satisfies(rule -> assertThat(rule.getHost()).isEqualTo("a.example.com"));
        assertThat(certificates(namespace)).containsExactly(DomainObjects.certificateName("a.example.com"));

        DomainsReconciler.Reconciled none = reconciler.reconcile(run(command, store, Set.of()));
        assertThat(none.outcomes()).extracting(ApplyOutcome::describe).containsExactlyInAnyOrder(
                "Ingress storefront-domains deleted",
                "Certificate " + DomainObjects.certificateName("a.example.com") + " deleted");
        assertThat(client.network().v1().ingresses().inNamespace(namespace).withName("storefront-domains").get())
                .isNull();
        assertThat(certificates(namespace)).isEmpty();
        assertThat(reconciler.reconcile(run(command, store, Set.of())).outcomes()).as("nothing left to do").isEmpty();
    }

    @Test
    void objectsThatCannotBeAppliedFailTheirDomainsNotTheStore() {
        UUID id = UUID.randomUUID();
        // No namespace: every apply is refused (404), permanently.
        StoreCommand command = new StoreCommand(UUID.randomUUID(), CommandType.DOMAINS, id, "domain-gone",
                Engine.WOOCOMMERCE, 1, StoreNames.namespaceFor(id), "domain-gone.localtest.me", null, Instant.now(),
                null);
        StoreSpec store = StoreSpec.from(command, CATALOG).withCustomHosts(List.of("gone.example.com"));
        List<StoreEvent> events = reconciler.reconcile(run(command, store, Set.of("gone.example.com"))).events();
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(StoreEventType.DOMAIN_FAILED);
            assertThat(event.domain()).isEqualTo("gone.example.com");
            assertThat(event.reason()).isEqualTo("NotFound");
            assertThat(event.message()).startsWith("custom domain gone.example.com not served: ");
        });
    }

    private static CommandRun run(StoreCommand command, StoreSpec store, Set<String> awaitingActivation) {
        CommandRun run = new CommandRun(command, store, null, null, null, null);
        TestRuns.awaitActivation(run, awaitingActivation);
        return run;
    }

    private List<String> certificates(String namespace) {
        return client.genericKubernetesResources("cert-manager.io/v1", "Certificate").inNamespace(namespace).list()
                .getItems().stream().map(GenericKubernetesResource::getMetadata).map(m -> m.getName()).toList();
    }
}
