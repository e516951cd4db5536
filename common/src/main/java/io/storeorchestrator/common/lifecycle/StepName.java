package io.storeorchestrator.common.lifecycle;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every step name that appears in a store's timeline, declared once. Events carry the {@link #id()} on the wire, so
 * a consumer that meets a step it does not know (a newer producer) still records it.
 */
public enum StepName {
    /** The API accepted a create. */
    CREATE("create"),
    /** The API accepted a retry of a FAILED store. */
    RETRY("retry"),
    /** The API accepted a delete. */
    DELETE("delete"),

    /** A worker began (or resumed) provisioning. */
    PROVISION("provision"),
    NAMESPACE("namespace"),
    RESOURCE_QUOTA("resource-quota"),
    LIMIT_RANGE("limit-range"),
    NETWORK_POLICIES("network-policies"),
    SECRET("secret"),
    SERVICES("services"),
    DATABASE("database"),
    APPLICATION("application"),
    INGRESS("ingress"),
    /** The store's objects are applied; it waits, holding nothing, until its workloads serve. */
    WAIT_READY("wait-ready"),

    /** A worker began (or resumed) tearing a store down. */
    TEARDOWN("teardown"),
    DELETE_NAMESPACE("delete-namespace"),
    WAIT_NAMESPACE_GONE("wait-namespace-gone"),

    /** A command was handed back by the broker too many times and gave up. */
    DELIVERY("delivery"),
    /** The reaper failed a store that was past its deadline. */
    DEADLINE("deadline"),
    /** The reaper re-sent a teardown that made no progress. */
    TEARDOWN_RESEND("teardown-resend");

    private final String id;

    StepName(String id) {
        this.id = id;
    }

    /** The name in events and the API ({@code wait-ready}). */
    public String id() {
        return id;
    }

    public static Optional<StepName> fromId(String id) {
        return Arrays.stream(values()).filter(step -> step.id.equals(id)).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
