package io.storeorchestrator.worker.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.storeorchestrator.common.catalog.StoreCatalog;
import io.storeorchestrator.common.catalog.StoreCatalogLoader;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.naming.StoreNames;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.model.StoreObjects;
import io.storeorchestrator.worker.model.StoreSecret;
import io.storeorchestrator.worker.model.StoreSpec;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code render}: prints a store's objects as YAML for an engine, plan and version, without a cluster, for review,
 * diffing ({@code kubectl diff -f -}) and recovery by hand ({@code kubectl apply -f -}). The objects are
 * {@link StoreObjects#all}, the very list provisioning applies and drift is measured against, so what is printed
 * cannot drift from what the platform makes. Micronaut is not started: no broker, database or cluster is needed.
 */
public final class RenderCommand {

    public static final String NAME = "render";

    /** Exit status of a command line or a choice that cannot be rendered. */
    static final int USAGE_ERROR = 2;

    /** Prefix of the Secret placeholder's lines: a comment, so that applying the output leaves the Secret alone. */
    static final String PLACEHOLDER_LINE = "#   ";

    private RenderCommand() {
    }

    /** Whether the worker was started as {@code render ...} rather than as the service. */
    public static boolean isInvokedBy(String[] args) {
        return args.length > 0 && NAME.equals(args[0]);
    }

    /** {@code args[0]} is {@value #NAME}; exits with 0, or {@value #USAGE_ERROR} after saying what is wrong. */
    public static void main(String[] args) {
        List<String> flags = Arrays.asList(args).subList(1, args.length);
        System.exit(run(flags, System.getenv("STORE_CATALOG_FILE"), System.out, System.err));
    }

    /**
     * @param catalogFile {@code STORE_CATALOG_FILE}, used when no {@code --catalog} is given (in a worker pod, the
     *                    installation's catalog)
     * @return the exit status
     */
    static int run(List<String> args, String catalogFile, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(RenderOptions.USAGE);
            return 0;
        }
        try {
            RenderOptions options = RenderOptions.parse(args);
            StoreCatalog catalog = StoreCatalogLoader.load(options.catalog() != null ? options.catalog() : catalogFile);
            out.print(render(spec(options, catalog), WorkerConfig.defaults()));
            out.flush();
            return 0;
        } catch (RenderOptions.UsageException e) {
            err.println("render: " + e.getMessage());
            err.print(RenderOptions.USAGE);
            return USAGE_ERROR;
        } catch (IllegalArgumentException | UncheckedIOException e) {
            // An engine, plan or version not offered (UnknownChoiceException: its message lists what is), or a catalog
            // file that cannot be read or is not a catalog.
            err.println("render: " + e.getMessage());
            return USAGE_ERROR;
        }
    }

    static StoreSpec spec(RenderOptions options, StoreCatalog catalog) {
        Engine engine = Engine.fromId(options.engine()).orElseThrow(() -> new IllegalArgumentException(
                "Unknown engine '" + options.engine() + "'; engines are: " + RenderOptions.engineIds(", ")));
        StoreCatalog.Choice choice = catalog.choose(engine, options.plan(), options.version());
        return new StoreSpec(options.id(), options.name(), engine, 1, StoreNames.namespaceFor(options.id()),
                options.host(), choice.plan(), choice.version(), 1, null,
                catalog.chooseTemplate(engine, options.template()).orElse(null), java.util.List.of());
    }

    /** The store's objects as multi-document YAML, in apply order, with the Secret as a placeholder without values. */
    static String render(StoreSpec store, WorkerConfig config) {
        List<HasMetadata> objects = StoreObjects.all(store, config);
        StringBuilder yaml = new StringBuilder()
                .append("# Store ").append(store.name()).append(" (").append(store.id()).append("): ")
                .append(store.engine().id()).append(' ').append(store.version().version())
                .append(", plan ").append(store.plan().id())
                .append(store.template() == null ? "" : ", template " + store.template().id()).append(".\n")
                .append("# The worker's builders made these objects, in the order provisioning applies them, with the worker's\n")
                .append("# defaults for WORKER_INGRESS_CLASS, WORKER_INGRESS_CONTROLLER_NAMESPACE, WORKER_TLS_CLUSTER_ISSUER and\n")
                .append("# WORKER_STORAGE_CLASS: where an installation sets them, those fields differ from what runs there.\n");
        // The Secret comes where provisioning creates it: once the namespace is fenced (the first run of network
        // policies; a template's come much later), before anything reads it.
        int secretAt = endOfFirstRun(objects, NetworkPolicy.class);
        for (int i = 0; i < objects.size(); i++) {
            if (i == secretAt) {
                yaml.append(secretPlaceholder(store));
            }
            yaml.append(document(objects.get(i)));
        }
        if (secretAt == objects.size()) {
            yaml.append(secretPlaceholder(store));
        }
        return yaml.toString();
    }

    /**
     * The Secret with its keys and no values, all commented out: the worker generates it once with random values and
     * never re-applies it, so an applied copy would replace the store's passwords with empty ones.
     */
    static String secretPlaceholder(StoreSpec store) {
        Secret placeholder = StoreSecret.shape(store);
        StringBuilder text = new StringBuilder("---\n")
                .append("# Secret ").append(placeholder.getMetadata().getName())
                .append(": keys only, values are never printed. The worker generates it once with random values and\n")
                .append("# never re-applies it; it is commented out so that applying this output leaves it alone.\n");
        Serialization.asYaml(placeholder).lines().filter(line -> !line.equals("---"))
                .forEach(line -> text.append(PLACEHOLDER_LINE).append(line).append('\n'));
        return text.toString();
    }

    private static String document(HasMetadata object) {
        String yaml = Serialization.asYaml(object);
        return (yaml.startsWith("---") ? "" : "---\n") + yaml + (yaml.endsWith("\n") ? "" : "\n");
    }

    /** The index just after the first run of {@code kind}'s objects (0 when there is none). */
    private static int endOfFirstRun(List<HasMetadata> objects, Class<?> kind) {
        int i = 0;
        while (i < objects.size() && !kind.isInstance(objects.get(i))) {
            i++;
        }
        if (i == objects.size()) {
            return 0;
        }
        while (i < objects.size() && kind.isInstance(objects.get(i))) {
            i++;
        }
        return i;
    }
}
