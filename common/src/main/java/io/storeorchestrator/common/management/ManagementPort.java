package io.storeorchestrator.common.management;

import java.util.Map;

/**
 * {@code MANAGEMENT_PORT}: the port of health, metrics and every other management endpoint, apart from the service's
 * own port (the chart's Ingress never routes it). Given to Micronaut as {@code endpoints.all.port} by each service's
 * main rather than through {@code application.yml}, because a placeholder cannot fall back to another one there
 * ({@code ${MANAGEMENT_PORT:${SERVER_PORT:8081}}} reads as "8081}" and is silently dropped): unset, the endpoints
 * stay on the service's port.
 */
public final class ManagementPort {

    public static final String VARIABLE = "MANAGEMENT_PORT";
    static final String PROPERTY = "endpoints.all.port";

    private ManagementPort() {
    }

    /**
     * @return {@code endpoints.all.port} when {@code environment} sets {@value #VARIABLE}, else nothing
     * @throws IllegalArgumentException when it is set to something that is not a TCP port: the service must not start
     *                                  with its health endpoint somewhere nobody looks
     */
    public static Map<String, Object> properties(Map<String, String> environment) {
        String value = environment.get(VARIABLE);
        if (value == null || value.isBlank()) {
            return Map.of();
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return Map.of(PROPERTY, port);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(VARIABLE + " must be a TCP port (1-65535), got '" + value + "'");
    }
}
