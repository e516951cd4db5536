package io.storeorchestrator.benchmark;

/**
 * Progress lines on stderr, at most every two seconds, so a long run shows it is alive while stdout carries only
 * the results.
 */
final class Progress {

    private static final long EVERY_NANOS = 2_000_000_000L;

    private final String label;
    private long lastShown = System.nanoTime() - EVERY_NANOS;
    private String lastLine = "";

    Progress(String label) {
        this.label = label;
    }

    void show(String line) {
        long now = System.nanoTime();
        if (!line.equals(lastLine) && now - lastShown >= EVERY_NANOS) {
            System.err.println("[" + label + "] " + line);
            lastShown = now;
            lastLine = line;
        }
    }

    /** A line that must be seen whenever it comes. */
    void always(String line) {
        System.err.println("[" + label + "] " + line);
        lastShown = System.nanoTime();
        lastLine = line;
    }
}
