package io.chatrelay.sim.faults;

import io.chatrelay.sim.FaultSettings;
import io.chatrelay.sim.http.ApiError;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Decides which fault, if any, a call gets: from the global settings, then from the call's directives. */
public final class Faults {

    /** What to do instead of answering normally. */
    public sealed interface Outcome {
        /** Answer with this error. */
        record Fail(ApiError error) implements Outcome {}

        /** Never answer: hold the connection until the client gives up. */
        record Hang() implements Outcome {}

        /** Drop the connection without an answer. */
        record Reset() implements Outcome {}

        /**
         * Do the work (a response or run is created and runs, a message is added), then drop the connection: the
         * client cannot tell this from a call that never arrived.
         */
        record Lost() implements Outcome {}

        /**
         * Do the work (a response or run is created and runs), open its stream with HTTP 200, then drop the
         * connection before the first event: the client has its stream but not the name of what it created.
         */
        record Cut() implements Outcome {}
    }

    private volatile FaultSettings settings = FaultSettings.none();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    public FaultSettings settings() {
        return settings;
    }

    public void settings(FaultSettings settings) {
        this.settings = settings;
    }

    public void reset() {
        settings = FaultSettings.none();
        attempts.clear();
    }

    /** The global fault for any {@code /v1} call. */
    public Optional<Outcome> global() {
        FaultSettings s = settings;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (s.outage()) {
            return Optional.of(new Outcome.Fail(serverError(s.serverErrorStatus())));
        }
        if (s.firstByteDelayMs() > 0) {
            sleep(s.firstByteDelayMs());
        }
        if (hit(random, s.hangRate())) {
            return Optional.of(new Outcome.Hang());
        }
        if (hit(random, s.resetRate())) {
            return Optional.of(new Outcome.Reset());
        }
        if (hit(random, s.rateLimitRate())) {
            return Optional.of(new Outcome.Fail(rateLimited(s.retryAfterMs())));
        }
        if (hit(random, s.quotaRate())) {
            return Optional.of(new Outcome.Fail(quota()));
        }
        if (hit(random, s.serverErrorRate())) {
            return Optional.of(new Outcome.Fail(serverError(s.serverErrorStatus())));
        }
        return Optional.empty();
    }

    /**
     * The fault a {@code call} gets from its directives; {@code key} identifies the "same" call across attempts
     * (the thread or conversation plus the message).
     */
    public Optional<Outcome> directed(Directives directives, Directives.FailOn call, String key) {
        if (directives.fail() == null || directives.failOn() != call) {
            return Optional.empty();
        }
        int attempt = attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        if (attempt > directives.failTimes()) {
            return Optional.empty();
        }
        long retryAfterMs =
                directives.retryAfter() == null ? 1000 : directives.retryAfter().toMillis();
        return Optional.of(
                switch (directives.fail()) {
                    case "hang" -> new Outcome.Hang();
                    case "reset" -> new Outcome.Reset();
                    case "lost" -> new Outcome.Lost();
                    case "cut" -> new Outcome.Cut();
                    case "429" -> new Outcome.Fail(rateLimited(retryAfterMs));
                    case "insufficient_quota", "quota" -> new Outcome.Fail(quota());
                    case "too_large" -> new Outcome.Fail(tooLarge());
                    case "locked" ->
                        new Outcome.Fail(ApiError.invalid(
                                "Another process is currently operating on this conversation. Please retry in a few seconds.",
                                "conversation",
                                "conversation_locked"));
                    default -> new Outcome.Fail(byStatus(directives.fail()));
                });
    }

    /** Whether a stream should be cut, and after how many events (0 = not cut). */
    public int cutStreamAfter() {
        FaultSettings s = settings;
        return hit(ThreadLocalRandom.current(), s.cutStreamRate()) ? Math.max(1, s.cutStreamAfter()) : 0;
    }

    /** How a run or response should end by the global settings: {@code failed}, {@code expired} or null. */
    public String runOutcome() {
        FaultSettings s = settings;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (hit(random, s.failedRunRate())) {
            return "failed";
        }
        return hit(random, s.expiredRunRate()) ? "expired" : null;
    }

    public static ApiError rateLimited(long retryAfterMs) {
        return new ApiError(
                429,
                "Rate limit reached for gpt-sim in organization org-sim on requests per min (RPM): Limit 10000, Used 10000, Requested 1. Please try again in "
                        + retryAfterMs + "ms.",
                "requests",
                null,
                "rate_limit_exceeded",
                Map.of(
                        "retry-after-ms", Long.toString(retryAfterMs),
                        "retry-after", Long.toString(Math.max(1, (retryAfterMs + 999) / 1000)),
                        "x-ratelimit-remaining-requests", "0"));
    }

    public static ApiError quota() {
        return new ApiError(
                429,
                "You exceeded your current quota, please check your plan and billing details.",
                "insufficient_quota",
                null,
                "insufficient_quota",
                Map.of());
    }

    static ApiError tooLarge() {
        return new ApiError(
                429,
                "Request too large for gpt-sim in organization org-sim on tokens per min (TPM): Limit 30000, Requested 31538. The input or output tokens must be reduced in order to run successfully.",
                "tokens",
                null,
                "rate_limit_exceeded",
                Map.of());
    }

    public static ApiError serverError(int status) {
        return new ApiError(
                status,
                "The server had an error while processing your request. Sorry about that!",
                "server_error",
                null,
                "server_error",
                Map.of());
    }

    private static ApiError byStatus(String status) {
        int code;
        try {
            code = Integer.parseInt(status);
        } catch (NumberFormatException e) {
            return ApiError.invalid("Unknown simulated failure '" + status + "'.", null, "invalid_value");
        }
        return switch (code) {
            case 400 -> ApiError.invalid("Invalid request (simulated).", null, "invalid_value");
            case 401 ->
                new ApiError(
                        401,
                        "Incorrect API key provided: sk-****.",
                        "invalid_request_error",
                        null,
                        "invalid_api_key",
                        Map.of());
            case 403 ->
                new ApiError(
                        403,
                        "You are not allowed to use this model.",
                        "invalid_request_error",
                        null,
                        "model_not_allowed",
                        Map.of());
            case 404 -> ApiError.notFound("The model 'gpt-sim' does not exist.");
            case 422 ->
                new ApiError(422, "Unprocessable request (simulated).", "invalid_request_error", null, null, Map.of());
            case 408, 409 -> new ApiError(code, "Request timed out (simulated).", "server_error", null, null, Map.of());
            default -> serverError(code);
        };
    }

    private static boolean hit(ThreadLocalRandom random, double rate) {
        return rate > 0 && random.nextDouble() < rate;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
