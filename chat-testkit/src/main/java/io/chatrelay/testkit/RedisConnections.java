package io.chatrelay.testkit;

import java.util.List;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Started Lettuce connection factories, for tests that drive Redis without an application context (the real Redis,
 * or a proxy in front of it). Destroy each one when the test is done.
 */
public final class RedisConnections {

    private RedisConnections() {}

    /** To the real Redis the apps under test use: the standalone one, or the cluster ({@link RealServices}). */
    public static LettuceConnectionFactory toRealRedis() {
        if (!RealServices.onRedisCluster()) {
            return to(RealServices.redis().host(), RealServices.redis().port());
        }
        LettuceConnectionFactory connections = new LettuceConnectionFactory(new RedisClusterConfiguration(
                List.of(RealServices.redisCluster().nodes().split(","))));
        connections.afterPropertiesSet();
        connections.start();
        return connections;
    }

    public static LettuceConnectionFactory to(String host, int port) {
        return to(host, port, LettuceClientConfiguration.defaultConfiguration());
    }

    public static LettuceConnectionFactory to(String host, int port, LettuceClientConfiguration client) {
        LettuceConnectionFactory connections =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port), client);
        connections.afterPropertiesSet();
        connections.start();
        return connections;
    }
}
