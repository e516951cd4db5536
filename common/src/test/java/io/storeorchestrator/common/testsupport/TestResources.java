package io.storeorchestrator.common.testsupport;

/** Tear-down for test classes that start several servers or clients. */
public final class TestResources {

    private TestResources() {
    }

    /**
     * Closes the resources in reverse order (what was started last stops first), skipping nulls left by a setup that
     * failed part-way, and closing every one even when an earlier one fails; the first failure is rethrown.
     */
    public static void closeAll(AutoCloseable... resources) {
        RuntimeException failure = null;
        for (int i = resources.length - 1; i >= 0; i--) {
            if (resources[i] == null) {
                continue;
            }
            try {
                resources[i].close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing " + resources[i], e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
