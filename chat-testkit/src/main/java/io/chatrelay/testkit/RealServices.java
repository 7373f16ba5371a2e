package io.chatrelay.testkit;

import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The shared real services of this test JVM, started on first use and stopped when the JVM exits.
 *
 * <p>The apps under test use the standalone Redis, or a local Redis Cluster when the system property
 * {@value #REDIS_SWITCH} is {@code cluster}: the one switch that runs the same tests on either.
 *
 * <p>Use through {@link RealServicesExtension} (or {@code @ExtendWith}) or call the methods directly; both are
 * idempotent and thread-safe.
 */
public final class RealServices {

    /**
     * The JUnit tag of the Redis-heavy integration tests, which the build runs a second time on the Redis Cluster.
     */
    public static final String REDIS_HEAVY = "redis-heavy";

    /** The system property that selects the Redis the apps under test use: {@code standalone} or {@code cluster}. */
    public static final String REDIS_SWITCH = "chatrelay.test.redis";

    private static KafkaBroker kafka;
    private static RedisServerHandle redis;
    private static RedisCluster redisCluster;

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

    /** Whether the apps under test use the Redis Cluster ({@value #REDIS_SWITCH} is {@code cluster}). */
    public static boolean onRedisCluster() {
        String choice = System.getProperty(REDIS_SWITCH, "standalone");
        return switch (choice) {
            case "cluster" -> true;
            case "standalone" -> false;
            default -> throw new IllegalArgumentException(REDIS_SWITCH + " is standalone or cluster, not " + choice);
        };
    }

    /** The shared local Redis Cluster, from the same binary as the standalone Redis. */
    public static synchronized RedisCluster redisCluster() {
        if (redisCluster == null) {
            redisCluster = RedisCluster.start();
            System.err.printf("[chat-testkit] Redis Cluster at %s%n", redisCluster.nodes());
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(redisCluster::stop));
        }
        return redisCluster;
    }

    /** The Spring Boot properties that point an app at the Redis the switch selects (starting it on first use). */
    public static Map<String, String> redisProperties() {
        return onRedisCluster()
                ? Map.of("spring.data.redis.cluster.nodes", redisCluster().nodes())
                : Map.of("spring.data.redis.url", redis().uri());
    }

    /** Points a Spring Boot test at the shared broker and at the Redis the switch selects. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", RealServices::kafkaBootstrapServers);
        String property = onRedisCluster() ? "spring.data.redis.cluster.nodes" : "spring.data.redis.url";
        registry.add(property, () -> redisProperties().get(property));
    }
}
