package io.storeorchestrator.common.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The e-commerce engines a store can run, as clients name them. What is offered of each (versions, images, whether it
 * may be created) is configuration: {@link io.storeorchestrator.common.catalog.StoreCatalog}; how a store of each is
 * built (containers, database, Jobs, waits) is the provisioner worker's engine blueprint, one per engine.
 *
 * @param id          the name clients send ({@code "woocommerce"})
 * @param displayName the name people read ({@code "WooCommerce"})
 */
public enum Engine {

    WOOCOMMERCE("woocommerce", "WooCommerce"),
    MEDUSA("medusa", "Medusa");

    private final String id;
    private final String displayName;

    Engine(String id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    /** Looks an engine up by the id clients send, ignoring case. */
    public static Optional<Engine> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(e -> e.id.equals(wanted)).findFirst();
    }

    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }
}
