package io.storeorchestrator.common.testsupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.RabbitMQContainer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;

/**
 * The real PostgreSQL and RabbitMQ servers the integration tests use, chosen without editing code.
 *
 * <p>{@code TEST_SERVERS=local} uses the servers on this machine's standard ports, {@code TEST_SERVERS=testcontainers}
 * starts them with Testcontainers (needs Docker), and the default, {@code auto}, uses local servers when both ports
 * answer and Testcontainers otherwise. Local coordinates can be overridden with {@code TEST_PG_HOST},
 * {@code TEST_PG_PORT}, {@code TEST_PG_USER}, {@code TEST_PG_PASSWORD}, {@code TEST_RABBIT_HOST},
 * {@code TEST_RABBIT_PORT}, {@code TEST_RABBIT_USER}, {@code TEST_RABBIT_PASSWORD}.
 */
public final class TestServers {

    private static final Logger LOG = LoggerFactory.getLogger(TestServers.class);

    /** Where a server is reached. */
    public record Endpoint(String host, int port, String user, String password) {
    }

    private static Endpoint postgres;
    private static Endpoint rabbit;

    private TestServers() {
    }

    /** The PostgreSQL server (an admin role on it). */
    public static synchronized Endpoint postgres() {
        if (postgres == null) {
            start();
        }
        return postgres;
    }

    /** The RabbitMQ server. */
    public static synchronized Endpoint rabbit() {
        if (rabbit == null) {
            start();
        }
        return rabbit;
    }

    private static void start() {
        String mode = env("TEST_SERVERS", "auto").toLowerCase(Locale.ROOT);
        Endpoint localPg = new Endpoint(env("TEST_PG_HOST", "127.0.0.1"), Integer.parseInt(env("TEST_PG_PORT", "5432")),
                env("TEST_PG_USER", "postgres"), env("TEST_PG_PASSWORD", ""));
        Endpoint localRabbit = new Endpoint(env("TEST_RABBIT_HOST", "127.0.0.1"),
                Integer.parseInt(env("TEST_RABBIT_PORT", "5672")),
                env("TEST_RABBIT_USER", "guest"), env("TEST_RABBIT_PASSWORD", "guest"));
        boolean useLocal = switch (mode) {
            case "local" -> true;
            case "testcontainers" -> false;
            default -> answers(localPg) && answers(localRabbit);
        };
        if (useLocal) {
            LOG.info("Integration tests use the local PostgreSQL {}:{} and RabbitMQ {}:{}",
                    localPg.host(), localPg.port(), localRabbit.host(), localRabbit.port());
            postgres = localPg;
            rabbit = localRabbit;
            return;
        }
        LOG.info("Integration tests start PostgreSQL and RabbitMQ with Testcontainers");
        PostgreSQLContainer<?> pg = new PostgreSQLContainer<>("postgres:16-alpine");
        pg.start();
        RabbitMQContainer mq = new RabbitMQContainer("rabbitmq:3.13-management-alpine");
        mq.start();
        postgres = new Endpoint(pg.getHost(), pg.getMappedPort(5432), pg.getUsername(), pg.getPassword());
        rabbit = new Endpoint(mq.getHost(), mq.getAmqpPort(), mq.getAdminUsername(), mq.getAdminPassword());
    }

    private static boolean answers(Endpoint endpoint) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
