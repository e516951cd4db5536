package io.storeorchestrator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.storeorchestrator.common.naming.StoreLabels;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.storeorchestrator.deploy.Yaml.at;
import static io.storeorchestrator.deploy.Yaml.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store's objects have one source, the worker's builders ({@code render} prints them). A hand-written copy in
 * helm/ (the store charts that were removed had drifted from the builders) must not come back: no file there may
 * describe an object labelled as a store's, no second chart may appear, and the platform chart renders only the
 * platform's own objects.
 */
class NoStoreObjectsInHelmTest {

    private static final Path HELM = Repository.ROOT.resolve("helm");

    /** Label keys only a store's objects carry (the builders' StoreLabels.forStore). */
    private static final List<String> STORE_LABELS = List.of(StoreLabels.STORE_ID, StoreLabels.STORE_NAME,
            StoreLabels.ENGINE);

    @Test
    void noFileUnderHelmDescribesAnObjectLabelledAsAStores() {
        SoftAssertions soft = new SoftAssertions();
        for (Path file : files()) {
            String text = Repository.read(file);
            STORE_LABELS.stream().filter(text::contains).forEach(label -> soft.fail("%s names the store label %s: "
                    + "a store's objects come from the worker's builders only (print them with `render`)",
                    Repository.ROOT.relativize(file), label));
        }
        soft.assertAll();
    }

    @Test
    void thePlatformChartIsTheOnlyChart() {
        assertThat(files()).filteredOn(file -> file.getFileName().toString().equals("Chart.yaml"))
                .containsExactly(Repository.CHART.resolve("Chart.yaml"));
    }

    @ParameterizedTest
    @EnumSource(Chart.Scenario.class)
    void theChartRendersOnlyThePlatformsOwnObjects(Chart.Scenario scenario) {
        SoftAssertions soft = new SoftAssertions();
        for (JsonNode object : Chart.render(scenario).objects()) {
            String where = text(object, "kind") + " " + Manifests.name(object) + " (" + scenario + ")";
            JsonNode labels = at(object, "metadata", "labels");
            soft.assertThat(text(labels, "app.kubernetes.io/instance")).as(where + " belongs to the release")
                    .isEqualTo(Chart.RELEASE);
            STORE_LABELS.forEach(label -> soft.assertThat(labels.has(label)).as(where + " has " + label).isFalse());
            soft.assertThat(text(object, "kind")).as(where)
                    .isNotIn("Namespace", "ResourceQuota", "LimitRange", "StatefulSet");
        }
        soft.assertAll();
    }

    private static List<Path> files() {
        try (Stream<Path> paths = Files.walk(HELM)) {
            return paths.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
