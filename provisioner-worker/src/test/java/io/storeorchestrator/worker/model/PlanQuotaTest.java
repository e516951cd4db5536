package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.storeorchestrator.common.catalog.Plan;
import io.storeorchestrator.common.catalog.StoreCatalog;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.naming.StoreNames;
import io.storeorchestrator.worker.config.WorkerConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every default plan leaves room for an update to roll: all the store's pods at their limits, plus the one surge pod
 * of the app's rolling update, plus one Job pod (Jobs run one at a time: migrations before the app rolls, the
 * admin-user Job beside it) fit the plan's quota. A quota that did not would leave the surge pod Pending and the
 * update stuck. Its claims and storage hold the database's volume and a WooCommerce store's content volume.
 */
class PlanQuotaTest {

    static Stream<Arguments> everyEngineOnEveryDefaultPlan() {
        StoreCatalog catalog = Fixtures.CATALOG;
        return catalog.offers().stream().flatMap(offer -> offer.versions().stream().flatMap(version ->
                catalog.plans().stream().map(plan -> Arguments.of(offer.engine(), plan, version.version()))));
    }

    @ParameterizedTest(name = "{0} {2} on {1}")
    @MethodSource("everyEngineOnEveryDefaultPlan")
    void theQuotaFitsEveryPodAtItsLimitsPlusOneSurgePodAndOneJobPod(Engine engine, Plan plan, String version) {
        StoreSpec store = new StoreSpec(Fixtures.ID, "shop", engine, 1, StoreNames.namespaceFor(Fixtures.ID),
                "shop.localtest.me", plan, Fixtures.CATALOG.version(engine, version).orElseThrow(), 1);
        List<HasMetadata> objects = StoreObjects.all(store, WorkerConfig.defaults());

        Usage running = Usage.NONE;
        Usage surge = Usage.NONE;
        Usage job = Usage.NONE;
        List<PersistentVolumeClaim> claims = new ArrayList<>();
        for (HasMetadata object : objects) {
            switch (object) {
                case Deployment d -> {
                    Usage pod = Usage.of(d.getSpec().getTemplate().getSpec());
                    running = running.plus(pod.times(d.getSpec().getReplicas()));
                    surge = surge.max(pod);
                }
                case StatefulSet s -> {
                    running = running.plus(Usage.of(s.getSpec().getTemplate().getSpec())
                            .times(s.getSpec().getReplicas()));
                    if (s.getSpec().getVolumeClaimTemplates() != null) {
                        for (int i = 0; i < s.getSpec().getReplicas(); i++) {
                            claims.addAll(s.getSpec().getVolumeClaimTemplates());
                        }
                    }
                }
                case Job j -> job = job.max(Usage.of(j.getSpec().getTemplate().getSpec()));
                case PersistentVolumeClaim claim -> claims.add(claim);
                default -> {
                }
            }
        }
        Usage peak = running.plus(surge).plus(job);

        ResourceQuota quota = NamespaceObjects.resourceQuota(store);
        assertThat(peak.cpu()).as("CPU at the peak of an update")
                .isLessThanOrEqualTo(amount(quota.getSpec().getHard().get("limits.cpu")));
        assertThat(peak.memory()).as("memory at the peak of an update")
                .isLessThanOrEqualTo(amount(quota.getSpec().getHard().get("limits.memory")));
        assertThat(BigDecimal.valueOf(peak.pods())).as("pods at the peak of an update")
                .isLessThanOrEqualTo(amount(quota.getSpec().getHard().get("pods")));
        // The database's volume, and a WooCommerce store's content volume.
        assertThat(BigDecimal.valueOf(claims.size())).as("persistent volume claims")
                .isLessThanOrEqualTo(amount(quota.getSpec().getHard().get("persistentvolumeclaims")));
        BigDecimal storage = claims.stream()
                .map(claim -> amount(claim.getSpec().getResources().getRequests().get("storage")))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(storage).as("storage the claims request")
                .isLessThanOrEqualTo(amount(quota.getSpec().getHard().get("requests.storage")));
        assertThat(claims).as("the database volume is among them").isNotEmpty();
        if (engine == Engine.WOOCOMMERCE) {
            assertThat(storage).isEqualTo(amount(new Quantity(plan.databaseVolumeSize()))
                    .add(amount(new Quantity(plan.contentVolumeSize()))));
        }
    }

    private static BigDecimal amount(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity);
    }

    /** Limits of a number of pods. */
    private record Usage(BigDecimal cpu, BigDecimal memory, int pods) {

        static final Usage NONE = new Usage(BigDecimal.ZERO, BigDecimal.ZERO, 0);

        static Usage of(PodSpec pod) {
            Usage usage = new Usage(BigDecimal.ZERO, BigDecimal.ZERO, 1);
            for (Container container : pod.getContainers()) {
                usage = new Usage(usage.cpu.add(amount(container.getResources().getLimits().get("cpu"))),
                        usage.memory.add(amount(container.getResources().getLimits().get("memory"))), 1);
            }
            return usage;
        }

        Usage plus(Usage other) {
            return new Usage(cpu.add(other.cpu), memory.add(other.memory), pods + other.pods);
        }

        Usage times(int n) {
            return new Usage(cpu.multiply(BigDecimal.valueOf(n)), memory.multiply(BigDecimal.valueOf(n)), pods * n);
        }

        /** The larger of each: one pod that is as big as either. */
        Usage max(Usage other) {
            return new Usage(cpu.max(other.cpu), memory.max(other.memory), Math.max(pods, other.pods));
        }
    }
}
