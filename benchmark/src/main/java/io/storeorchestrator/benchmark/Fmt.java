package io.storeorchestrator.benchmark;

import java.time.Duration;
import java.util.Locale;

/** How figures are written in the tables: units always spelled out, "n/a" for what could not be measured. */
final class Fmt {

    static final String NA = "n/a";

    private Fmt() {
    }

    static String number(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    static String seconds(Duration duration) {
        return number(duration.toMillis() / 1000.0, 1) + " s";
    }

    static String millis(double millis) {
        return number(millis, millis < 10 ? 1 : 0) + " ms";
    }

    /** A time span in the unit that reads best: milliseconds under a second, seconds above. */
    static String span(long millis) {
        return millis < 1000 ? millis + " ms" : number(millis / 1000.0, 1) + " s";
    }

    static String nanosAsMillis(long nanos) {
        return millis(nanos / 1_000_000.0);
    }

    static String mebibytes(long kibibytes) {
        return number(kibibytes / 1024.0, 0) + " MiB";
    }
}
