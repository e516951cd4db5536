package io.storeorchestrator.clustersim;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator on its own:
 * {@code java -jar cluster-sim.jar [--host 127.0.0.1] [--port 6443] [--kubeconfig .stack/kubeconfig]
 * [--ready-delay 3s] [--namespace-termination-delay 2s] [--no-default-rules] [--api-latency 200ms]
 * [--write-fault-rate 0.2] [--fault-seed 42]}, until SIGTERM or SIGINT.
 */
public final class ClusterSimMain {

    static {
        // Embedded in other modules' tests the simulator must not impose a logback.xml, so its standalone
        // configuration has its own name, chosen here before the first logger is created.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "cluster-sim-logback.xml");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ClusterSimMain.class);

    private ClusterSimMain() {
    }

    /** What the command line asks for. */
    record Options(ClusterSimConfig config, Path kubeconfig) {
    }

    public static void main(String[] args) throws InterruptedException {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(usage());
            return;
        }
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        ClusterSimConfig config = options.config();
        ClusterSim sim = ClusterSim.start(config);
        Path written = sim.writeKubeconfig(options.kubeconfig()).toAbsolutePath();
        LOG.info("cluster-sim listening on {}; kubeconfig at {}; API latency {} ms, write fault rate {}; request "
                + "counters at {}/sim/stats", sim.masterUrl(), written, config.apiLatency().toMillis(),
                config.writeFaultRate(), sim.masterUrl());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("cluster-sim shutting down");
            sim.close();
            stopped.countDown();
        }, "cluster-sim-shutdown"));
        stopped.await();
    }

    /** @throws IllegalArgumentException for an unknown option or a value that does not parse or is out of range */
    static Options parse(String[] args) {
        ClusterSimConfig config = ClusterSimConfig.defaults();
        Path kubeconfig = Path.of(".stack", "kubeconfig");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> config = config.withHost(value(args, ++i));
                case "--port" -> config = config.withPort(Integer.parseInt(value(args, ++i)));
                case "--kubeconfig" -> kubeconfig = Path.of(value(args, ++i));
                case "--ready-delay" -> config = config.withReadyDelay(duration(value(args, ++i)));
                case "--namespace-termination-delay" ->
                        config = config.withNamespaceTerminationDelay(duration(value(args, ++i)));
                case "--no-default-rules" -> config = config.withDefaultRules(false);
                case "--api-latency" -> config = config.withApiLatency(duration(value(args, ++i)));
                case "--write-fault-rate" -> config = config.withWriteFaultRate(Double.parseDouble(value(args, ++i)));
                case "--fault-seed" -> config = config.withFaultSeed(Long.parseLong(value(args, ++i)));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new Options(config, kubeconfig);
    }

    /** Parses {@code 300ms}, {@code 3s}, {@code 2m} or an ISO-8601 duration ({@code PT3S}). */
    static Duration duration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("pt")) {
                return Duration.parse(text);
            }
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            return switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new IllegalArgumentException("invalid duration " + text);
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid duration '" + text + "' (use e.g. 300ms, 3s, 2m)", e);
        }
    }

    private static String value(String[] args, int index) {
        if (index >= args.length) {
            throw new IllegalArgumentException("option " + args[index - 1] + " needs a value");
        }
        return args[index];
    }

    private static String usage() {
        return "usage: java -jar cluster-sim.jar [--host 127.0.0.1] [--port 6443] [--kubeconfig .stack/kubeconfig] "
                + "[--ready-delay 3s] [--namespace-termination-delay 2s] [--no-default-rules] [--api-latency 200ms] "
                + "[--write-fault-rate 0.2] [--fault-seed 42]";
    }
}
