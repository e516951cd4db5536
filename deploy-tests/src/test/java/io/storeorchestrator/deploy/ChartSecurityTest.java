package io.storeorchestrator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.storeorchestrator.deploy.Manifests.containers;
import static io.storeorchestrator.deploy.Yaml.at;
import static io.storeorchestrator.deploy.Yaml.list;
import static io.storeorchestrator.deploy.Yaml.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Least privilege in the chart: the worker and the reaper get exactly the verbs their code calls, the cluster refuses
 * them any namespace they do not manage, and the API's admin key is a Secret, never a value.
 */
class ChartSecurityTest {

    static final String WORKER_SA = "system:serviceaccount:" + Chart.NAMESPACE + ":so-store-orchestrator-worker";
    static final String REAPER_SA = "system:serviceaccount:" + Chart.NAMESPACE + ":so-store-orchestrator-reaper";

    /**
     * What each Fabric8 call in provisioner-worker and reaper-service needs (docs/operations.md, "RBAC", has the
     * calls): a new call needs a new line here and there, deliberately.
     */
    static final Map<String, Set<String>> WORKER_VERBS = Map.ofEntries(
            Map.entry("/namespaces", Set.of("get", "list", "watch", "create", "patch", "delete")),
            Map.entry("/resourcequotas", Set.of("get", "list", "create", "patch")),
            Map.entry("/limitranges", Set.of("get", "list", "create", "patch")),
            Map.entry("/services", Set.of("get", "list", "create", "patch")),
            Map.entry("/secrets", Set.of("create")),
            Map.entry("/persistentvolumeclaims", Set.of("get", "list", "create")),
            Map.entry("/pods", Set.of("list", "watch")),
            Map.entry("apps/deployments", Set.of("get", "list", "watch", "create", "patch")),
            Map.entry("apps/statefulsets", Set.of("get", "list", "watch", "create", "patch")),
            Map.entry("batch/jobs", Set.of("get", "list", "watch", "create", "delete")),
            Map.entry("networking.k8s.io/networkpolicies", Set.of("get", "list", "create", "patch")),
            Map.entry("networking.k8s.io/ingresses", Set.of("get", "list", "create", "patch", "delete")),
            Map.entry("cert-manager.io/certificates", Set.of("get", "list", "create", "patch", "delete")));
    static final Map<String, Set<String>> REAPER_VERBS = Map.of("/namespaces", Set.of("get", "list", "delete"),
            "/events", Set.of("create"));

