package io.storeorchestrator.benchmark;

import io.storeorchestrator.api.e2e.ServiceProcess;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The CPU time a set of service processes had used at one moment; two samples give what a run cost them. */
record CpuSample(Map<Long, Long> ticksByPid) {

    static CpuSample of(List<ServiceProcess> services) {
        return new CpuSample(services.stream().map(ServiceProcess::pid)
                .collect(Collectors.toMap(Function.identity(), ProcFs::cpuTicks)));
    }

    /** CPU milliseconds the same processes used between {@code earlier} and this sample. */
    double millisSince(CpuSample earlier) {
        long ticks = 0;
        for (Map.Entry<Long, Long> entry : ticksByPid.entrySet()) {
            ticks += entry.getValue() - earlier.ticksByPid.getOrDefault(entry.getKey(), 0L);
        }
        return ticks * 1000.0 / ProcFs.CLOCK_TICKS;
    }

    /** CPU milliseconds one of the processes used between {@code earlier} and this sample. */
    double millisSince(CpuSample earlier, long pid) {
        long ticks = ticksByPid.getOrDefault(pid, 0L) - earlier.ticksByPid.getOrDefault(pid, 0L);
        return ticks * 1000.0 / ProcFs.CLOCK_TICKS;
    }
}
