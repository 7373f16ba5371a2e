package io.chatrelay.worker.retry;

import java.time.Duration;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The worker's waits that double up to a cap, on Spring's {@link ExponentialBackOff}: polling a run or a conversation,
 * and taking a request up again while Redis or Kafka is away. (Upstream calls wait as {@link UpstreamRetry} says.)
 */
public final class Pauses {

    /** The longest wait between two polls of a run or a conversation. */
    private static final Duration LONGEST_POLL = Duration.ofSeconds(5);

    private static final Duration FIRST_WHILE_AWAY = Duration.ofSeconds(1);
    private static final Duration LONGEST_WHILE_AWAY = Duration.ofSeconds(30);

    private final BackOffExecution execution;

    private Pauses(Duration first, Duration longest) {
        ExponentialBackOff backOff = new ExponentialBackOff(first.toMillis(), 2.0);
        backOff.setMaxInterval(longest.toMillis());
        this.execution = backOff.start();
    }

    /** Polls: from {@code first}, doubling, at most 5 s apart. */
    public static Pauses polls(Duration first) {
        return new Pauses(first, LONGEST_POLL);
    }

    /** While Redis or Kafka is away: from 1 s, doubling, at most 30 s. */
    public static Pauses whileAway() {
        return new Pauses(FIRST_WHILE_AWAY, LONGEST_WHILE_AWAY);
    }

    /** The next wait. */
    public Duration next() {
        return Duration.ofMillis(execution.nextBackOff());
    }
}
