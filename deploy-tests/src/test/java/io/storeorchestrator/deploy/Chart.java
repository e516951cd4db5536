package io.storeorchestrator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The platform chart through helm-java: Helm's own Go code, so lint and template behave exactly as the CLI (values
 * schema included), with no helm binary on the machine.
 */
final class Chart {

    static final String RELEASE = "so";
    static final String NAMESPACE = "store-platform";
    /** The oldest Kubernetes the chart supports (Chart.yaml kubeVersion); helm-java's default is older. */
    static final String KUBE_VERSION = "1.30.0";

    /** Values files the tests render with: the chart's defaults, production, and everything on. */
    enum Scenario {
        DEFAULT(null),
        PROD(Repository.CHART.resolve("values-prod.yaml")),
        ALL_ON(Repository.testValues("all-on.yaml"));

        final Path valuesFile;

        Scenario(Path valuesFile) {
            this.valuesFile = valuesFile;
        }
    }

    private static final Map<Scenario, Manifests> RENDERED = new ConcurrentHashMap<>();

    private Chart() {
    }

    static Manifests render(Scenario scenario) {
        return RENDERED.computeIfAbsent(scenario, s -> s.valuesFile == null ? render() : render(s.valuesFile));
    }

    /** `helm template` with these values files (later ones win) and --set pairs. */
    static Manifests render(Path... valuesFiles) {
        return render(Map.of(), valuesFiles);
    }

    static Manifests render(Map<String, Object> set, Path... valuesFiles) {
        var command = new Helm(Repository.CHART).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        for (Path file : valuesFiles) {
            command.withValuesFile(file);
        }
        set.forEach(command::set);
        return new Manifests(Yaml.parseAll(command.call()));
    }

    /** `helm lint --strict` of the chart as it is (its own values.yaml). */
    static LintResult lint() {
        return new Helm(Repository.CHART).lint().strict().call();
    }

    /**
     * `helm lint --strict` with a values file. helm-java's lint takes no values, so the chart is copied and the file
     * merged into the copy's values.yaml, exactly as Helm would merge it (the schema then sees the merged values).
     */
    static LintResult lint(Path valuesFile, Path workDir) {
        Path copy = workDir.resolve("store-orchestrator");
        copyTree(Repository.CHART, copy);
        JsonNode defaults = Yaml.parse(Repository.read(Repository.CHART.resolve("values.yaml")));
        JsonNode overrides = Yaml.parse(Repository.read(valuesFile));
        write(copy.resolve("values.yaml"), Yaml.write(Yaml.merge(defaults, overrides)));
        return new Helm(copy).lint().strict().call();
    }

    static List<String> problems(LintResult result) {
        return result.getMessages().stream().filter(m -> m.startsWith("[WARNING]") || m.startsWith("[ERROR]")).toList();
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
