package io.chatrelay.common.naming;

import java.util.Objects;

/**
 * Kafka topic names, built from a prefix so that environments and tests can share a broker.
 *
 * @param prefix prepended to every topic name ({@code ""} in production)
 */
public record TopicNames(String prefix) {

    public TopicNames {
        Objects.requireNonNull(prefix, "prefix");
    }

    /** Chat requests, keyed by conversation id. */
    public String requests() {
        return prefix + "chat.requests";
    }

    /** Progress events of every request, keyed by conversation id. */
    public String events() {
        return prefix + "chat.events";
    }

    /** Requests that failed for good or could not be read, with headers that say why. */
    public String deadLetters() {
        return requests() + ".DLT";
    }
}
