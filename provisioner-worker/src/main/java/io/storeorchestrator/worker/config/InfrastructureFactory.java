package io.storeorchestrator.worker.config;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The worker's Kubernetes client. RabbitMQ comes from common's RabbitFactory, PostgreSQL from {@code datasources.default}. */
@Factory
public class InfrastructureFactory {

    private static final Logger LOG = LoggerFactory.getLogger(InfrastructureFactory.class);

    /** Test-only property: a kubeconfig file to use instead of Fabric8's auto-configuration. */
    public static final String TEST_KUBECONFIG_PROPERTY = "test.kubernetes.kubeconfig";

    /**
     * Fabric8's usual auto-configuration (KUBECONFIG, in-cluster service account, KUBERNETES_MASTER), so a real
     * cluster needs no project-specific variable. Tests point it at the simulator with {@value #TEST_KUBECONFIG_PROPERTY}.
     */
    @Singleton
    @Bean(preDestroy = "close")
    KubernetesClient kubernetesClient(@Property(name = TEST_KUBECONFIG_PROPERTY) @Nullable String testKubeconfig) {
        KubernetesClientBuilder builder = new KubernetesClientBuilder();
        if (testKubeconfig != null && !testKubeconfig.isBlank()) {
            builder.withConfig(Config.fromKubeconfig(read(Path.of(testKubeconfig))));
        }
        KubernetesClient client = builder.build();
        LOG.info("Kubernetes API server: {}", client.getMasterUrl());
        return client;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kubeconfig " + file, e);
        }
    }
}
