package io.storeorchestrator.common.catalog;

import io.storeorchestrator.common.domain.Engine;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Templates in the store catalog: what the shipped file offers, how a store picks one, what a bad one says. */
class StoreTemplatesTest {

    private static final String CATALOG = """
            plans:
              - id: tiny
                quota: {cpu: "1", memory: 1Gi, pods: 4, pvcs: 1, storage: 2Gi}
                app: {cpuRequest: 50m, memoryRequest: 64Mi, cpuLimit: 100m, memoryLimit: 128Mi}
                database: {cpuRequest: 50m, memoryRequest: 64Mi, cpuLimit: 100m, memoryLimit: 128Mi}
                databaseVolumeSize: 1Gi
                appReplicas: 1
            engines:
              woocommerce:
                cliImage: "wordpress:cli-2.11.0-php8.2"
                versions:
                  - {version: "6.6", image: "wordpress:6.6-apache"}
                  - {version: "6.5", image: "wordpress:6.5-apache", cliImage: "wordpress:cli-2.10.0-php8.1"}
              medusa:
                versions:
                  - {version: "2.8", image: "medusajs/medusa:2.8.4", requiresRedis: true}
            templates:
              - id: shop
                engine: woocommerce
                description: a shop
                theme: {slug: storefront, version: "4.6.0"}
                plugins:
                  - {slug: woocommerce, version: "9.3.3"}
                  - {slug: contact-form-7}
              - id: demo
                engine: medusa
                seed: {script: ./src/scripts/seed.ts, args: ["--region=eu"]}
            """;

    @Test
    void theShippedDefaultsOfferATemplateOfEachEngine() {
        StoreCatalog catalog = StoreCatalogLoader.defaults();
        assertThat(catalog.templates(Engine.WOOCOMMERCE)).extracting(StoreTemplate::id).containsExactly("woo-storefront");
        assertThat(catalog.templates(Engine.MEDUSA)).extracting(StoreTemplate::id).containsExactly("medusa-demo");
        StoreTemplate woo = catalog.template("woo-storefront").orElseThrow();
        assertThat(woo.theme()).isEqualTo(new StoreTemplate.WordPressPackage("storefront", "4.6.0"));
        assertThat(woo.plugins()).containsExactly(new StoreTemplate.WordPressPackage("woocommerce", "9.3.3"));
        assertThat(catalog.version(Engine.WOOCOMMERCE, null)).map(EngineVersion::cliImage)
                .contains("wordpress:cli-2.11.0-php8.2");
        assertThat(catalog.template("medusa-demo").orElseThrow().seed().script()).isEqualTo("./src/scripts/seed.ts");
    }

    @Test
    void aTemplateIsReadWithItsThemePluginsOrSeed() {
        StoreCatalog catalog = parse(CATALOG);
        assertThat(catalog.templates(null)).extracting(StoreTemplate::id).containsExactly("shop", "demo");
        StoreTemplate shop = catalog.template("shop").orElseThrow();
        assertThat(shop.engine()).isEqualTo(Engine.WOOCOMMERCE);
        assertThat(shop.description()).isEqualTo("a shop");
        assertThat(shop.plugins()).extracting(StoreTemplate.WordPressPackage::slug)
                .containsExactly("woocommerce", "contact-form-7");
        assertThat(shop.plugins().get(1).version()).as("unpinned: the latest").isNull();
        StoreTemplate demo = catalog.template("demo").orElseThrow();
        assertThat(demo.seed()).isEqualTo(new StoreTemplate.MedusaSeed("./src/scripts/seed.ts", List.of("--region=eu")));
        assertThat(demo.description()).isEmpty();
    }

    @Test
    void aStorePicksATemplateOfItsOwnEngine() {
        StoreCatalog catalog = parse(CATALOG);
        assertThat(catalog.chooseTemplate(Engine.WOOCOMMERCE, null)).isEmpty();
        assertThat(catalog.chooseTemplate(Engine.WOOCOMMERCE, "shop")).map(StoreTemplate::id).contains("shop");
        assertThatThrownBy(() -> catalog.chooseTemplate(Engine.WOOCOMMERCE, "blog"))
                .isInstanceOfSatisfying(UnknownChoiceException.class,
                        e -> assertThat(e.kind()).isEqualTo(UnknownChoiceException.Kind.TEMPLATE))
                .hasMessage("Unknown template 'blog'; templates of woocommerce are: shop");
        assertThatThrownBy(() -> catalog.chooseTemplate(Engine.MEDUSA, "shop"))
                .isInstanceOf(UnknownChoiceException.class)
                .hasMessage("Template 'shop' is for woocommerce, not medusa; templates of medusa are: demo");
    }

