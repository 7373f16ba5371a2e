package io.chatrelay.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.cluster.SlotHash;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

class RedisClusterIntegrationTests {

    private static RedisCluster cluster;
    private static LettuceConnectionFactory connections;
    private static StringRedisTemplate redis;

    @BeforeAll
    static void start() {
        cluster = RedisCluster.start();
        connections = new LettuceConnectionFactory(
                new RedisClusterConfiguration(List.of(cluster.nodes().split(","))));
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
    }

    @AfterAll
    static void stop() {
        connections.destroy();
        cluster.stop();
    }

    @Test
    void spreadsTheSlotsOverThreeMastersThatAClusterClientReachesThroughAnyOfThem() {
        Map<String, String> written = Map.of("alpha", "1", "beta", "2", "gamma", "3", "delta", "4");
        written.forEach((key, value) -> redis.opsForValue().set(key, value));

        written.forEach((key, value) -> assertThat(redis.opsForValue().get(key)).isEqualTo(value));
        assertThat(written.keySet().stream().map(SlotHash::getSlot).distinct()).hasSizeGreaterThan(1);
        assertThat(cluster.ports()).hasSize(3);
    }

    @Test
    void runsAScriptWhoseKeysShareAHashTagAndRefusesOneWhoseKeysDoNot() {
        RedisScript<Long> both = RedisScript.of(
                "redis.call('SET', KEYS[1], ARGV[1]); redis.call('SET', KEYS[2], ARGV[1]); return 2", Long.class);

        assertThat(redis.execute(both, List.of("request:{r1}", "request:{r1}:events"), "x"))
                .isEqualTo(2L);
        assertThatThrownBy(() -> redis.execute(both, List.of("request:r1", "request:r1:events"), "x"))
                .hasStackTraceContaining("CROSSSLOT");
    }
}
