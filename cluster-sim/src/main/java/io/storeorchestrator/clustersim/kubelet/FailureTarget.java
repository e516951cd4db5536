package io.storeorchestrator.clustersim.kubelet;

/**
 * Which pods of a store a failure rule hits: the app (Deployment pods), the database (StatefulSet pods), Jobs' pods
 * or any.
 */
public enum FailureTarget {
    APP, DATABASE, JOB, ANY;

    public boolean covers(WorkloadKind workload) {
        return switch (this) {
            case APP -> workload == WorkloadKind.DEPLOYMENT;
            case DATABASE -> workload == WorkloadKind.STATEFUL_SET;
            case JOB -> workload == WorkloadKind.JOB;
            case ANY -> true;
        };
    }
}
