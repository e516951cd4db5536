package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

import java.util.List;

import static io.storeorchestrator.worker.model.StoreSpec.COMPONENT_JOB;

/**
 * A run-once Job of the app's image (Medusa's migrations, its admin user). A Job's pod template cannot change, so Jobs
 * are created, never re-applied: a changed one gets a new name (see {@link StoreObjects#isCreatedOnce}).
 */
public final class JobObjects {

    /** Two retries: a migration that failed three times will fail again, and the store should say so soon. */
    public static final int BACKOFF_LIMIT = 2;

    private JobObjects() {
    }

    /**
     * @param container the container's name, as the failure message names it
     * @param command   what to run instead of the image's entry point
     * @param args      its arguments; {@code $(VAR)} is expanded from {@code env} in the pod, so a secret passed as an
     *                  argument never appears in the spec
     */
    public static Job job(StoreSpec store, String name, String container, List<String> command, List<String> args,
                          List<EnvVar> env) {
        return job(store, name, COMPONENT_JOB, container, command, args, env);
    }

    /** The same, for pods of another component (the template's Job, which has network allowances of its own). */
    public static Job job(StoreSpec store, String name, String component, String container, List<String> command,
                          List<String> args, List<EnvVar> env) {
        EngineBlueprint engine = store.blueprint();
        return new JobBuilder()
                .withMetadata(store.metadata(name, component))
                .withNewSpec()
                .withBackoffLimit(BACKOFF_LIMIT)
                .withNewTemplate()
                .withMetadata(store.podTemplateMetadata(name, component))
                .withNewSpec()
                .withRestartPolicy("Never")
                .withSecurityContext(Containers.podSecurityContext())
                .withContainers(new ContainerBuilder()
                        .withName(container)
                        .withImage(store.version().image())
                        .withCommand(command)
                        .withArgs(args)
                        .withEnv(env)
                        .withResources(Containers.resources(store.plan().app()))
                        // The last lines of its log become the container's termination message when it fails
                        // without writing one: what the store's failure then says.
                        .withTerminationMessagePolicy("FallbackToLogsOnError")
                        .withSecurityContext(Containers.securityContext(engine.appPort()))
                        .build())
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
