package io.chatrelay.sim;

/**
 * Faults the simulator injects into every {@code /v1} call, at random with the given rates (0 to 1).
 *
 * @param outage answer every call with {@code serverErrorStatus} (an upstream outage)
 * @param rateLimitRate share of calls answered 429 {@code rate_limit_exceeded} with {@code retry-after}
 * @param retryAfterMs the wait the 429s ask for ({@code retry-after-ms}, and {@code retry-after} in whole seconds)
 * @param quotaRate share of calls answered 429 {@code insufficient_quota}
 * @param serverErrorRate share of calls answered with {@code serverErrorStatus}
 * @param serverErrorStatus 500, 502, 503 or 504
 * @param hangRate share of calls that never answer (the client times out)
 * @param resetRate share of calls whose connection is dropped without an answer
 * @param firstByteDelayMs delay before any answer starts
 * @param cutStreamRate share of streams cut after {@code cutStreamAfter} events
 * @param cutStreamAfter how many events a cut stream delivers
 * @param failedRunRate share of responses and runs that end {@code failed} with {@code server_error}
 * @param expiredRunRate share of runs that end {@code expired}
 */
public record FaultSettings(
        boolean outage,
        double rateLimitRate,
        long retryAfterMs,
        double quotaRate,
        double serverErrorRate,
        int serverErrorStatus,
        double hangRate,
        double resetRate,
        long firstByteDelayMs,
        double cutStreamRate,
        int cutStreamAfter,
        double failedRunRate,
        double expiredRunRate) {

    /** No faults at all. */
    public static FaultSettings none() {
        return new FaultSettings(false, 0, 1000, 0, 0, 503, 0, 0, 0, 0, 5, 0, 0);
    }

    public FaultSettings withOutage(boolean outage) {
        return new FaultSettings(
                outage,
                rateLimitRate,
                retryAfterMs,
                quotaRate,
                serverErrorRate,
                serverErrorStatus,
                hangRate,
                resetRate,
                firstByteDelayMs,
                cutStreamRate,
                cutStreamAfter,
                failedRunRate,
                expiredRunRate);
    }

    public FaultSettings withRateLimit(double rate, long retryAfterMs) {
        return new FaultSettings(
                outage,
                rate,
                retryAfterMs,
                quotaRate,
                serverErrorRate,
                serverErrorStatus,
                hangRate,
                resetRate,
                firstByteDelayMs,
                cutStreamRate,
                cutStreamAfter,
                failedRunRate,
                expiredRunRate);
    }

    public FaultSettings withServerErrors(double rate, int status) {
        return new FaultSettings(
                outage,
                rateLimitRate,
                retryAfterMs,
                quotaRate,
                rate,
                status,
                hangRate,
                resetRate,
                firstByteDelayMs,
                cutStreamRate,
                cutStreamAfter,
                failedRunRate,
                expiredRunRate);
    }

    public FaultSettings withQuota(double rate) {
        return new FaultSettings(
                outage,
                rateLimitRate,
                retryAfterMs,
                rate,
                serverErrorRate,
                serverErrorStatus,
                hangRate,
                resetRate,
                firstByteDelayMs,
                cutStreamRate,
                cutStreamAfter,
                failedRunRate,
                expiredRunRate);
    }

    public FaultSettings withCutStreams(double rate, int after) {
        return new FaultSettings(
                outage,
                rateLimitRate,
                retryAfterMs,
                quotaRate,
                serverErrorRate,
                serverErrorStatus,
                hangRate,
                resetRate,
                firstByteDelayMs,
                rate,
                after,
                failedRunRate,
                expiredRunRate);
    }

    public FaultSettings withFailedRuns(double failedRate, double expiredRate) {
        return new FaultSettings(
                outage,
                rateLimitRate,
                retryAfterMs,
                quotaRate,
                serverErrorRate,
                serverErrorStatus,
                hangRate,
                resetRate,
                firstByteDelayMs,
                cutStreamRate,
                cutStreamAfter,
                failedRate,
                expiredRate);
    }

    public FaultSettings withHangsAndResets(double hangRate, double resetRate) {
        return new FaultSettings(
                outage,
                rateLimitRate,
                retryAfterMs,
                quotaRate,
                serverErrorRate,
                serverErrorStatus,
                hangRate,
                resetRate,
                firstByteDelayMs,
                cutStreamRate,
                cutStreamAfter,
                failedRunRate,
                expiredRunRate);
    }

    public FaultSettings withFirstByteDelay(long millis) {
        return new FaultSettings(
                outage,
                rateLimitRate,
                retryAfterMs,
                quotaRate,
                serverErrorRate,
                serverErrorStatus,
                hangRate,
                resetRate,
                millis,
                cutStreamRate,
                cutStreamAfter,
                failedRunRate,
                expiredRunRate);
    }
}
