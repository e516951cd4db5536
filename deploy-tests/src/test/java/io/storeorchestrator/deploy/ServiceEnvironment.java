package io.storeorchestrator.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables a service reads, found in the sources rather than listed by hand:
 * <ul>
 *   <li>the {@code ${NAME:default}} placeholders of its {@code src/main/resources/application.yml};</li>
 *   <li>common's {@code @ConfigurationProperties("prefix")} records, which Micronaut binds straight from
 *       {@code PREFIX_COMPONENT} variables, for each service where the record is active: a record whose consumer in
 *       common is gated by {@code @Requires(classes = X.class)} counts only where the service declares X's library
 *       as a compile dependency (so the API, which has no Fabric8, does not read {@code KUBERNETES_*});</li>
 *   <li>{@code MANAGEMENT_PORT}, for a service whose main class hands it to Micronaut through common's
 *       {@code ManagementPort};</li>
 *   <li>the variables the image's entry point expands ({@code $JAVA_OPTS} in docker/Dockerfile).</li>
 * </ul>
 */
final class ServiceEnvironment {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    private static final Pattern SETTINGS = Pattern.compile(
            "@ConfigurationProperties\\(\"([a-z0-9.-]+)\"\\)\\s*public\\s+record\\s+(\\w+)\\s*\\(", Pattern.DOTALL);
    private static final Pattern REQUIRES = Pattern.compile("@Requires\\(classes\\s*=\\s*(\\w+)\\.class\\)");
    private static final Pattern SHELL_VARIABLE = Pattern.compile("\\$\\{?([A-Z][A-Z0-9_]*)");

    private ServiceEnvironment() {
    }

    static Set<String> readBy(String service) {
        Set<String> names = new TreeSet<>(placeholders(Repository.ROOT.resolve(service)
                .resolve("src/main/resources/application.yml")));
        for (SettingsRecord settings : commonSettings()) {
            if (settings.activeIn(service)) {
                names.addAll(settings.environmentNames());
            }
        }
        if (mainReadsManagementPort(service)) {
            names.add("MANAGEMENT_PORT");
        }
        names.addAll(entryPointVariables());
        return names;
    }

    static boolean mainReadsManagementPort(String service) {
        try (java.util.stream.Stream<Path> sources = java.nio.file.Files.walk(Repository.ROOT.resolve(service)
                .resolve("src/main/java"))) {
            return sources.filter(file -> file.getFileName().toString().endsWith("Application.java"))
                    .anyMatch(file -> Repository.read(file).contains("ManagementPort.properties(System.getenv())"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Set<String> placeholders(Path applicationYml) {
        Set<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(Repository.read(applicationYml));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Variables the Dockerfile's ENTRYPOINT / CMD expand at start-up. */
    static Set<String> entryPointVariables() {
        Set<String> names = new TreeSet<>();
        for (String line : Repository.read(Repository.ROOT.resolve("docker/Dockerfile")).lines().toList()) {
            if (line.startsWith("ENTRYPOINT") || line.startsWith("CMD")) {
                Matcher m = SHELL_VARIABLE.matcher(line);
                while (m.find()) {
                    // SERVICE is baked into the image by the build, not configuration.
                    if (!m.group(1).equals("SERVICE")) {
                        names.add(m.group(1));
                    }
                }
            }
        }
        return names;
    }

    record SettingsRecord(String prefix, String type, List<String> components, Set<String> requiredPackages) {

        List<String> environmentNames() {
            String head = prefix.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
            return components.stream().map(c -> head + "_" + c.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                    .toUpperCase(Locale.ROOT)).toList();
        }

        /** Active unless a consumer requires a library the service's pom does not bring at compile scope. */
        boolean activeIn(String service) {
            String pom = Repository.read(Repository.ROOT.resolve(service).resolve("pom.xml"));
            return requiredPackages.stream().allMatch(pkg -> compileDependencyGroups(pom).stream()
                    .anyMatch(pkg::startsWith));
        }
    }

    static List<SettingsRecord> commonSettings() {
        List<Path> sources = javaSources(Repository.ROOT.resolve("common/src/main/java"));
        List<SettingsRecord> records = new ArrayList<>();
        for (Path source : sources) {
            String text = Repository.read(source);
            Matcher m = SETTINGS.matcher(text);
            if (!m.find()) {
                continue;
            }
            String type = m.group(2);
            List<String> components = recordComponents(text, m.end());
            Set<String> required = new TreeSet<>();
            for (Path other : sources) {
                String consumer = Repository.read(other);
                if (other.equals(source) || !consumer.contains(type)) {
                    continue;
                }
                Matcher requires = REQUIRES.matcher(consumer);
                while (requires.find()) {
                    Matcher imported = Pattern.compile("import\\s+([\\w.]+)\\." + requires.group(1) + ";")
                            .matcher(consumer);
                    if (imported.find()) {
                        required.add(imported.group(1));
                    }
                }
            }
            records.add(new SettingsRecord(m.group(1), type, components, required));
        }
        return records;
    }

    /** The component names of a record header starting at {@code from} (just after its opening parenthesis). */
    private static List<String> recordComponents(String text, int from) {
        int depth = 1;
        int i = from;
        while (depth > 0) {
            char c = text.charAt(i++);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        }
        String header = text.substring(from, i - 1).replaceAll("@\\w+(\\([^)]*\\))?", " ");
        List<String> names = new ArrayList<>();
        for (String component : header.split(",")) {
            String[] words = component.trim().split("\\s+");
            names.add(words[words.length - 1]);
        }
        return names;
    }

    /** groupIds of the pom's dependencies that are not test-scoped. */
    private static List<String> compileDependencyGroups(String pom) {
        List<String> groups = new ArrayList<>();
        Matcher m = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL).matcher(pom);
        while (m.find()) {
            String dependency = m.group(1);
            if (dependency.contains("<scope>test</scope>")) {
                continue;
            }
            Matcher group = Pattern.compile("<groupId>([^<]+)</groupId>").matcher(dependency);
            if (group.find()) {
                groups.add(group.group(1).trim());
            }
        }
        return groups;
    }

    private static List<Path> javaSources(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