    @ParameterizedTest
    @EnumSource(Chart.Scenario.class)
    void workerAndReaperGetExactlyTheVerbsTheirCodeUses(Chart.Scenario scenario) {
        Manifests manifests = Chart.render(scenario);
        Map<String, Set<String>> worker = new TreeMap<>(WORKER_VERBS);
        if (scenario == Chart.Scenario.ALL_ON) {
            // all-on.yaml adds an operator's worker.extraRbacRules entry.
            worker.put("cert-manager.io/certificates", Set.of("get", "list", "watch", "create", "patch", "delete"));
        }
        assertThat(verbs(manifests.get("ClusterRole", "so-store-orchestrator-worker"))).isEqualTo(worker);
        assertThat(verbs(manifests.get("ClusterRole", "so-store-orchestrator-reaper")))
                .isEqualTo(new TreeMap<>(REAPER_VERBS));
        for (JsonNode role : concat(manifests.ofKind("ClusterRole"), manifests.ofKind("Role"))) {
            for (JsonNode rule : list(role.path("rules"))) {
                Set<String> verbs = texts(rule.path("verbs"));
                assertThat(verbs).as("%s: no wildcards", Manifests.name(role)).doesNotContain("*");
                if (texts(rule.path("resources")).contains("secrets")) {
                    assertThat(verbs).as("%s never reads Secrets", Manifests.name(role))
                            .doesNotContain("get", "list", "watch", "update", "patch", "delete");
                }
            }
        }
        for (JsonNode binding : concat(manifests.ofKind("ClusterRoleBinding"), manifests.ofKind("RoleBinding"))) {
            for (JsonNode subject : list(binding.path("subjects"))) {
                assertThat(text(subject, "name")).as("the API has no Kubernetes permissions")
                        .isNotEqualTo("so-store-orchestrator-api");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Chart.Scenario.class)
    void theClusterRefusesThePlatformAccountsEveryNamespaceTheyDoNotManage(Chart.Scenario scenario) {
        Manifests manifests = Chart.render(scenario);
        JsonNode policy = manifests.get("ValidatingAdmissionPolicy", "so-store-orchestrator-managed-namespaces-only");
        JsonNode binding = manifests.get("ValidatingAdmissionPolicyBinding",
                "so-store-orchestrator-managed-namespaces-only");
        assertThat(text(policy, "apiVersion")).isEqualTo("admissionregistration.k8s.io/v1");
        assertThat(text(binding, "apiVersion")).isEqualTo("admissionregistration.k8s.io/v1");
        assertThat(text(binding, "spec", "policyName")).isEqualTo(Manifests.name(policy));
        assertThat(texts(at(binding, "spec", "validationActions"))).containsExactly("Deny");
        assertThat(text(policy, "spec", "failurePolicy")).isEqualTo("Fail");

        Map<String, Set<String>> guarded = new TreeMap<>();
        for (JsonNode rule : list(at(policy, "spec", "matchConstraints", "resourceRules"))) {
            assertThat(texts(rule.path("operations"))).containsExactlyInAnyOrder("CREATE", "UPDATE", "DELETE");
            for (String group : texts(rule.path("apiGroups"))) {
                texts(rule.path("resources")).forEach(r -> guarded.computeIfAbsent(group + "/" + r,
                        k -> new TreeSet<>()));
            }
        }
        // Every kind the worker may write is guarded (reads are not admission's business).
        WORKER_VERBS.forEach((resource, verbs) -> {
            if (verbs.contains("create") || verbs.contains("delete")) {
                assertThat(guarded).as("the policy guards " + resource).containsKey(resource);
            }
        });

        String who = text(list(at(policy, "spec", "matchConditions")).getFirst(), "expression");
        assertThat(who).contains("request.userInfo.username in").contains("'" + WORKER_SA + "'")
                .contains("'" + REAPER_SA + "'");
        String rules = policy.path("spec").toString();
        assertThat(rules).contains("app.kubernetes.io/managed-by").contains("store-orchestrator")
                .contains("oldObject").contains("namespaceObject");
        assertThat(list(at(policy, "spec", "validations"))).hasSize(3)
                .allSatisfy(v -> assertThat(text(v, "reason")).isEqualTo("Forbidden"));

        assertThat(Chart.render(Map.of("admissionPolicy.enabled", "false")).ofKind("ValidatingAdmissionPolicy"))
                .isEmpty();
    }

    @Test
    void theAdminKeyIsAGeneratedSecretNeverAValue() throws Exception {
        Manifests manifests = Chart.render(Chart.Scenario.DEFAULT);
        JsonNode secret = manifests.get("Secret", "so-store-orchestrator-admin-key");
        assertThat(text(secret, "metadata", "annotations", "helm.sh/resource-policy")).isEqualTo("keep");
        assertThat(text(secret, "stringData", "API_BOOTSTRAP_ADMIN_KEY")).matches("so_[A-Za-z0-9]{43}");
        assertThat(adminKeyReference(manifests)).isEqualTo("so-store-orchestrator-admin-key/API_BOOTSTRAP_ADMIN_KEY");
        assertThat(Files.readString(Repository.CHART.resolve("values.yaml"))).doesNotContain("so_");

        Manifests own = Chart.render(Map.of("access.bootstrapAdminKey.existingSecret", "platform-admin",
                "access.bootstrapAdminKey.existingSecretKey", "key"));
        assertThat(own.find("Secret", "so-store-orchestrator-admin-key")).isEmpty();
        assertThat(adminKeyReference(own)).isEqualTo("platform-admin/key");
    }

    @Test
    void theApiGetsItsAccessSettingsUnderTheNamesItReads() {
        JsonNode config = Chart.render(Chart.Scenario.DEFAULT).get("ConfigMap", "so-store-orchestrator-api");
        assertThat(text(config, "data", "API_RATE_LIMIT_REQUESTS_PER_MINUTE")).isEqualTo("30");
        assertThat(text(config, "data", "API_RATE_LIMIT_CREATES_PER_MINUTE")).isEqualTo("5");
        assertThat(text(config, "data", "API_IDEMPOTENCY_TTL")).isEqualTo("24h");
        assertThat(text(config, "data", "API_OIDC_JWKS_URL")).isEmpty();
        assertThat(config.path("data").has("API_BOOTSTRAP_ADMIN_KEY")).as("a Secret's, not a ConfigMap's").isFalse();
    }

    private static String adminKeyReference(Manifests manifests) {
        JsonNode api = containers(manifests.get("Deployment", "so-store-orchestrator-api")).getFirst();
        JsonNode env = list(api.path("env")).stream().filter(e -> text(e, "name").equals("API_BOOTSTRAP_ADMIN_KEY"))
                .findFirst().orElseThrow();
        return text(env, "valueFrom", "secretKeyRef", "name") + "/" + text(env, "valueFrom", "secretKeyRef", "key");
    }

    /** "group/resource" → verbs, over the role's rules. */
    private static Map<String, Set<String>> verbs(JsonNode role) {
        Map<String, Set<String>> verbs = new TreeMap<>();
        for (JsonNode rule : list(role.path("rules"))) {
            for (String group : texts(rule.path("apiGroups"))) {
                for (String resource : texts(rule.path("resources"))) {
                    verbs.computeIfAbsent(group + "/" + resource, k -> new TreeSet<>()).addAll(texts(rule.path("verbs")));
                }
            }
        }
        return verbs;
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> values = new TreeSet<>();
        list(array).forEach(v -> values.add(v.asText()));
        return values;
    }

    private static List<JsonNode> concat(List<JsonNode> a, List<JsonNode> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
