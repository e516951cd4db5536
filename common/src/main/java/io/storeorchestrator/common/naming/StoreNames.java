package io.storeorchestrator.common.naming;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Naming rules for stores and the Kubernetes names derived from them.
 *
 * <p>The store name becomes a host label ({@code <name>.<base domain>}), so it must be a DNS label. The namespace is
 * derived from the immutable id, not the name, so a name freed by a deleted store can be reused at once while the old
 * namespace is still terminating.
 */
public final class StoreNames {

    public static final int MIN_LENGTH = 3;
    public static final int MAX_LENGTH = 30;
    public static final String NAMESPACE_PREFIX = "store-";

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

    /** Host labels the platform itself answers on; a store may not shadow them. */
    public static final Set<String> RESERVED = Set.of(
            "www", "api", "app", "admin", "dashboard", "platform", "status", "grafana", "prometheus", "mail");

    private StoreNames() {
    }

    /** @return why {@code name} is not acceptable, or empty when it is */
    public static Optional<String> problemWith(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of("name is required");
        }
        if (name.length() < MIN_LENGTH || name.length() > MAX_LENGTH) {
            return Optional.of("name must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long");
        }
        if (!DNS_LABEL.matcher(name).matches()) {
            return Optional.of("name must be a DNS label: lowercase letters, digits and '-', "
                    + "starting with a letter and ending with a letter or digit");
        }
        if (RESERVED.contains(name)) {
            return Optional.of("name '" + name + "' is reserved by the platform");
        }
        return Optional.empty();
    }

    public static boolean isValid(String name) {
        return problemWith(name).isEmpty();
    }

    /** The store's namespace: {@code store-<id>}, stable for the store's whole life. */
    public static String namespaceFor(UUID storeId) {
        return NAMESPACE_PREFIX + storeId;
    }

    /** The store a namespace belongs to, when it is named like a store namespace. */
    public static Optional<UUID> storeIdOf(String namespace) {
        if (namespace == null || !namespace.startsWith(NAMESPACE_PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(namespace.substring(NAMESPACE_PREFIX.length())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The store's public host name. */
    public static String hostFor(String storeName, String baseDomain) {
        return storeName + "." + baseDomain;
    }
}
