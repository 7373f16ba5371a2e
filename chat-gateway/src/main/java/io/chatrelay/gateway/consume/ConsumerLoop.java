package io.chatrelay.gateway.consume;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * One Kafka consumer polled on a thread of its own from start to stop, whatever fails meanwhile: a failure (the
 * broker away past a timeout, Redis refusing a write) is logged, the loop backs off, resumes the consumer and goes on.
 * It never ends before {@link #stop()}. Its health is DOWN from a failure until a resume and a poll succeed again, and
 * before the first poll.
 *
 * <p>{@link #start()} waits for the first resume (or its failure) for up to {@link #START_WAIT}, so that normally the
 * loop reads before the web server answers, while a broker away at start does not hold the gateway's start.
 *
 * <p>The gateway's two consumers share it: the relay reads every partition without a group, which a listener container
 * does not do, and the dead-letter indexer runs the same way so that both fail, back off and report health alike.
 *
 * @param <K> the record key
 * @param <V> the record value
 */
public final class ConsumerLoop<K, V> implements SmartLifecycle, HealthIndicator {

    /** What a loop does with its consumer. Both methods run on the loop's thread. */
    public interface Work<K, V> {

        /**
         * Makes the consumer ready to poll: at the start, and again after every failure (re-reading the assignment,
         * going back to what is committed).
         *
         * @param first whether this is the first resume since the start
         */
        void resume(Consumer<K, V> consumer, boolean first);

        /** Polls once and handles what came. */
        void poll(Consumer<K, V> consumer);
    }

    private static final Logger log = LoggerFactory.getLogger(ConsumerLoop.class);
    private static final Duration START_WAIT = Duration.ofSeconds(10);
    /** The pause after a failure, doubled after each further one up to {@link #MAX_PAUSE}. */
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);

    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private final String name;
    private final Supplier<Consumer<K, V>> consumers;
    private final Work<K, V> work;
    private final ExponentialBackOff backOff;
    private final int phase;

    private volatile boolean running;
    private volatile boolean consuming;
    private volatile String lastFailure;
    /** Failures since the last poll that succeeded. */
    private volatile int failures;

    private Consumer<K, V> consumer;
    private Thread thread;
    /** Ends a pause at once when the loop is stopped. */
    private CountDownLatch stopping;

    /**
     * @param name the thread's name, and the loop's in logs
     * @param consumers makes the consumer, once per start
     * @param phase the lifecycle phase
     */
    public ConsumerLoop(String name, Supplier<Consumer<K, V>> consumers, Work<K, V> work, int phase) {
        this.name = name;
        this.consumers = consumers;
        this.work = work;
        this.backOff = new ExponentialBackOff(FIRST_PAUSE.toMillis(), 2.0);
        this.backOff.setMaxInterval(MAX_PAUSE.toMillis());
        this.phase = phase;
    }

    @Override
    public void start() {
        consumer = consumers.get();
        stopping = new CountDownLatch(1);
        running = true;
        CountDownLatch firstResume = new CountDownLatch(1);
        thread = Thread.ofPlatform().name(name).daemon().start(() -> run(firstResume));
        try {
            firstResume.await(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        if (consumer != null) {
            stopping.countDown();
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return phase;
    }

    @Override
    public Health health() {
        if (consuming) {
            return Health.up().build();
        }
        String failure = lastFailure;
        return Health.down()
                .withDetail("failure", failure == null ? "not polled yet" : failure)
                .withDetail("failures", failures)
                .build();
    }

    private void run(CountDownLatch firstResume) {
        boolean first = true;
        BackOffExecution pauses = backOff.start();
        try {
            while (running) {
                try {
                    work.resume(consumer, first);
                    first = false;
                    firstResume.countDown();
                    while (running) {
                        work.poll(consumer);
                        consuming = true;
                        if (failures > 0) {
                            failures = 0;
                            pauses = backOff.start();
                        }
                    }
                } catch (WakeupException e) {
                    // stop() woke the consumer up: the loop ends.
                } catch (RuntimeException e) {
                    consuming = false;
                    lastFailure = e.toString();
                    failures++;
                    firstResume.countDown();
                    long pause = pauses.nextBackOff();
                    log.warn("{} failed; resuming in {} ms: {}", name, pause, e.toString());
                    stopping.await(pause, TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consuming = false;
            firstResume.countDown();
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
