package io.chatrelay.worker.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.testkit.RedisConnections;
import io.chatrelay.testkit.TestNames;
import io.chatrelay.worker.engine.Outcome;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The request lease and its keeper in real Redis. */
class LeaseIntegrationTests {

    private static final Duration TTL = Duration.ofMinutes(1);

    private final TestNames names = TestNames.unique();
    private final RedisKeys keys = names.redisKeys();
    private LettuceConnectionFactory connections;
    private StringRedisTemplate redis;

    @BeforeEach
    void start() {
        connections = RedisConnections.toRealRedis();
        redis = new StringRedisTemplate(connections);
    }

    @AfterEach
    void stop() {
        connections.destroy();
    }

    @Test
    void leavesALeaseThatAnotherWorkerHolds() {
        String requestId = names.of("req");
        try (Lease a = new Lease(redis, keys, "worker-a", TTL);
                Lease b = new Lease(redis, keys, "worker-b", TTL)) {
            assertThat(a.acquire(requestId, aTurn())).isTrue();

            assertThat(b.acquire(requestId, aTurn())).isFalse();
            a.check(requestId);
            assertThatThrownBy(() -> b.check(requestId)).isInstanceOf(Lease.Lost.class);
            b.release(requestId);

            assertThat(redis.opsForValue().get(keys.lease(requestId))).isEqualTo("worker-a");
        }
    }

    @Test
    void keepsTheLeaseOfARunningTurnFromTheMomentItIsTaken() {
        String requestId = names.of("req");
        try (Lease lease = new Lease(redis, keys, "worker-a", Duration.ofMillis(600))) {
            StopState turn = aTurn();
            assertThat(lease.acquire(requestId, turn)).isTrue();

            // Several TTLs pass while the turn is busy elsewhere (before its engine even started).
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> "worker-a".equals(redis.opsForValue().get(keys.lease(requestId))));
            assertThat(turn.reason()).isEmpty();

            lease.release(requestId);
            assertThat(redis.hasKey(keys.lease(requestId))).isFalse();
        }
    }

    @Test
    void stopsATurnWhoseLeaseWasTaken() {
        String requestId = names.of("req");
        try (Lease lease = new Lease(redis, keys, "worker-a", Duration.ofMillis(600))) {
            StopState turn = aTurn();
            assertThat(lease.acquire(requestId, turn)).isTrue();

            // The lease lapsed (the worker stalled) and another worker took it.
            redis.opsForValue().set(keys.lease(requestId), "worker-b");

            await().atMost(Duration.ofSeconds(3)).until(() -> turn.reason().isPresent());
            assertThat(turn.reason()).contains(Outcome.LEASE_LOST);
            lease.release(requestId);
            assertThat(redis.opsForValue().get(keys.lease(requestId))).isEqualTo("worker-b");
        }
    }

    private static StopState aTurn() {
        return new StopState(Duration.ofMinutes(5));
    }
}
