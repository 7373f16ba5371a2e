package io.chatrelay.bench.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logging of the harness's own JVM, which has no configuration file (one on the classpath would reach the apps). */
public final class Logs {

    private Logs() {}

    /**
     * Sets the root level, e.g. {@code WARN}: without configuration Logback logs at DEBUG, and the Kafka and Redis
     * clients of the harness would bury the report.
     */
    public static void rootLevel(String level) {
        Logger root = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        if (root instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(ch.qos.logback.classic.Level.toLevel(level));
        }
    }

    /** Sets the root level to WARN and the Kafka clients' to ERROR: the report is what a harness prints. */
    public static void harness() {
        rootLevel("WARN");
        // The harness's admin client polls a broker that is starting or stopped on purpose; that is not news.
        if (LoggerFactory.getLogger("org.apache.kafka") instanceof ch.qos.logback.classic.Logger kafka) {
            kafka.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }
}
