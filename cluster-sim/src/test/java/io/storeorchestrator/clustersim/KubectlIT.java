package io.storeorchestrator.clustersim;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/** kubectl reads discovery, server-side tables and the written kubeconfig (skipped where kubectl is not installed). */
class KubectlIT {

    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

    private static ClusterSim sim;
    private static KubernetesClient client;
    private static String namespace;

    @TempDir
    static Path temp;

    @BeforeAll
    static void start() {
        sim = ClusterSim.start(ClusterSimConfig.forTests());
        client = sim.client();
        namespace = SimFixtures.uniqueNamespace();
        client.namespaces().resource(SimFixtures.storeNamespace(namespace, "kubectl-shop")).create();
        client.resource(SimFixtures.app(namespace, "1")).serverSideApply();
        client.resource(SimFixtures.database(namespace, "1")).serverSideApply();
        await().atMost(Duration.ofSeconds(10)).until(() -> Integer.valueOf(1).equals(client.apps().deployments()
                .inNamespace(namespace).withName("wordpress").get().getStatus().getReadyReplicas()));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static String kubectl(String... args) throws IOException, InterruptedException {
        assumeThat(Files.isExecutable(KUBECTL)).as("kubectl installed").isTrue();
        Path kubeconfig = sim.writeKubeconfig(temp.resolve("kubeconfig"));
        List<String> command = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean finished = process.waitFor(30, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(finished).as("kubectl finished: " + output).isTrue();
        assertThat(process.exitValue()).as("kubectl exit code, output: " + output).isZero();
        return output;
    }

    @Test
    void getNamespacesByName() throws Exception {
        assertThat(kubectl("get", "ns", "-o", "name")).contains("namespace/default", "namespace/" + namespace);
    }

    @Test
    void getDeploymentsAsATable() throws Exception {
        String output = kubectl("get", "deploy", "-n", namespace);
        assertThat(output).contains("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE");
        assertThat(output).containsPattern("wordpress\\s+1/1\\s+1\\s+1");
    }

    @Test
    void getAllAndManagedNamespaces() throws Exception {
        assertThat(kubectl("get", "all", "-n", namespace))
                .contains("pod/mariadb-0", "deployment.apps/wordpress", "statefulset.apps/mariadb",
                        "replicaset.apps/wordpress-");
        assertThat(kubectl("get", "ns", "-l", "app.kubernetes.io/managed-by=store-orchestrator"))
                .contains(namespace).doesNotContain("kube-system");
        assertThat(kubectl("get", "deploy,sts,svc,ing,netpol,quota,limits,secret,pvc", "-n", namespace))
                .contains("persistentvolumeclaim/data-mariadb-0", "Bound");
    }

    @Test
    void deleteNamespaceWaitsUntilItIsGone() throws Exception {
        String doomed = SimFixtures.uniqueNamespace();
        client.namespaces().resource(SimFixtures.storeNamespace(doomed, "doomed-shop")).create();

        assertThat(kubectl("delete", "ns", doomed)).contains("namespace \"" + doomed + "\" deleted");
        assertThat(client.namespaces().withName(doomed).get()).isNull();
    }
}
