package io.storeorchestrator.benchmark;

/**
 * One command-line parameter of a scenario, {@code --name=value}.
 *
 * @param name         without the dashes
 * @param kind         what its value must parse as, checked before anything starts
 * @param defaultValue the value when not given
 * @param help         one line for the usage text
 */
record Param(String name, Kind kind, String defaultValue, String help) {

    enum Kind {
        INTEGER, COUNT, INTEGER_LIST, DURATION
    }

    static Param integer(String name, int defaultValue, String help) {
        return new Param(name, Kind.INTEGER, Integer.toString(defaultValue), help);
    }

    /** A whole number that may be 0 (how many of something optional). */
    static Param count(String name, int defaultValue, String help) {
        return new Param(name, Kind.COUNT, Integer.toString(defaultValue), help);
    }

    static Param integers(String name, String defaultValue, String help) {
        return new Param(name, Kind.INTEGER_LIST, defaultValue, help);
    }

    static Param duration(String name, String defaultValue, String help) {
        return new Param(name, Kind.DURATION, defaultValue, help);
    }
}
