package io.chatrelay.testkit;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The shared real services of this test JVM, started on first use and stopped when the JVM exits.
 *
 * <p>Use through {@link RealServicesExtension} (or {@code @ExtendWith}) or call the methods directly; both are
 * idempotent and thread-safe.
 */
public final class RealServices {

    private static KafkaBroker kafka;
    private static RedisServerHandle redis;

    private RealServices() {}

    /** {@code host:port} of the shared in-process KRaft broker. */
    public static synchronized String kafkaBootstrapServers() {
        if (kafka == null) {
            kafka = KafkaBroker.start();
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(kafka::stop));
        }
        return kafka.bootstrapServers();
    }

    /** The shared real Redis server, chosen as {@link RedisLocator} describes. */
    public static synchronized RedisServerHandle redis() {
        if (redis == null) {
            redis = new RedisLocator(System.getenv()).start();
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(redis::stop));
        }
        return redis;
    }

    /** Points a Spring Boot test at the shared broker and Redis. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", RealServices::kafkaBootstrapServers);
        registry.add("spring.data.redis.url", () -> redis().uri());
    }
}
