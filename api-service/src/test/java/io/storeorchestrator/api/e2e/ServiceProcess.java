package io.storeorchestrator.api.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * One platform service running as a real process from its packaged jar, configured only through the environment
 * variables the Helm chart and docker-compose use. Killing it is a real SIGKILL: nothing gets to clean up.
 */
public final class ServiceProcess implements AutoCloseable {

    /** Tests start many short-lived services: quick start-up matters more than peak speed. */
    static final List<String> TEST_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-Xmx256m");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final int managementPort;
    private final Process process;

    private ServiceProcess(String name, int port, int managementPort, Process process) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
    }

    /**
     * Starts {@code <module>/target/<module>.jar} with SERVER_PORT and MANAGEMENT_PORT on free ports of their own, as
     * the chart separates them, and waits until its /health (on the management port) answers 200.
     */
    static ServiceProcess start(String name, String module, Map<String, String> env, List<String> jvmOptions) {
        Path jar = moduleJar(module);
        int port = freePort();
        int managementPort = freePort();
        Path log = Path.of("target", "e2e-logs", name + ".log");
        try {
            Files.createDirectories(log.getParent());
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = new ArrayList<>();
            command.add(java);
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            builder.environment().put("SERVER_PORT", Integer.toString(port));
            builder.environment().put("MANAGEMENT_PORT", Integer.toString(managementPort));
            ServiceProcess service = new ServiceProcess(name, port, managementPort, builder.start());
            service.awaitHealthy();
            return service;
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name, e);
        }
    }

    private static Path moduleJar(String module) {
        // The e2e tests run in api-service, the benchmark in benchmark/; the other services were packaged earlier in
        // the same reactor build.
        Path own = Path.of("target", module + ".jar");
        Path sibling = Path.of("..", module, "target", module + ".jar");
        Path jar = Files.exists(own) && module.equals("api-service") ? own : sibling;
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run the whole build (./mvnw verify)");
        }
        return jar;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitHealthy() {
        await(name + " healthy").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue()
                        + "; see target/e2e-logs/" + name + ".log");
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(
                                URI.create(managementUrl() + "/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return response.statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** The operating system's process id, for reading its CPU time and memory from /proc. */
    public long pid() {
        return process.pid();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Where /health and /prometheus are: never the API port. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the way a node failure or an OOM kill ends a worker mid-command. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** SIGTERM: a normal shutdown. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            if (!waitForExit()) {
                process.destroyForcibly();
                waitForExit();
            }
        }
    }

    private boolean waitForExit() {
        try {
            return process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