    @Test
    void aVersionNamesItsOwnWpCliImageOrGetsTheEnginesOne() {
        StoreCatalog catalog = parse(CATALOG);
        assertThat(catalog.version(Engine.WOOCOMMERCE, "6.6")).map(EngineVersion::cliImage)
                .contains("wordpress:cli-2.11.0-php8.2");
        assertThat(catalog.version(Engine.WOOCOMMERCE, "6.5")).map(EngineVersion::cliImage)
                .contains("wordpress:cli-2.10.0-php8.1");
        assertThat(catalog.version(Engine.MEDUSA, null)).map(EngineVersion::cliImage).isEmpty();
    }

    @Test
    void theTemplatesOfAnEngineNotOfferedAreNotOfferedEither() {
        StoreCatalog withoutMedusa = parse(CATALOG.replace("""
                  medusa:
                    versions:
                      - {version: "2.8", image: "medusajs/medusa:2.8.4", requiresRedis: true}
                """, ""));
        assertThat(withoutMedusa.templates(null)).extracting(StoreTemplate::id).containsExactly("shop");
        StoreCatalog medusaOff = parse(CATALOG.replace("  medusa:\n", "  medusa:\n    available: false\n"));
        assertThat(medusaOff.templates(Engine.MEDUSA)).isEmpty();
        StoreCatalog withoutWoo = parse(CATALOG.replace("""
                  woocommerce:
                    cliImage: "wordpress:cli-2.11.0-php8.2"
                    versions:
                      - {version: "6.6", image: "wordpress:6.6-apache"}
                      - {version: "6.5", image: "wordpress:6.5-apache", cliImage: "wordpress:cli-2.10.0-php8.1"}
                """, ""));
        assertThat(withoutWoo.templates(null)).as("no WP-CLI image needed either").extracting(StoreTemplate::id)
                .containsExactly("demo");
    }

    @Test
    void aCatalogWithoutTemplatesOffersNone() {
        StoreCatalog catalog = parse(CATALOG.substring(0, CATALOG.indexOf("templates:")));
        assertThat(catalog.templates(null)).isEmpty();
        assertThatThrownBy(() -> catalog.chooseTemplate(Engine.MEDUSA, "demo"))
                .hasMessage("Unknown template 'demo'; templates of medusa are: (none)");
    }

    @Test
    void aBadTemplateStopsTheServiceWithWhatIsWrong() {
        assertThatThrownBy(() -> parse(CATALOG.replace("id: demo", "id: shop")))
                .hasMessageContaining("template shop is declared twice");
        assertThatThrownBy(() -> parse(CATALOG.replace("engine: medusa", "engine: magento")))
                .hasMessageContaining("template demo: unknown engine 'magento'");
        assertThatThrownBy(() -> parse(CATALOG.replace("id: demo", "id: Demo_1")))
                .hasMessageContaining("template id 'Demo_1' must be a DNS label");
        assertThatThrownBy(() -> parse(CATALOG.replace("slug: contact-form-7", "slug: \"x; rm -rf /\"")))
                .hasMessageContaining("'x; rm -rf /' is not a wordpress.org slug");
        assertThatThrownBy(() -> parse(CATALOG.replace("version: \"9.3.3\"", "version: \"$(id)\"")))
                .hasMessageContaining("version '$(id)' of woocommerce is not a release name");
        assertThatThrownBy(() -> parse(CATALOG.replace("./src/scripts/seed.ts", "../../etc/passwd")))
                .hasMessageContaining("seed script '../../etc/passwd' must be a path inside the image");
        assertThatThrownBy(() -> parse(CATALOG.replace("--region=eu", "a b")))
                .hasMessageContaining("seed argument 'a b'");
        assertThatThrownBy(() -> parse(CATALOG.replace("      - {slug: contact-form-7}",
                "      - {slug: woocommerce}")))
                .hasMessageContaining("plugin woocommerce is listed twice");
    }

    @Test
    void aTemplateHasWhatItsEngineInstalls() {
        assertThatThrownBy(() -> parse(CATALOG.replace("seed: {script: ./src/scripts/seed.ts, args: [\"--region=eu\"]}",
                "theme: {slug: storefront}")))
                .hasMessageContaining("template demo: themes and plugins are for WooCommerce");
        assertThatThrownBy(() -> parse(CATALOG.replace("seed: {script: ./src/scripts/seed.ts, args: [\"--region=eu\"]}",
                "description: nothing")))
                .hasMessageContaining("template demo has no seed");
        String bare = """
                  - id: bare
                    engine: woocommerce
                """;
        assertThatThrownBy(() -> parse(CATALOG + bare)).hasMessageContaining("template bare installs no theme and no plugin");

        assertThatThrownBy(() -> parse(CATALOG.replace("    cliImage: \"wordpress:cli-2.11.0-php8.2\"\n", "")))
                .hasMessageContaining("woocommerce version 6.6 names no cliImage, which template shop needs");
        assertThatThrownBy(() -> parse(CATALOG.replace("    seed: {", "    sed: {")))
                .as("a typo is an error, not a template without a seed").hasMessageContaining("sed");
    }

    private static StoreCatalog parse(String yaml) {
        return StoreCatalogLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
    }
}
