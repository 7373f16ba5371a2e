package io.chatrelay.worker.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.testkit.RedisConnections;
import io.chatrelay.testkit.TestNames;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/** Company profiles kept by the worker, dropped when the profile channel announces a change (real Redis). */
@Tag(RealServices.REDIS_HEAVY)
class CompanyProfilesIntegrationTests {

    private final TestNames names = TestNames.unique();
    private final RedisKeys keys = names.redisKeys();
    private LettuceConnectionFactory connections;
    private StringRedisTemplate redis;
    private RedisMessageListenerContainer channels;
    private CompanyProfiles profiles;

    @BeforeEach
    void start() throws Exception {
        connections = RedisConnections.toRealRedis();
        redis = new StringRedisTemplate(connections);
        profiles = new CompanyProfiles(redis, keys, Duration.ofHours(1));
        channels = new RedisMessageListenerContainer();
        channels.setConnectionFactory(connections);
        channels.addMessageListener(profiles, new ChannelTopic(keys.profileChannel()));
        channels.afterPropertiesSet();
        channels.start();
    }

    @AfterEach
    void stop() throws Exception {
        channels.destroy();
        connections.destroy();
    }

    @Test
    void keepsAProfileUntilItsChangeIsAnnounced() {
        store(AssistantProfile.responses("gpt-a", "First"));
        assertThat(profiles.of("acme")).map(AssistantProfile::model).contains("gpt-a");

        // Changed in Redis without an announcement: the kept copy still answers, with no round trip.
        store(AssistantProfile.responses("gpt-b", "Second"));
        assertThat(profiles.of("acme")).map(AssistantProfile::model).contains("gpt-a");

        redis.convertAndSend(keys.profileChannel(), "acme");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> profiles.of("acme").map(AssistantProfile::model).orElse(""), "gpt-b"::equals);

        redis.delete(keys.companyProfile("acme"));
        redis.convertAndSend(keys.profileChannel(), "acme");
        await().atMost(Duration.ofSeconds(5)).until(() -> profiles.of("acme").isEmpty());
    }

    @Test
    void readsAKeptProfileAgainOnceItIsOlderThanTheMaximumAge() {
        CompanyProfiles shortLived = new CompanyProfiles(redis, keys, Duration.ZERO);
        store(AssistantProfile.responses("gpt-a", "First"));
        assertThat(shortLived.of("acme")).map(AssistantProfile::model).contains("gpt-a");

        store(AssistantProfile.responses("gpt-b", "Second"));

        assertThat(shortLived.of("acme")).map(AssistantProfile::model).contains("gpt-b");
    }

    private void store(AssistantProfile profile) {
        redis.opsForValue()
                .set(keys.companyProfile("acme"), ChatCodec.instance().toJson(profile));
    }
}
