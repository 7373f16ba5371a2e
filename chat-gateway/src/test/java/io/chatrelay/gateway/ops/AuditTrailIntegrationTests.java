package io.chatrelay.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.testkit.LostReplyProxy;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.testkit.RealServicesExtension;
import io.chatrelay.testkit.RedisConnections;
import io.chatrelay.testkit.TestNames;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The operators' audit trail on real Redis, directly and behind a proxy that loses one answer. */
@ExtendWith(RealServicesExtension.class)
class AuditTrailIntegrationTests {

    private final RedisKeys keys = TestNames.unique().redisKeys();

    @Test
    void recordsAnActionOnceWhenTheClientSentItAgainAfterItsAnswerWasLost() {
        try (LostReplyProxy proxy = LostReplyProxy.start(
                RealServices.redis().host(), RealServices.redis().port())) {
            LettuceConnectionFactory proxied = RedisConnections.to(proxy.host(), proxy.port());
            try {
                StringRedisTemplate redis = new StringRedisTemplate(proxied);
                AuditTrail trail = new AuditTrail(redis, keys, 100);
                redis.hasKey(keys.deadLetterAudit());

                proxy.loseNextReply();
                String id = trail.record(aDiscard("req_lost_answer"));

                assertThat(proxy.repliesLost()).isEqualTo(1);
                assertThat(trail.newest(10)).singleElement().satisfies(entry -> {
                    assertThat(entry.id()).isEqualTo(id);
                    assertThat(entry.requestIds()).containsExactly("req_lost_answer");
                });
            } finally {
                proxied.destroy();
            }
        }
    }

    @Test
    void keepsTheNewestEntriesNewestFirst() {
        LettuceConnectionFactory connections = RedisConnections.toRealRedis();
        try {
            AuditTrail trail = new AuditTrail(new StringRedisTemplate(connections), keys, 100);
            for (int i = 0; i < 3; i++) {
                trail.record(aDiscard("req_" + i));
            }

            assertThat(trail.newest(2))
                    .extracting(entry -> entry.requestIds().getFirst())
                    .containsExactly("req_2", "req_1");
        } finally {
            connections.destroy();
        }
    }

    private static AuditTrail.Entry aDiscard(String requestId) {
        return new AuditTrail.Entry(
                null, "discard", "ops@example.com", Instant.now(), null, List.of(requestId), 1, "discarded=1", "test");
    }
}
