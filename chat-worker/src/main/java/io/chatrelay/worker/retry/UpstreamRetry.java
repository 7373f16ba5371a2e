package io.chatrelay.worker.retry;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.springframework.dao.DataAccessException;
import org.springframework.retry.RetryCallback;
import org.springframework.retry.RetryContext;
import org.springframework.retry.RetryListener;
import org.springframework.retry.RetryPolicy;
import org.springframework.retry.backoff.BackOffContext;
import org.springframework.retry.backoff.BackOffInterruptedException;
import org.springframework.retry.backoff.BackOffPolicy;
import org.springframework.retry.context.RetryContextSupport;
import org.springframework.retry.support.RetryTemplate;

/**
 * Runs one upstream step under Spring Retry: transient failures are retried with exponential backoff and jitter
 * (or the upstream's {@code retry-after}, capped), each retry announced first; permanent failures and exhausted
 * budgets surface as {@link UpstreamStepFailed}. A Redis failure inside a step ({@link DataAccessException}) is not
 * the upstream's and passes through untouched.
 */
public final class UpstreamRetry {

    private static final String STARTED = "chatrelay.started";
    private static final String EXCUSED_ATTEMPTS = "chatrelay.excused-attempts";
    private static final String EXCUSED_MILLIS = "chatrelay.excused-millis";
    /** The verdict on the attempt's failure, classified once, where the final {@link UpstreamStepFailed} reads it. */
    private static final String VERDICT = "chatrelay.verdict";
    /** Who hears of this step's retries. */
    private static final String ANNOUNCER = "chatrelay.announcer";
    /**
     * The wait before the next attempt, chosen with the announcement and carried out by the backoff; its absence after
     * a failure means no retry.
     */
    private static final String WAIT = "chatrelay.wait";

    /** Told about each retry before its wait starts. */
    @FunctionalInterface
    public interface RetryAnnouncer {
        void retrying(int attempt, Duration delay, Verdict.Transient verdict);
    }

    private final RetryTemplate template = new RetryTemplate();

    public UpstreamRetry(RetryProperties properties, OutageGuard outage, MeterRegistry meters) {
        Policy policy = new Policy(properties, outage);
        template.setRetryPolicy(policy);
        template.setBackOffPolicy(new Backoff(outage));
        template.registerListener(new Attempts(properties, policy, outage, meters));
    }

    /** Runs {@code step}, retrying transient failures; throws {@link UpstreamStepFailed} when it gives up. */
    public <T> T run(String operation, RetryAnnouncer announcer, Supplier<T> step) {
        return template.execute(
                context -> {
                    context.setAttribute(ANNOUNCER, announcer);
                    context.removeAttribute(VERDICT);
                    context.removeAttribute(WAIT);
                    return step.get();
                },
                context -> {
                    Throwable last = context.getLastThrowable();
                    if (context.getAttribute(VERDICT) instanceof Verdict verdict) {
                        throw new UpstreamStepFailed(operation, verdict, last);
                    }
                    // No verdict: Redis, not the upstream; the request waits for Redis and resumes.
                    throw last instanceof RuntimeException e ? e : new IllegalStateException(last);
                });
    }

    /** What the backoff does before the next attempt: wait out an outage, or sleep. */
    private sealed interface Wait {
        record ForOutage() implements Wait {}

        record For(Duration delay) implements Wait {}
    }

