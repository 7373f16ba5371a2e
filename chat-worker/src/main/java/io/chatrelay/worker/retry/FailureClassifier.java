package io.chatrelay.worker.retry;

import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIRetryableException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.errors.UnexpectedStatusCodeException;
import io.chatrelay.common.wire.FailureCategory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Sorts upstream failures as the OpenAI reference says: retry 408/409/5xx/IO/timeouts, rate-limit 429s (after
 * their {@code retry-after}), {@code conversation_locked} and the two active-run 400s; never the other 4xx,
 * {@code insufficient_quota} or "request too large".
 */
public final class FailureClassifier {

    private FailureClassifier() {}

    public static Verdict classify(Throwable failure) {
        Throwable t = unwrap(failure);
        return switch (t) {
            case RateLimitException e -> rateLimited(e);
            case BadRequestException e -> badRequest(e);
            case InternalServerException e -> transientOf(e, null);
            case UnexpectedStatusCodeException e
            when e.statusCode() == 408 || e.statusCode() == 409 -> transientOf(e, null);
            case SseException e -> transientOf(e, null);
            case OpenAIServiceException e ->
                new Verdict.Permanent(describe(e), upstream(e), FailureCategory.UPSTREAM_REJECTED);
            case OpenAIIoException e ->
                new Verdict.Transient("upstream I/O: " + simpleMessage(e) + rootCause(e), UpstreamError.NONE, null);
            case OpenAIRetryableException e ->
                new Verdict.Transient("upstream: " + simpleMessage(e), UpstreamError.NONE, null);
            case IOException e -> new Verdict.Transient("I/O: " + simpleMessage(e), UpstreamError.NONE, null);
            case UncheckedIOException e -> new Verdict.Transient("I/O: " + simpleMessage(e), UpstreamError.NONE, null);
            default ->
                new Verdict.Permanent(
                        t.getClass().getSimpleName() + ": " + simpleMessage(t),
                        UpstreamError.NONE,
                        FailureCategory.RUN_FAILED);
        };
    }

    private static Verdict rateLimited(RateLimitException e) {
        String code = e.code().orElse("");
        String message = messageOf(e);
        if (code.equals("insufficient_quota")
                || "insufficient_quota".equals(e.type().orElse(null))) {
            return new Verdict.Permanent(describe(e), upstream(e), FailureCategory.QUOTA_EXCEEDED);
        }
        if (message.startsWith("Request too large")) {
            return new Verdict.Permanent(describe(e), upstream(e), FailureCategory.UPSTREAM_REJECTED);
        }
        return transientOf(e, retryAfter(e).orElse(null));
    }

    private static Verdict badRequest(BadRequestException e) {
        String message = messageOf(e);
        boolean locked = e.code().filter("conversation_locked"::equals).isPresent();
        boolean activeRun = message.contains("already has an active run") || message.contains("while a run");
        return locked || activeRun
                ? transientOf(e, null)
                : new Verdict.Permanent(describe(e), upstream(e), FailureCategory.UPSTREAM_REJECTED);
    }

    private static Verdict transientOf(OpenAIServiceException e, Duration retryAfter) {
        return new Verdict.Transient(describe(e), upstream(e), retryAfter);
    }

    /** {@code retry-after-ms} (milliseconds) first, then {@code retry-after} (seconds). */
    static Optional<Duration> retryAfter(OpenAIServiceException e) {
        List<String> millis = e.headers().values("retry-after-ms");
        try {
            if (!millis.isEmpty()) {
                return Optional.of(Duration.ofMillis((long) Double.parseDouble(millis.getFirst())));
            }
            List<String> seconds = e.headers().values("retry-after");
            if (!seconds.isEmpty()) {
                return Optional.of(Duration.ofMillis((long) (Double.parseDouble(seconds.getFirst()) * 1000)));
            }
        } catch (NumberFormatException ignored) {
            // An HTTP-date or garbage: fall back to our own backoff.
        }
        return Optional.empty();
    }

    private static UpstreamError upstream(OpenAIServiceException e) {
        List<String> ids = e.headers().values("x-request-id");
        return new UpstreamError(e.statusCode(), e.code().orElse(null), ids.isEmpty() ? null : ids.getFirst());
    }

    private static String describe(OpenAIServiceException e) {
        String code = e.code().orElse(e.type().orElse(""));
        String message = messageOf(e);
        String text = e.statusCode() + (code.isEmpty() ? "" : " " + code) + (message.isEmpty() ? "" : ": " + message);
        return text.length() > 300 ? text.substring(0, 300) : text;
    }

    private static String messageOf(OpenAIServiceException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        // The SDK words it "<status>: <message>".
        int colon = message.indexOf(": ");
        return colon > 0 && colon < 5 ? message.substring(colon + 2) : message;
    }

    private static String simpleMessage(Throwable t) {
        String message = t.getMessage();
        return message == null
                ? t.getClass().getSimpleName()
                : message.length() > 200 ? message.substring(0, 200) : message;
    }

    /**
     * What lies under the SDK's "Request failed": a connect or read timeout, a refused or reset connection. Operators
     * need it to tell a slow upstream from an unreachable one.
     */
    private static String rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root == t) {
            return "";
        }
        String name = root.getClass().getSimpleName();
        return " (" + (root.getMessage() == null ? name : name + ": " + simpleMessage(root)) + ")";
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
