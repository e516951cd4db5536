package io.storeorchestrator.clustersim.kubelet;

/** The controller a pod belongs to. */
public enum WorkloadKind { DEPLOYMENT, STATEFUL_SET, JOB }
