package io.storeorchestrator.benchmark;

import io.storeorchestrator.api.e2e.ServiceProcess;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * The CPU time a set of service processes had used at one moment, in all and by the JVM's JIT compiler and garbage
 * collector threads; two samples give what a run cost them.
 */
record CpuSample(Map<Long, ProcFs.CpuTicks> ticksByPid) {

    static CpuSample of(List<ServiceProcess> services) {
        return new CpuSample(services.stream().map(ServiceProcess::pid)
                .collect(Collectors.toMap(Function.identity(), ProcFs::cpuTicks)));
    }

    /** CPU milliseconds the same processes used between {@code earlier} and this sample. */
    double millisSince(CpuSample earlier) {
        return since(earlier, ProcFs.CpuTicks::total);
    }

    /** CPU milliseconds one of the processes used between {@code earlier} and this sample. */
    double millisSince(CpuSample earlier, long pid) {
        return delta(earlier, pid, ProcFs.CpuTicks::total);
    }

    /** Of {@link #millisSince(CpuSample)}, what the JIT compiler threads used (compiling, not running, the code). */
    double jitMillisSince(CpuSample earlier) {
        return since(earlier, ProcFs.CpuTicks::jit);
    }

    /** Of {@link #millisSince(CpuSample)}, what the garbage collector's threads used. */
    double gcMillisSince(CpuSample earlier) {
        return since(earlier, ProcFs.CpuTicks::gc);
    }

    private double since(CpuSample earlier, ToLongFunction<ProcFs.CpuTicks> part) {
        return ticksByPid.keySet().stream().mapToDouble(pid -> delta(earlier, pid, part)).sum();
    }

    private double delta(CpuSample earlier, long pid, ToLongFunction<ProcFs.CpuTicks> part) {
        ProcFs.CpuTicks now = ticksByPid.get(pid);
        ProcFs.CpuTicks before = earlier.ticksByPid.get(pid);
        long ticks = (now == null ? 0 : part.applyAsLong(now)) - (before == null ? 0 : part.applyAsLong(before));
        return ticks * 1000.0 / ProcFs.CLOCK_TICKS;
    }
}
