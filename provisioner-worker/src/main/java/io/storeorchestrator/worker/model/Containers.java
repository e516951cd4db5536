package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.storeorchestrator.common.catalog.Plan;
import io.storeorchestrator.common.domain.StoreSecretKeys;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What every store container shares: resources, hardening, and env built from the engine's blueprint. */
final class Containers {


    /**
     * The official engine images start as root and switch to their own user, so they keep only the capabilities
     * that switch needs (and binding a port below 1024 when they serve on one); everything else is dropped.
     */
    static final List<String> USER_SWITCH_CAPABILITIES = List.of("CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID");
    static final int FIRST_UNPRIVILEGED_PORT = 1024;

    private Containers() {
    }

    /**
     * A container's requests and limits, from its plan. The plans are sized so that every pod of a store at its
     * limits, one surge pod of a rolling update and a Job's pod fit the plan's quota (PlanQuotaTest), so an update
     * can always roll.
     */
    static ResourceRequirements resources(Plan.Resources resources) {
        return new ResourceRequirementsBuilder()
                .withRequests(Map.of("cpu", new Quantity(resources.cpuRequest()),
                        "memory", new Quantity(resources.memoryRequest())))
                .withLimits(Map.of("cpu", new Quantity(resources.cpuLimit()),
                        "memory", new Quantity(resources.memoryLimit())))
                .build();
    }

    static SecurityContext securityContext(int port) {
        List<String> add = new ArrayList<>(USER_SWITCH_CAPABILITIES);
        if (port < FIRST_UNPRIVILEGED_PORT) {
            add.add("NET_BIND_SERVICE");
        }
        Capabilities capabilities = new CapabilitiesBuilder().withDrop("ALL").withAdd(add).build();
        return new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withCapabilities(capabilities)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    static PodSecurityContext podSecurityContext() {
        return new PodSecurityContextBuilder()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    /**
     * Plain values first, then secrets as secretKeyRef (a secret value never appears in a spec), then values that
     * refer to secrets as {@code $(VAR)}: Kubernetes expands a reference only to a variable declared before it. Each
     * group sorted, so the built object is identical on every run and re-applies stay UNCHANGED.
     *
     * @param plain      name → literal value
     * @param secretKeys name → key in the store's Secret
     * @param derived    name → value built from the variables above ({@code postgres://store:$(DB_PASSWORD)@...})
     */
    static List<EnvVar> env(Map<String, String> plain, Map<String, String> secretKeys, Map<String, String> derived) {
        List<EnvVar> env = new ArrayList<>();
        new TreeMap<>(plain).forEach((name, value) -> env.add(new EnvVar(name, value, null)));
        new TreeMap<>(secretKeys).forEach((name, key) -> env.add(new EnvVarBuilder()
                .withName(name)
                .withNewValueFrom()
                .withNewSecretKeyRef().withName(StoreSecretKeys.SECRET_NAME).withKey(key).withOptional(false)
                .endSecretKeyRef()
                .endValueFrom()
                .build()));
        new TreeMap<>(derived).forEach((name, value) -> env.add(new EnvVar(name, value, null)));
        return env;
    }
}
