package io.chatrelay.worker.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.core.http.Headers;
import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import com.openai.models.ErrorObject;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.RedisConnectionFailureException;

class UpstreamRetryTests {

    private static final RetryProperties TWO_ATTEMPTS = new RetryProperties(
            2,
            Duration.ofMillis(1),
            2.0,
            Duration.ofMillis(5),
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            // Never down: these tests are about the budget outside an outage.
            new RetryProperties.Outage(
                    Duration.ofSeconds(30), 1_000_000, 1.0, Duration.ofSeconds(1), Duration.ofSeconds(5)));

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final UpstreamRetry retry =
            new UpstreamRetry(TWO_ATTEMPTS, new OutageGuard(TWO_ATTEMPTS.outage(), () -> true), meters);

    @Test
    void waitsOutRateLimitsWithRetryAfterBeyondMaxAttempts() {
        AtomicInteger calls = new AtomicInteger();
        List<Duration> announced = new ArrayList<>();

        String answer = retry.run("responses.create", (attempt, delay, verdict) -> announced.add(delay), () -> {
            if (calls.incrementAndGet() <= 5) {
                throw rateLimited();
            }
            return "answered";
        });

        assertThat(answer).isEqualTo("answered");
        assertThat(calls).hasValue(6);
        assertThat(announced).hasSize(5).containsOnly(Duration.ofMillis(2));
    }

    @Test
    void stillGivesUpOnServerErrorsAfterMaxAttemptsAndCountsEachFailedCall() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retry.run("responses.create", (attempt, delay, verdict) -> {}, () -> {
                    calls.incrementAndGet();
                    throw serverError();
                }))
                .isInstanceOfSatisfying(UpstreamStepFailed.class, failed -> {
                    assertThat(failed.operation()).isEqualTo("responses.create");
                    assertThat(failed.verdict()).isInstanceOf(Verdict.Transient.class);
                    assertThat(failed.verdict().upstream().status()).isEqualTo(503);
                });
        assertThat(calls).hasValue(2);
        assertThat(meters.get("chatrelay.worker.upstream.errors")
                        .tags("kind", "transient", "status", "503")
                        .counter()
                        .count())
                .isEqualTo(2.0);
    }

    @Test
    void passesARedisFailureThroughUntouchedEvenAfterAnUpstreamOneWasRetried() {
        RetryProperties fiveAttempts = new RetryProperties(
                5,
                Duration.ofMillis(1),
                2.0,
                Duration.ofMillis(5),
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                TWO_ATTEMPTS.outage());
        UpstreamRetry retry = new UpstreamRetry(
                fiveAttempts, new OutageGuard(fiveAttempts.outage(), () -> true), new SimpleMeterRegistry());
        AtomicInteger calls = new AtomicInteger();
        RedisConnectionFailureException redisAway = new RedisConnectionFailureException("Redis is away");

        assertThatThrownBy(() -> retry.run("responses.create", (attempt, delay, verdict) -> {}, () -> {
                    if (calls.incrementAndGet() == 1) {
                        throw serverError();
                    }
                    throw redisAway;
                }))
                .isSameAs(redisAway);
        assertThat(calls).hasValue(2);
    }

    @Test
    void announcesEachRetryOfAStepToThatStepsAnnouncer() {
        List<String> heard = new ArrayList<>();

        retry.run("responses.create", (attempt, delay, verdict) -> heard.add("first " + attempt), () -> {
            if (heard.isEmpty()) {
                throw serverError();
            }
            return "answered";
        });
        retry.run("responses.create", (attempt, delay, verdict) -> heard.add("second " + attempt), () -> {
            if (heard.size() == 1) {
                throw serverError();
            }
            return "answered";
        });

        assertThat(heard).containsExactly("first 2", "second 2");
    }

    @Test
    void startsTheBudgetAfreshOnceAnOutageThatUsedItUpIsOver() {
        // Down after three calls in a row fail; the probe finds the upstream back at once.
        RetryProperties settings = new RetryProperties(
                3,
                Duration.ofMillis(1),
                2.0,
                Duration.ofMillis(5),
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                new RetryProperties.Outage(
                        Duration.ofSeconds(30), 3, 1.0, Duration.ofMillis(10), Duration.ofSeconds(5)));
        OutageGuard outage = new OutageGuard(settings.outage(), () -> true);
        UpstreamRetry retry = new UpstreamRetry(settings, outage, new SimpleMeterRegistry());
        AtomicInteger calls = new AtomicInteger();

        // Three failures use the budget up and declare the outage; one more failure comes after it.
        String answer = retry.run("responses.create", (attempt, delay, verdict) -> {}, () -> {
            if (calls.incrementAndGet() <= 4) {
                throw serverError();
            }
            return "answered";
        });

        assertThat(answer).isEqualTo("answered");
        assertThat(calls).hasValue(5);
        assertThat(outage.down()).isFalse();
    }

    private static InternalServerException serverError() {
        return InternalServerException.builder()
                .statusCode(503)
                .headers(Headers.builder().build())
                .error(error("server_error", "The server had an error"))
                .build();
    }

    private static RateLimitException rateLimited() {
        return RateLimitException.builder()
                .headers(Headers.builder().put("retry-after-ms", "2").build())
                .error(error("rate_limit_exceeded", "Rate limit reached"))
                .build();
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
