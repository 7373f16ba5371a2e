package io.chatrelay.worker.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.testkit.TestNames;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The request lease in real Redis. */
class LeaseIntegrationTests {

    private static final Duration TTL = Duration.ofMinutes(1);

    private final TestNames names = TestNames.unique();
    private final RedisKeys keys = names.redisKeys();
    private LettuceConnectionFactory connections;
    private StringRedisTemplate redis;

    @BeforeEach
    void start() {
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(
                RealServices.redis().host(), RealServices.redis().port()));
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
    }

    @AfterEach
    void stop() {
        connections.destroy();
    }

    @Test
    void leavesALeaseThatAnotherWorkerHolds() {
        String requestId = names.of("req");
        assertThat(new Lease(redis, keys, "worker-a", TTL).acquire(requestId)).isTrue();

        Lease other = new Lease(redis, keys, "worker-b", TTL);

        assertThat(other.acquire(requestId)).isFalse();
        assertThat(other.renew(requestId)).isFalse();
        assertThat(redis.opsForValue().get(keys.lease(requestId))).isEqualTo("worker-a");
    }
}
