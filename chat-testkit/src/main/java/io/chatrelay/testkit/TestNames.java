package io.chatrelay.testkit;

import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.TopicNames;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Unique names for one test: a topic prefix and a Redis key prefix that no other test uses, so tests can share
 * the broker and Redis of the JVM without seeing each other's records or keys.
 *
 * @param id the unique part, also usable in conversation or request ids
 */
public record TestNames(String id) {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    /** A fresh set of names, unique within and across test runs. */
    public static TestNames unique() {
        return new TestNames("t" + RUN + "-" + COUNTER.incrementAndGet());
    }

    public String topicPrefix() {
        return id + ".";
    }

    public String redisPrefix() {
        return id + ":";
    }

    public TopicNames topics() {
        return new TopicNames(topicPrefix());
    }

    public RedisKeys redisKeys() {
        return new RedisKeys(redisPrefix());
    }

    /** A name derived from this test's id, for consumer groups, conversation ids and the like. */
    public String of(String purpose) {
        return id + "-" + purpose;
    }
}
