package io.chatrelay.worker.retry;

import io.chatrelay.common.wire.FailureCategory;
import java.time.Duration;

/** What to do about an upstream failure. */
public sealed interface Verdict {

    /** A short description for events, logs and dead-letter headers (never containing secrets). */
    String reason();

    /** The upstream details, when the failure was an HTTP answer. */
    UpstreamError upstream();

    /** Worth another try, after {@code retryAfter} when the upstream said so. */
    record Transient(String reason, UpstreamError upstream, Duration retryAfter) implements Verdict {}

    /** No retry can fix it. */
    record Permanent(String reason, UpstreamError upstream, FailureCategory category) implements Verdict {}
}
