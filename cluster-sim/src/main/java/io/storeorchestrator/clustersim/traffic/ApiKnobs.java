package io.storeorchestrator.clustersim.traffic;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.Random;

/**
 * How the API server misbehaves, for benchmarks and fault tests: a latency added to every request and a rate at
 * which writes fail. Set at start from the configuration and changeable while the simulator runs; every request
 * reads the settings when it arrives.
 */
public final class ApiKnobs {

    private volatile Duration apiLatency;
    private volatile double writeFaultRate;
    private volatile Random faults;

    public ApiKnobs(Duration apiLatency, double writeFaultRate, OptionalLong faultSeed) {
        setApiLatency(apiLatency);
        setWriteFaultRate(writeFaultRate);
        this.faults = faultSeed.isPresent() ? new Random(faultSeed.getAsLong()) : new Random();
    }

    public Duration apiLatency() {
        return apiLatency;
    }

    /** How long after it arrives every API request is answered; {@link Duration#ZERO} for no added latency. */
    public void setApiLatency(Duration apiLatency) {
        this.apiLatency = requireLatency(apiLatency);
    }

    public double writeFaultRate() {
        return writeFaultRate;
    }

    /** The share of writes (0 to 1) that fail with 500 InternalError before changing anything; 0 for none. */
    public void setWriteFaultRate(double writeFaultRate) {
        this.writeFaultRate = requireRate(writeFaultRate);
    }

    /** Restarts the fault sequence from a seed, so which writes fail repeats from run to run. */
    public void setFaultSeed(long seed) {
        this.faults = new Random(seed);
    }

    /** Draws whether the write arriving now fails. */
    public boolean nextWriteFails() {
        double rate = writeFaultRate;
        return rate > 0 && faults.nextDouble() < rate;
    }

    public static Duration requireLatency(Duration latency) {
        if (latency == null || latency.isNegative()) {
            throw new IllegalArgumentException("API latency must be zero or more, got " + latency);
        }
        return latency;
    }

    public static double requireRate(double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("write fault rate must be between 0 and 1, got " + rate);
        }
        return rate;
    }
}
