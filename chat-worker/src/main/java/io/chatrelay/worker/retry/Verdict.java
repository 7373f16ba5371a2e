package io.chatrelay.worker.retry;

import io.chatrelay.common.wire.FailureCategory;
import java.time.Duration;

/** What to do about an upstream failure. */
public sealed interface Verdict {

    /** A short description for logs and dead-letter headers (never containing secrets). */
    String reason();

    /** The upstream details, when the failure was an HTTP answer. */
    UpstreamError upstream();

    /**
     * Worth another try, after {@code retryAfter} when the upstream said so.
     *
     * @param outage whether the worker waits for the upstream's declared outage to end, rather than retrying this step
     */
    record Transient(String reason, UpstreamError upstream, Duration retryAfter, boolean outage) implements Verdict {

        public Transient(String reason, UpstreamError upstream, Duration retryAfter) {
            this(reason, upstream, retryAfter, false);
        }

        /** The wait for a declared outage to end, after this failure. */
        public Transient duringOutage() {
            return new Transient("upstream outage; waiting for it to answer (" + reason + ")", upstream, null, true);
        }

        /**
         * What a client hears of it in a {@code retrying} event: that the upstream is out, its status and error code,
         * or that it did not answer. Never the upstream's or an exception's own words; those stay in the logs.
         */
        public String clientReason() {
            if (outage) {
                return "upstream outage; waiting for it to answer";
            }
            if (upstream.status() == 0) {
                return "the upstream did not answer";
            }
            return upstream.code() == null
                    ? "upstream " + upstream.status()
                    : upstream.status() + " " + upstream.code();
        }
    }

    /** No retry can fix it. */
    record Permanent(String reason, UpstreamError upstream, FailureCategory category) implements Verdict {}
}