    /**
     * Hears every attempt. A success or a transient failure counts towards the outage guard's window. A failure is
     * classified once, where the final {@link UpstreamStepFailed} reads it, and counted in
     * {@code chatrelay.worker.upstream.errors} ({@code kind} transient or permanent, {@code status} 0 for none). When
     * the policy retries a transient one, the wait before the next attempt is chosen here (exponential backoff with
     * jitter, the upstream's {@code retry-after}, or the end of an outage) and announced; the backoff only carries it
     * out. A Redis failure inside a step ({@link DataAccessException}) gets no verdict, so it is neither retried nor
     * counted.
     */
    private record Attempts(RetryProperties properties, Policy policy, OutageGuard outage, MeterRegistry meters)
            implements RetryListener {

        @Override
        public <T, E extends Throwable> void onSuccess(RetryContext context, RetryCallback<T, E> callback, T result) {
            outage.succeeded();
        }

        @Override
        public <T, E extends Throwable> void onError(
                RetryContext context, RetryCallback<T, E> callback, Throwable failure) {
            if (failure instanceof DataAccessException) {
                return;
            }
            Verdict verdict = FailureClassifier.classify(failure);
            context.setAttribute(VERDICT, verdict);
            String kind = switch (verdict) {
                case Verdict.Transient t -> {
                    outage.failedTransiently();
                    yield "transient";
                }
                case Verdict.Permanent p -> "permanent";
            };
            meters.counter(
                            "chatrelay.worker.upstream.errors",
                            "kind",
                            kind,
                            "status",
                            Integer.toString(verdict.upstream().status()))
                    .increment();
            if (verdict instanceof Verdict.Transient transientFailure && policy.retries(context)) {
                plan(context, transientFailure);
            }
        }

        private void plan(RetryContext context, Verdict.Transient verdict) {
            RetryAnnouncer announcer = (RetryAnnouncer) context.getAttribute(ANNOUNCER);
            int next = context.getRetryCount() + 1;
            if (outage.down()) {
                context.setAttribute(WAIT, new Wait.ForOutage());
                announcer.retrying(next, properties.outage().probeInterval(), verdict.duringOutage());
                return;
            }
            if (paced(verdict)) {
                // A rate limit that says when to come back is the upstream pacing us, not failing: waiting it out
                // costs no attempt (with 30 % of calls limited, six in a row would otherwise dead-letter one step in
                // 1,400). max-elapsed still bounds the step.
                context.setAttribute(EXCUSED_ATTEMPTS, (Integer) context.getAttribute(EXCUSED_ATTEMPTS) + 1);
            }
            Duration delay = delay(context.getRetryCount(), verdict);
            context.setAttribute(WAIT, new Wait.For(delay));
            announcer.retrying(next, delay, verdict);
        }

        private static boolean paced(Verdict.Transient verdict) {
            return verdict.retryAfter() != null && verdict.upstream().status() == 429;
        }

        private Duration delay(int attempt, Verdict.Transient verdict) {
            if (verdict.retryAfter() != null) {
                Duration asked = verdict.retryAfter();
                return asked.compareTo(properties.maxRetryAfter()) > 0 ? properties.maxRetryAfter() : asked;
            }
            double exponential =
                    properties.initialBackoff().toMillis() * Math.pow(properties.multiplier(), attempt - 1);
            long capped = (long) Math.min(exponential, properties.maxBackoff().toMillis());
            // Jitter between half and the full wait keeps retries of many requests from landing together.
            long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
            return Duration.ofMillis(jittered);
        }
    }

    /**
     * Retries a transient failure while attempts remain and the step has not run too long; during an upstream outage
     * a transient failure is always retried, and once it is over the step's budget starts afresh. {@link Attempts}
     * asks this once per failure and chooses the wait when the answer is yes; the template then follows that choice,
     * so an outage declared in between cannot send it into a backoff with no wait chosen.
     */
    private record Policy(RetryProperties properties, OutageGuard outage) implements RetryPolicy {

        @Override
        public boolean canRetry(RetryContext context) {
            // The first attempt always runs; a failure is retried when a wait was chosen for it. A failure with no
            // verdict (Redis, not the upstream) or a permanent one gets none.
            return context.getLastThrowable() == null || context.getAttribute(WAIT) != null;
        }

        /** Whether the transient failure just recorded is retried. */
        boolean retries(RetryContext context) {
            if (outage.down()) {
                return true;
            }
            int excused = (Integer) context.getAttribute(EXCUSED_ATTEMPTS);
            long elapsed = System.currentTimeMillis()
                    - (Long) context.getAttribute(STARTED)
                    - (Long) context.getAttribute(EXCUSED_MILLIS);
            return context.getRetryCount() - excused < properties.maxAttempts()
                    && elapsed < properties.maxElapsed().toMillis();
        }

        @Override
        public RetryContext open(RetryContext parent) {
            RetryContextSupport context = new RetryContextSupport(parent);
            context.setAttribute(STARTED, System.currentTimeMillis());
            context.setAttribute(EXCUSED_ATTEMPTS, 0);
            context.setAttribute(EXCUSED_MILLIS, 0L);
            return context;
        }

        @Override
        public void close(RetryContext context) {}

        @Override
        public void registerThrowable(RetryContext context, Throwable throwable) {
            ((RetryContextSupport) context).registerThrowable(throwable);
        }
    }

    /**
     * Carries out the wait {@link Attempts} chose: a sleep, or, during an outage, a wait until the upstream answers
     * again, which costs the step neither attempts nor time.
     */
    private record Backoff(OutageGuard outage) implements BackOffPolicy {

        private record Context(RetryContext retry) implements BackOffContext {}

        @Override
        public BackOffContext start(RetryContext context) {
            return new Context(context);
        }

        @Override
        public void backOff(BackOffContext backOffContext) throws BackOffInterruptedException {
            RetryContext retry = ((Context) backOffContext).retry();
            try {
                switch ((Wait) retry.getAttribute(WAIT)) {
                    case Wait.For(Duration delay) -> Thread.sleep(delay);
                    case Wait.ForOutage() -> {
                        outage.awaitUp();
                        // The failures that led up to the outage, before it was declared, were the outage's too: the
                        // step starts afresh once it is over, so one failure after recovery cannot dead-letter it.
                        retry.setAttribute(EXCUSED_ATTEMPTS, retry.getRetryCount());
                        retry.setAttribute(
                                EXCUSED_MILLIS, System.currentTimeMillis() - (Long) retry.getAttribute(STARTED));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackOffInterruptedException("Interrupted while waiting to retry", e);
            }
        }
    }
}
