package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.storeorchestrator.common.naming.StoreLabels;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NamespaceObjectsTest {

    private final StoreSpec store = Fixtures.woo();

    @Test
    void namespaceCarriesStoreLabelsAndGenerationAndHostAnnotations() {
        Namespace namespace = NamespaceObjects.namespace(store);

        assertThat(namespace.getMetadata().getName()).isEqualTo("store-" + Fixtures.ID);
        assertThat(namespace.getMetadata().getLabels())
                .containsAllEntriesOf(StoreLabels.forStore(Fixtures.ID, "shop", "woocommerce"))
                .containsEntry(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM);
        assertThat(namespace.getMetadata().getAnnotations())
                .containsEntry(StoreLabels.GENERATION, "3")
                .containsEntry(StoreLabels.HOST, "shop.localtest.me");
    }

    @Test
    void podSecurityIsEnforcedAtBaselineAndTheTenantIsLabelled() {
        StoreSpec owned = new StoreSpec(store.id(), store.name(), store.engine(), store.generation(), store.namespace(),
                store.host(), store.plan(), store.version(), store.revision(), "7d1c2a52-0b8e-4a3f-9a51-0e3f4c1b2d6a");

        assertThat(NamespaceObjects.namespace(owned).getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "baseline")
                .containsEntry("pod-security.kubernetes.io/warn", "restricted")
                .containsEntry("pod-security.kubernetes.io/audit", "restricted")
                .containsEntry(StoreLabels.TENANT, "7d1c2a52-0b8e-4a3f-9a51-0e3f4c1b2d6a");
        assertThat(NamespaceObjects.namespace(store).getMetadata().getLabels()).as("the admin's store")
                .doesNotContainKey(StoreLabels.TENANT);
    }

    @Test
    void quotaTakesEveryLimitFromThePlan() {
        ResourceQuota quota = NamespaceObjects.resourceQuota(store);

        assertThat(quota.getMetadata().getNamespace()).isEqualTo(store.namespace());
        assertThat(quota.getMetadata().getLabels()).containsAllEntriesOf(store.labels());
        assertThat(quota.getSpec().getHard())
                .containsEntry("requests.cpu", new Quantity("3"))
                .containsEntry("limits.cpu", new Quantity("3"))
                .containsEntry("requests.memory", new Quantity("5Gi"))
                .containsEntry("limits.memory", new Quantity("5Gi"))
                .containsEntry("pods", new Quantity("10"))
                .containsEntry("persistentvolumeclaims", new Quantity("2"))
                .containsEntry("requests.storage", new Quantity("10Gi"));
    }

    @Test
    void aLargerPlanGetsALargerQuota() {
        StoreSpec large = Fixtures.onPlan(store, "large");

        assertThat(NamespaceObjects.resourceQuota(large).getSpec().getHard())
                .containsEntry("limits.cpu", new Quantity("14"))
                .containsEntry("limits.memory", new Quantity("28Gi"))
                .containsEntry("pods", new Quantity("24"))
                .containsEntry("requests.storage", new Quantity("50Gi"));
    }

    @Test
    void limitRangeGivesContainersDefaultRequestsAndLimits() {
        LimitRange limits = NamespaceObjects.limitRange(store);

        assertThat(limits.getSpec().getLimits()).singleElement().satisfies(item -> {
            assertThat(item.getType()).isEqualTo("Container");
            assertThat(item.getDefaultRequest()).containsKeys("cpu", "memory");
            assertThat(item.getDefault()).containsKeys("cpu", "memory");
        });
    }
}
