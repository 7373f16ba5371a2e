package io.chatrelay.sim;

import io.chatrelay.sim.faults.Directives;
import io.chatrelay.sim.faults.Faults;
import io.chatrelay.sim.http.ApiError;
import io.chatrelay.sim.http.Exchange;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What every API of the simulator shares: settings, faults, counters and response timings. */
public final class SimContext {

    private volatile SimulatorSettings settings;
    private final Faults faults = new Faults();
    private final Counters counters = new Counters();
    private final ResponseTimings timings = new ResponseTimings(ResponseTimings.CAPACITY);

    SimContext(SimulatorSettings settings) {
        this.settings = settings;
    }

    public SimulatorSettings settings() {
        return settings;
    }

    void settings(SimulatorSettings settings) {
        this.settings = settings;
    }

    public Faults faults() {
        return faults;
    }

    public Counters counters() {
        return counters;
    }

    public ResponseTimings timings() {
        return timings;
    }

    /** Total time a response or run takes, from its directives or the settings. */
    public Duration latency(Directives directives) {
        return directives.latency() != null ? directives.latency() : settings.latency();
    }

    public int replyTokens(Directives directives) {
        return directives.tokens() != null ? directives.tokens() : settings.tokensPerReply();
    }

    /** How a create call goes on after its directed fault. */
    public enum Directed {
        /** No fault: create and answer as usual. */
        NONE,
        /** The fault answered the call (an error, no answer, a dropped connection): create nothing. */
        ANSWERED,
        /** Create as usual, then drop the connection instead of answering. */
        REPLY_LOST,
        /**
         * Create as usual; a streaming create opens its stream, then drops the connection before the first event
         * ({@link Exchange#cutStream()}); any other call loses its reply as with {@link #REPLY_LOST}.
         */
        STREAM_CUT
    }

    /**
     * Applies the directed fault of {@code call}: answers the exchange when the fault is an error, a hang or a
     * reset; leaves a lost reply or a cut stream to the caller, which does its work first.
     */
    public Directed direct(Exchange exchange, Directives directives, Directives.FailOn call, String key) {
        var outcome = faults.directed(directives, call, key);
        if (outcome.isEmpty()) {
            return Directed.NONE;
        }
        return switch (outcome.get()) {
            case Faults.Outcome.Lost lost -> Directed.REPLY_LOST;
            case Faults.Outcome.Cut cut -> Directed.STREAM_CUT;
            case Faults.Outcome.Fail fail -> answered(exchange, fail);
            case Faults.Outcome.Hang hang -> answered(exchange, hang);
            case Faults.Outcome.Reset reset -> answered(exchange, reset);
        };
    }

    private static Directed answered(Exchange exchange, Faults.Outcome outcome) {
        answer(exchange, outcome);
        return Directed.ANSWERED;
    }

    /** Answers a call the way a fault outcome says: an error, no answer at all, or a dropped connection. */
    public static void answer(Exchange exchange, Faults.Outcome outcome) {
        switch (outcome) {
            case Faults.Outcome.Fail fail -> exchange.error(fail.error());
            case Faults.Outcome.Hang hang -> hang(exchange);
            case Faults.Outcome.Reset reset -> exchange.abort();
            case Faults.Outcome.Lost lost -> exchange.abort();
            case Faults.Outcome.Cut cut -> exchange.abort();
        }
    }

    /** Holds the connection open without answering (the client times out), then drops it. */
    private static void hang(Exchange exchange) {
        try {
            Thread.sleep(Duration.ofMinutes(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.abort();
    }

    /**
     * Sleeps on the calling (virtual) thread until {@link System#nanoTime()} reaches {@code deadline}. An answer's
     * steps wait for times fixed when it was created rather than for intervals one after another: on a busy machine
     * every wake-up comes a little late, and two dozen late wake-ups in a row would make the answer take longer than
     * its latency, time a benchmark would then charge to the system under test.
     */
    public static void pauseUntil(long deadline) {
        long left = deadline - System.nanoTime();
        if (left > 0) {
            pause(Duration.ofNanos(left));
        }
    }

    /**
     * When token {@code index} (from 0) of {@code count} is due, in nanoseconds after the answer was created: the
     * answer is queued for {@code queueMillis}, then its tokens come evenly over the rest of {@code latencyMillis}, so
     * that the last one is due at the latency itself.
     */
    public static long tokenDue(long queueMillis, long latencyMillis, int index, int count) {
        long queue = TimeUnit.MILLISECONDS.toNanos(queueMillis);
        long writing = Math.max(0, TimeUnit.MILLISECONDS.toNanos(latencyMillis) - queue);
        return queue + writing * (index + 1) / count;
    }

    /** Sleeps on the calling (virtual) thread. */
    public static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static ApiError unauthorized(String message, String code) {
        return new ApiError(401, message, "invalid_request_error", null, code, Map.of());
    }
}
