package io.storeorchestrator.worker.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.storeorchestrator.common.catalog.EngineVersion;
import io.storeorchestrator.common.catalog.Plan;
import io.storeorchestrator.common.catalog.StoreCatalog;
import io.storeorchestrator.common.catalog.StoreCatalogLoader;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.naming.StoreLabels;
import io.storeorchestrator.common.naming.StoreNames;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.model.StoreObjects;
import io.storeorchestrator.worker.model.StoreSecret;
import io.storeorchestrator.worker.model.StoreSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RenderCommandTest {

    private static final StoreCatalog CATALOG = StoreCatalogLoader.defaults();
    private static final UUID ID = UUID.fromString("5f0c1c1e-8a57-4f7e-9a8e-0d2b6a3c4d5e");

    /** Every engine, plan and version the shipped catalog offers. */
    static Stream<Arguments> offered() {
        List<Arguments> out = new ArrayList<>();
        for (Engine engine : Engine.values()) {
            for (Plan plan : CATALOG.plans()) {
                CATALOG.offer(engine).ifPresent(offer -> offer.versions().forEach(version ->
                        out.add(Arguments.of(engine, plan, version))));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {2} on {1}")
    @MethodSource("offered")
    void theOutputParsesBackIntoExactlyTheBuildersObjects(Engine engine, Plan plan, EngineVersion version) {
        Run run = render("--engine", engine.id(), "--plan", plan.id(), "--version", version.version(),
                "--name", "shop", "--id", ID.toString());

        assertThat(run.status).as(run.err).isZero();
        assertThat(run.err).isEmpty();
        StoreSpec store = new StoreSpec(ID, "shop", engine, 1, StoreNames.namespaceFor(ID), "shop.localtest.me", plan,
                version, 1);
        assertThat(objects(run.out)).isEqualTo(StoreObjects.all(store, WorkerConfig.defaults()));
    }

    @Test
    void everyObjectCarriesTheStoreLabelsAndLivesInTheStoreNamespace() {
        Run run = render("--engine", "medusa", "--name", "shop", "--id", ID.toString());

        List<HasMetadata> objects = objects(run.out);
        assertThat(objects).isNotEmpty();
        for (HasMetadata object : objects) {
            assertThat(object.getMetadata().getLabels()).as(object.getKind() + " " + object.getMetadata().getName())
                    .containsAllEntriesOf(StoreLabels.forStore(ID, "shop", "medusa"));
            String expectedNamespace = object instanceof Namespace ? null : "store-" + ID;
            assertThat(object.getMetadata().getNamespace()).isEqualTo(expectedNamespace);
        }
    }

    @Test
    void theSecretIsACommentedPlaceholderWithItsKeysAndNoValues() {
        Run run = render("--engine", "woocommerce", "--id", ID.toString());

        assertThat(objects(run.out)).noneMatch(Secret.class::isInstance);
        Secret placeholder = Serialization.unmarshal(run.out.lines()
                .filter(line -> line.startsWith(RenderCommand.PLACEHOLDER_LINE))
                .map(line -> line.substring(RenderCommand.PLACEHOLDER_LINE.length()))
                .collect(Collectors.joining("\n")), Secret.class);
        assertThat(placeholder.getMetadata().getNamespace()).isEqualTo("store-" + ID);
        assertThat(placeholder.getData()).containsOnlyKeys(io.storeorchestrator.worker.model.EngineBlueprint.of(io.storeorchestrator.common.domain.Engine.WOOCOMMERCE).secretKeys());
        assertThat(placeholder.getData().values()).allMatch(String::isEmpty);
        assertThat(placeholder.getStringData()).isNullOrEmpty();
        assertThat(run.out).contains("values are never printed");
    }

    @Test
    void theSecretComesRightAfterTheNetworkPolicies() {
        String out = render("--engine", "woocommerce").out;

        int secret = out.indexOf("# Secret ");
        assertThat(out.lastIndexOf("kind: \"" + new NetworkPolicy().getKind() + "\"")).isBetween(0, secret);
        assertThat(out.indexOf("kind: \"Service\"")).isGreaterThan(secret);
    }

    @Test
    void aWooCommerceStoresContentClaimIsPrintedBeforeTheAppThatMountsIt() {
        List<String> names = objects(render("--engine", "woocommerce", "--plan", "medium").out).stream()
                .map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
        assertThat(names).containsSubsequence("Service/wordpress", "PersistentVolumeClaim/wp-content",
                "Deployment/wordpress");
        assertThat(render("--engine", "woocommerce", "--plan", "medium").out).contains("storage: \"5Gi\"");
        assertThat(objects(render("--engine", "medusa").out))
                .noneMatch(o -> o.getKind().equals("PersistentVolumeClaim"));
    }

    @Test
    void aTemplatePrintsItsNetworkPoliciesAndJobAfterTheStoresAndTheSecretStaysAfterTheFence() {
        Run run = render("--engine", "woocommerce", "--template", "woo-storefront");

        assertThat(run.status).as(run.err).isZero();
        assertThat(run.out).contains("woocommerce 6.6, plan small, template woo-storefront.");
        List<String> names = objects(run.out).stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
        assertThat(names).endsWith("NetworkPolicy/allow-template-to-database",
                "NetworkPolicy/allow-database-from-template", "NetworkPolicy/allow-template-to-internet",
                "Job/store-template");
        int secret = run.out.indexOf("# Secret ");
        assertThat(run.out.indexOf("allow-app-to-internet")).isBetween(0, secret);
        assertThat(run.out.indexOf("kind: \"Service\"")).isGreaterThan(secret);
        assertThat(run.out.indexOf("allow-template-to-database")).isGreaterThan(secret);

        Run otherEngine = render("--engine", "medusa", "--template", "woo-storefront");
        assertThat(otherEngine.status).isEqualTo(2);
        assertThat(otherEngine.err).contains("Template 'woo-storefront' is for woocommerce, not medusa");
    }

    @Test
    void withoutPlanOrVersionTheCatalogDefaultsApply() {
        Run run = render("--engine", "woocommerce");

        assertThat(run.status).isZero();
        assertThat(run.out).contains("woocommerce " + CATALOG.offer(Engine.WOOCOMMERCE).orElseThrow().defaultVersion()
                + ", plan " + CATALOG.defaultPlan());
        assertThat(objects(run.out).getFirst().getMetadata().getName())
                .isEqualTo(StoreNames.namespaceFor(RenderOptions.EXAMPLE_ID));
    }

    @ParameterizedTest
    @MethodSource("badCommandLines")
    void aBadCommandLineExitsWith2AndSaysWhy(List<String> args, String why) {
        Run run = render(args.toArray(String[]::new));

        assertThat(run.status).isEqualTo(2);
        assertThat(run.out).isEmpty();
        assertThat(run.err).contains(why).contains("usage: render --engine");
    }

    static Stream<Arguments> badCommandLines() {
        return Stream.of(
                Arguments.of(List.of(), "--engine is required"),
                Arguments.of(List.of("--plan", "small"), "--engine is required"),
                Arguments.of(List.of("--engine"), "--engine needs a value"),
                Arguments.of(List.of("--engine", "--plan", "small"), "--engine needs a value"),
                Arguments.of(List.of("--engine="), "--engine needs a value"),
                Arguments.of(List.of("--engine", "woocommerce", "--engine", "medusa"), "--engine is given twice"),
                Arguments.of(List.of("--engine", "woocommerce", "--colour", "red"), "unknown flag --colour"),
                Arguments.of(List.of("woocommerce"), "unexpected argument 'woocommerce'"),
                Arguments.of(List.of("--engine", "woocommerce", "--name", "Bad_Name"), "--name: name must be a DNS label"),
                Arguments.of(List.of("--engine", "woocommerce", "--id", "42"), "--id must be a store id"));
    }

    @Test
    void anEngineThatDoesNotExistExitsWith2ListingTheEngines() {
        Run run = render("--engine", "magento");

        assertThat(run.status).isEqualTo(2);
        assertThat(run.out).isEmpty();
        assertThat(run.err).contains("Unknown engine 'magento'; engines are: woocommerce, medusa");
    }

    @Test
    void aPlanOrVersionNotOfferedExitsWith2ListingWhatIs() {
        Run plan = render("--engine", "woocommerce", "--plan", "huge");
        assertThat(plan.status).isEqualTo(2);
        assertThat(plan.out).isEmpty();
        assertThat(plan.err).contains("Unknown plan 'huge'; plans are: " + CATALOG.planIds());

        Run version = render("--engine", "woocommerce", "--version", "1.0");
        assertThat(version.status).isEqualTo(2);
        assertThat(version.err).contains("Unknown version '1.0' of woocommerce; versions are: "
                + CATALOG.versionIds(Engine.WOOCOMMERCE));
    }

    @Test
    void aCatalogFileReplacesTheDefaultsAndStoreCatalogFileIsItsFallback(@TempDir Path dir) throws IOException {
        Path catalog = dir.resolve("catalog.yml");
        Files.writeString(catalog, """
                plans:
                  - id: tiny
                    quota: {cpu: "1", memory: 1Gi, pods: 4, pvcs: 1, storage: 1Gi}
                    app: {cpuRequest: 50m, memoryRequest: 64Mi, cpuLimit: 100m, memoryLimit: 128Mi}
                    database: {cpuRequest: 50m, memoryRequest: 64Mi, cpuLimit: 100m, memoryLimit: 128Mi}
                    databaseVolumeSize: 1Gi
                    appReplicas: 1
                engines:
                  woocommerce:
                    versions: [{version: "7.0", image: "wordpress:7.0-apache"}]
                """);

        assertThat(render("--engine", "woocommerce", "--catalog", catalog.toString()).out)
                .contains("woocommerce 7.0, plan tiny").contains("wordpress:7.0-apache");
        Run fromEnvironment = run(List.of("--engine", "woocommerce"), catalog.toString());
        assertThat(fromEnvironment.out).contains("woocommerce 7.0, plan tiny");
        Run flagWins = run(List.of("--engine", "woocommerce", "--catalog", dir.resolve("absent.yml").toString()),
                catalog.toString());
        assertThat(flagWins.status).isEqualTo(2);
        assertThat(flagWins.err).contains("absent.yml");
    }

    @Test
    void helpPrintsTheUsage() {
        Run run = render("--help");

        assertThat(run.status).isZero();
        assertThat(run.out).startsWith("usage: render --engine");
    }

    /** The parsed documents of the output, comments (the Secret placeholder) left out. */
    private static List<HasMetadata> objects(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---$")) {
            String content = document.lines().filter(line -> !line.startsWith("#")).collect(Collectors.joining("\n"));
            if (!content.isBlank()) {
                objects.add(Serialization.unmarshal(content));
            }
        }
        return objects;
    }

    private static Run render(String... args) {
        return run(Arrays.asList(args), null);
    }

    private static Run run(List<String> args, String catalogFile) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RenderCommand.run(args, catalogFile, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int status, String out, String err) {
    }
}
