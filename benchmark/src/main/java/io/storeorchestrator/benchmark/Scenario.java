package io.storeorchestrator.benchmark;

import java.util.List;

/** One measurement: starts what it needs, drives it, and returns its figures. Never asserts on them. */
interface Scenario {

    /** The name on the command line and in {@code target/results-<name>.txt}. */
    String name();

    /** One line for the usage text. */
    String summary();

    List<Param> params();

    Report run(Options options);
}
