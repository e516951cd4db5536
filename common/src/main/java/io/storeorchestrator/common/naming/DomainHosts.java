package io.storeorchestrator.common.naming;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a custom domain's host may be, and the TXT record that proves its owner controls it. One place, so the API's
 * validation and the names the workers derive from a host agree.
 *
 * <p>A host is an RFC 1123 name of at least two labels (so not a bare TLD or a single label), no wildcard, not an IP
 * address, at most 253 characters, and not under the platform's own base domain (those names are the platform's to
 * give: {@code <store>.<base domain>}).
 */
public final class DomainHosts {

    public static final int MAX_LENGTH = 253;
    private static final int LABEL_MAX = 63;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /** The last label of a public name is never all digits; this also refuses dotted-quad IPv4 addresses. */
    private static final Pattern NUMERIC = Pattern.compile("[0-9]+");

    private DomainHosts() {
    }

    /** The host as stored and compared: trimmed, lower case, without the root's trailing dot. */
    public static String normalize(String host) {
        String trimmed = host.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith(".") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    /**
     * @param host       as normalized by {@link #normalize}
     * @param baseDomain the platform's own base domain ({@code STORE_BASE_DOMAIN})
     * @return why {@code host} cannot be a custom domain, or empty when it can
     */
    public static Optional<String> problemWith(String host, String baseDomain) {
        if (host == null || host.isEmpty()) {
            return Optional.of("host is required");
        }
        if (host.length() > MAX_LENGTH) {
            return Optional.of("host must be at most " + MAX_LENGTH + " characters long");
        }
        if (host.contains("*")) {
            return Optional.of("host must not be a wildcard");
        }
        if (host.contains(":") || host.contains("[")) {
            return Optional.of("host must be a DNS name, not an IP address");
        }
        String[] labels = host.split("\\.", -1);
        if (labels.length < 2) {
            return Optional.of("host must have at least two labels, such as shop.example.com");
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > LABEL_MAX || !LABEL.matcher(label).matches()) {
                return Optional.of("host must be a DNS name: labels of 1 to " + LABEL_MAX
                        + " lowercase letters, digits and '-', not starting or ending with '-'");
            }
        }
        if (NUMERIC.matcher(labels[labels.length - 1]).matches()) {
            return Optional.of("host must be a DNS name, not an IP address");
        }
        String base = normalize(baseDomain);
        if (host.equals(base) || host.endsWith("." + base)) {
            return Optional.of("hosts under " + base + " are the platform's own");
        }
        return Optional.empty();
    }

    /** Where the owner publishes the token: {@code <prefix>.<host>}, e.g. {@code _store-orchestrator.shop.example.com}. */
    public static String txtRecordName(String prefix, String host) {
        return prefix + "." + host;
    }

    /** What the TXT record must say. */
    public static String txtRecordValue(String token) {
        return "store-orchestrator-verification=" + token;
    }
}
