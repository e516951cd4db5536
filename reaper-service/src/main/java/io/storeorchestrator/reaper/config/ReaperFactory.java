package io.storeorchestrator.reaper.config;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** The reaper's infrastructure clients. None of them connects at construction, so the reaper starts during outages. */
@Factory
public class ReaperFactory {

    private static final Logger LOG = LoggerFactory.getLogger(ReaperFactory.class);

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Fabric8's usual auto-configuration (KUBECONFIG, in-cluster service account, KUBERNETES_MASTER). */
    @Singleton
    @Bean(preDestroy = "close")
    KubernetesClient kubernetesClient(ReaperConfig config) {
        Config kubernetes = config.kubeconfig() == null || config.kubeconfig().isBlank()
                ? Config.autoConfigure(null)
                : fromFile(Path.of(config.kubeconfig()));
        // Short timeouts: a hung API server must not stall leader renewal or a sweep for minutes.
        kubernetes.setConnectionTimeout(5_000);
        kubernetes.setRequestTimeout(10_000);
        LOG.info("Kubernetes API server: {}", kubernetes.getMasterUrl());
        return new KubernetesClientBuilder().withConfig(kubernetes).build();
    }

    private static Config fromFile(Path kubeconfig) {
        try {
            return Config.fromKubeconfig(Files.readString(kubeconfig));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kubeconfig " + kubeconfig, e);
        }
    }
}
