package io.chatrelay.worker.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.testkit.LostReplyProxy;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.testkit.TestNames;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The request lease in real Redis, reached through a proxy that can lose an answer. */
class LeaseIntegrationTests {

    private static final Duration TTL = Duration.ofMinutes(1);

    private final TestNames names = TestNames.unique();
    private final RedisKeys keys = names.redisKeys();
    private LostReplyProxy proxy;
    private LettuceConnectionFactory connections;
    private StringRedisTemplate redis;

    @BeforeEach
    void start() {
        proxy = LostReplyProxy.start(
                RealServices.redis().host(), RealServices.redis().port());
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(proxy.host(), proxy.port()));
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
    }

    @AfterEach
    void stop() {
        connections.destroy();
        proxy.close();
    }

    @Test
    void holdsTheLeaseWhenRedisTookItButTheAnswerWasLostAndTheClientAskedAgain() {
        Lease lease = new Lease(redis, keys, "worker-a", TTL);
        String requestId = names.of("req");
        // Loads the script first, so the answer that gets lost is the one of the command that took the lease.
        lease.acquire(names.of("req"));

        proxy.loseNextReply();
        boolean acquired = lease.acquire(requestId);

        assertThat(proxy.repliesLost()).isEqualTo(1);
        assertThat(acquired).isTrue();
        assertThat(redis.opsForValue().get(keys.lease(requestId))).isEqualTo("worker-a");
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
