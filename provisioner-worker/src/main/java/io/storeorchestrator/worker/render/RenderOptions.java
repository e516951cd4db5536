package io.storeorchestrator.worker.render;

import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.naming.StoreNames;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What {@code render} prints, as given on its command line. Plan and version stay as typed (null = the catalog's
 * defaults): the catalog, not the parser, knows what is offered.
 *
 * @param engine  {@code --engine}, required
 * @param plan    {@code --plan}; null = the catalog's default plan
 * @param version {@code --version}; null = the engine's default version
 * @param id      {@code --id}: the store's id, which names its namespace; an example id when not given
 * @param name    {@code --name}: the store's name (a DNS label)
 * @param host    {@code --host}: the host its Ingress answers on
 * @param catalog {@code --catalog}: a catalog file; null = {@code STORE_CATALOG_FILE}, else the shipped defaults
 * @param template {@code --template}: a template of the engine, whose Job and network policies are printed too; null =
 *                 none
 */
record RenderOptions(String engine, String plan, String version, UUID id, String name, String host, String catalog,
                     String template) {

    /** Obviously not a real store's: applying the output as is makes a namespace no store row owns. */
    static final UUID EXAMPLE_ID = new UUID(0, 0);
    static final String EXAMPLE_NAME = "demo";
    /** The API's default STORE_BASE_DOMAIN. */
    static final String EXAMPLE_BASE_DOMAIN = "localtest.me";

    static final String USAGE = """
            usage: render --engine <engine> [--plan <plan>] [--version <version>] [--template <template>]
                          [--name <store name>] [--id <store id>] [--host <host>] [--catalog <file.yml>]

            Prints the objects of one store as multi-document YAML, in the order provisioning applies them, exactly as
            the worker's builders make them (its Secret as a commented placeholder: keys only, never values).
            No cluster, broker or database is needed.

              --engine   %s
              --plan     a plan of the catalog (default: the catalog's default plan)
              --version  a version the catalog offers of the engine (default: the engine's default version)
              --template a template of the engine in the catalog: its Job and network policies too (default: none)
              --name     the store's name (default: demo)
              --id       the store's id, which names its namespace store-<id> (default: an example id)
              --host     the host its Ingress answers on (default: <name>.localtest.me)
              --catalog  a catalog file (default: STORE_CATALOG_FILE when set, else the shipped defaults)
            """.formatted(engineIds(" | "));

    private static final Set<String> FLAGS = Set.of("engine", "plan", "version", "name", "id", "host", "catalog",
            "template");

    /**
     * Reads {@code --flag value} and {@code --flag=value} pairs.
     *
     * @throws UsageException naming the first problem: an unknown or repeated flag, a missing value, a missing
     *                        {@code --engine}, a store name that is not a valid one, an id that is not a UUID
     */
    static RenderOptions parse(List<String> args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            int equals = arg.indexOf('=');
            String flag = arg.substring(2, equals < 0 ? arg.length() : equals);
            if (!FLAGS.contains(flag)) {
                throw new UsageException("unknown flag --" + flag);
            }
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                throw new UsageException("--" + flag + " needs a value");
            }
            if (value.isBlank()) {
                throw new UsageException("--" + flag + " needs a value");
            }
            if (values.put(flag, value.trim()) != null) {
                throw new UsageException("--" + flag + " is given twice");
            }
        }
        String engine = Optional.ofNullable(values.get("engine"))
                .orElseThrow(() -> new UsageException("--engine is required"));
        String name = values.getOrDefault("name", EXAMPLE_NAME);
        StoreNames.problemWith(name).ifPresent(problem -> {
            throw new UsageException("--name: " + problem);
        });
        UUID id = values.containsKey("id") ? uuid(values.get("id")) : EXAMPLE_ID;
        String host = values.getOrDefault("host", StoreNames.hostFor(name, EXAMPLE_BASE_DOMAIN));
        return new RenderOptions(engine, values.get("plan"), values.get("version"), id, name, host,
                values.get("catalog"), values.get("template"));
    }

    /** Every engine there is, offered by the catalog or not. */
    static String engineIds(String separator) {
        return Arrays.stream(Engine.values()).map(Engine::id).collect(Collectors.joining(separator));
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--id must be a store id (a UUID), not '" + text + "'");
        }
    }

    /** A command line {@code render} cannot run; the message says what is wrong. */
    static final class UsageException extends IllegalArgumentException {
        UsageException(String message) {
            super(message);
        }
    }
}
