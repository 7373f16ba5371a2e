package io.chatrelay.worker.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.http.Headers;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.RateLimitException;
import com.openai.models.ErrorObject;
import io.chatrelay.common.wire.FailureCategory;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailureClassifierTests {

    @Test
    void retriesRateLimitHonouringRetryAfterMsFirst() {
        RateLimitException e = RateLimitException.builder()
                .headers(headers(Map.of("retry-after-ms", "1500", "retry-after", "2", "x-request-id", "req_1")))
                .error(error("rate_limit_exceeded", "Rate limit reached"))
                .build();

        assertThat(FailureClassifier.classify(e)).isInstanceOfSatisfying(Verdict.Transient.class, v -> {
            assertThat(v.retryAfter()).isEqualTo(Duration.ofMillis(1500));
            assertThat(v.upstream()).isEqualTo(new UpstreamError(429, "rate_limit_exceeded", "req_1"));
        });
    }

    @Test
    void neverRetriesInsufficientQuotaOrRequestTooLarge() {
        RateLimitException quota = RateLimitException.builder()
                .headers(headers(Map.of()))
                .error(error("insufficient_quota", "You exceeded your current quota"))
                .build();
        RateLimitException tooLarge = RateLimitException.builder()
                .headers(headers(Map.of()))
                .error(error("rate_limit_exceeded", "Request too large for gpt-x"))
                .build();

        assertThat(FailureClassifier.classify(quota))
                .isInstanceOfSatisfying(
                        Verdict.Permanent.class,
                        v -> assertThat(v.category()).isEqualTo(FailureCategory.QUOTA_EXCEEDED));
        assertThat(FailureClassifier.classify(tooLarge)).isInstanceOf(Verdict.Permanent.class);
    }

    @Test
    void retriesLockedConversationsAndActiveRunsButNotOtherBadRequests() {
        BadRequestException locked = BadRequestException.builder()
                .headers(headers(Map.of()))
                .error(error("conversation_locked", "Another process is currently operating on this conversation."))
                .build();
        BadRequestException activeRun = BadRequestException.builder()
                .headers(headers(Map.of()))
                .error(error(null, "Thread thread_1 already has an active run run_1."))
                .build();
        BadRequestException invalid = BadRequestException.builder()
                .headers(headers(Map.of()))
                .error(error("invalid_value", "Invalid value"))
                .build();

        assertThat(FailureClassifier.classify(locked)).isInstanceOf(Verdict.Transient.class);
        assertThat(FailureClassifier.classify(activeRun)).isInstanceOf(Verdict.Transient.class);
        assertThat(FailureClassifier.classify(invalid))
                .isInstanceOfSatisfying(
                        Verdict.Permanent.class,
                        v -> assertThat(v.category()).isEqualTo(FailureCategory.UPSTREAM_REJECTED));
    }

    @Test
    void retriesServerErrorsAndIoButNotNotFound() {
        InternalServerException serverError = InternalServerException.builder()
                .statusCode(503)
                .headers(headers(Map.of()))
                .error(error("server_error", "Overloaded"))
                .build();
        NotFoundException notFound = NotFoundException.builder()
                .headers(headers(Map.of()))
                .error(error(null, "No thread found"))
                .build();

        assertThat(FailureClassifier.classify(serverError)).isInstanceOf(Verdict.Transient.class);
        assertThat(FailureClassifier.classify(new OpenAIIoException("timeout", null)))
                .isInstanceOf(Verdict.Transient.class);
        assertThat(FailureClassifier.classify(notFound)).isInstanceOf(Verdict.Permanent.class);
    }

    @Test
    void namesWhatLiesUnderAnUpstreamIoFailure() {
        OpenAIIoException failure = new OpenAIIoException(
                "Request failed", new IOException("wrapped", new SocketTimeoutException("timeout")));

        assertThat(FailureClassifier.classify(failure).reason())
                .isEqualTo("upstream I/O: Request failed (SocketTimeoutException: timeout)");
    }

    private static Headers headers(Map<String, String> values) {
        Headers.Builder builder = Headers.builder();
        values.forEach(builder::put);
        return builder.build();
    }

    private static ErrorObject error(String code, String message) {
        return ErrorObject.builder()
                .code(code)
                .message(message)
                .param((String) null)
                .type("invalid_request_error")
                .build();
    }
}
