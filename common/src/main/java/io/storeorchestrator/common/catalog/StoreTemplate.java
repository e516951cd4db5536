package io.storeorchestrator.common.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.storeorchestrator.common.domain.Engine;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a new store starts with besides its engine: for WooCommerce a theme and plugins from wordpress.org, installed by
 * a WP-CLI Job once the app serves; for Medusa a seed script of the store's image, run by a Job of that image.
 * Configuration, not code: templates are listed in the {@link StoreCatalog}, and a store names one at create.
 *
 * <p>Slugs, versions and the seed script end up on a Job's command line, so they are held to a narrow alphabet here,
 * at load: a catalog cannot smuggle a shell word into a store's Job.
 *
 * @param id          the name clients send ({@code woo-storefront}); a DNS label, unique in the catalog
 * @param engine      the engine the template is for; a store of another engine cannot use it
 * @param description one line for people
 * @param theme       WooCommerce: the theme installed and activated; null for none
 * @param plugins     WooCommerce: the plugins installed and activated, in order; empty for none
 * @param seed        Medusa: the seed the Job runs; null for WooCommerce
 */
public record StoreTemplate(String id, Engine engine, String description, WordPressPackage theme,
                            List<WordPressPackage> plugins, MedusaSeed seed) {

    /** A DNS label, as clients type it and {@code stores.template} (varchar(40)) keeps it. */
    static final Pattern ID = Pattern.compile("[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?");
    /** wordpress.org slugs: lowercase letters, digits and dashes. */
    static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
    /** A release as wordpress.org names it ({@code 9.3.3}, {@code 1.0-beta2}). */
    static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.-]{0,39}");
    /** A path inside the image, relative to its working directory. */
    static final Pattern SCRIPT = Pattern.compile("\\./[A-Za-z0-9_][A-Za-z0-9_./-]{0,199}");
    static final Pattern ARG = Pattern.compile("[A-Za-z0-9_.,:=/@+-]{1,200}");

    public StoreTemplate {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("template id '" + id + "' must be a DNS label of at most 40 characters");
        }
        if (engine == null) {
            throw new IllegalArgumentException("template " + id + " names no engine");
        }
        description = description == null ? "" : description;
        plugins = plugins == null ? List.of() : List.copyOf(plugins);
        switch (engine) {
            case WOOCOMMERCE -> {
                if (seed != null) {
                    throw new IllegalArgumentException("template " + id + ": a seed is for Medusa; a WooCommerce "
                            + "template has a theme and plugins");
                }
                if (theme == null && plugins.isEmpty()) {
                    throw new IllegalArgumentException("template " + id + " installs no theme and no plugin");
                }
                Set<String> slugs = new HashSet<>();
                for (WordPressPackage plugin : plugins) {
                    if (!slugs.add(plugin.slug())) {
                        throw new IllegalArgumentException("template " + id + ": plugin " + plugin.slug()
                                + " is listed twice");
                    }
                }
            }
            case MEDUSA -> {
                if (theme != null || !plugins.isEmpty()) {
                    throw new IllegalArgumentException("template " + id + ": themes and plugins are for WooCommerce; "
                            + "a Medusa template has a seed");
                }
                if (seed == null) {
                    throw new IllegalArgumentException("template " + id + " has no seed");
                }
            }
        }
    }

    /**
     * A theme or plugin from the wordpress.org directory.
     *
     * @param slug    its slug ({@code storefront})
     * @param version a pinned release; null for the latest, which makes two stores of one template differ
     */
    public record WordPressPackage(@JsonProperty("slug") String slug, @JsonProperty("version") String version) {
        public WordPressPackage {
            if (slug == null || !SLUG.matcher(slug).matches()) {
                throw new IllegalArgumentException("'" + slug + "' is not a wordpress.org slug (a-z, 0-9, -)");
            }
            if (version != null && !VERSION.matcher(version).matches()) {
                throw new IllegalArgumentException("version '" + version + "' of " + slug
                        + " is not a release name (letters, digits, . and -)");
            }
        }
    }

    /**
     * Medusa's seed: {@code medusa exec <script> [args...]}, run in the store's image against its migrated database.
     *
     * @param script the script in the image, relative to its working directory ({@code ./src/scripts/seed.ts})
     * @param args   passed to the script's default export as {@code args}; empty for none
     */
    public record MedusaSeed(@JsonProperty("script") String script, @JsonProperty("args") List<String> args) {
        public MedusaSeed {
            if (script == null || !SCRIPT.matcher(script).matches() || script.contains("..")) {
                throw new IllegalArgumentException("seed script '" + script + "' must be a path inside the image "
                        + "starting with ./ (letters, digits, _ . / -)");
            }
            args = args == null ? List.of() : List.copyOf(args);
            for (String arg : args) {
                if (!ARG.matcher(arg).matches()) {
                    throw new IllegalArgumentException("seed argument '" + arg + "' has a character a seed argument "
                            + "may not (letters, digits and _ . , : = / @ + -)");
                }
            }
        }
    }
}
