package io.storeorchestrator.api.store;


import io.storeorchestrator.common.time.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A store's time to live, written as Go writes durations ({@code 72h}, {@code 30m}, {@code 1h30m}, {@code 1.5h},
 * {@code 90s}; units {@code h}, {@code m}, {@code s}, {@code ms}), and its bounds: at least {@link #MIN} (the reaper
 * acts at its next sweep anyway) and at most {@link #MAX}.
 */
public final class Ttl {

    public static final Duration MIN = Duration.ofSeconds(10);
    public static final Duration MAX = Duration.ofDays(365);

    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:h|ms|m|s))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s)");

    private Ttl() {
    }

    /** The duration, or empty when the text is not one (a bound is checked by {@link #problemWith}). */
    public static Optional<Duration> parse(String text) {
        if (text == null || !WHOLE.matcher(text).matches()) {
            return Optional.empty();
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            BigDecimal unit = switch (part.group(2)) {
                case "h" -> BigDecimal.valueOf(3_600_000_000_000L);
                case "m" -> BigDecimal.valueOf(60_000_000_000L);
                case "s" -> BigDecimal.valueOf(1_000_000_000L);
                default -> BigDecimal.valueOf(1_000_000L);
            };
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(unit));
            if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                return Optional.of(MAX.plusDays(1)); // absurdly long: refused by the bound, not by overflow
            }
        }
        return Optional.of(Duration.ofNanos(nanos.longValue()));
    }

    /** Why {@code ttl} is not acceptable; empty when it is. */
    public static Optional<String> problemWith(Duration ttl) {
        if (ttl.compareTo(MIN) < 0 || ttl.compareTo(MAX) > 0) {
            return Optional.of("must be from " + Durations.human(MIN) + " to " + Durations.human(MAX)
                    + " (365 days)");
        }
        return Optional.empty();
    }
}
