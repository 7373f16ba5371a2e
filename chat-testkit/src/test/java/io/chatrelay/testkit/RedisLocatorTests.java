package io.chatrelay.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisLocatorTests {

    @Test
    void prefersTheConfiguredUrl() {
        RedisLocator locator =
                new RedisLocator(Map.of(RedisLocator.URL_VARIABLE, "redis://10.0.0.9:6400", "PATH", "/nowhere"));

        assertThat(locator.choose()).isEqualTo(RedisServerHandle.Source.EXTERNAL);
    }

    @Test
    void usesRedisServerFoundOnPath(@TempDir Path dir) throws IOException {
        Path binary = Files.createFile(
                dir.resolve("redis-server"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));

        RedisLocator locator = new RedisLocator(Map.of("PATH", "/nowhere:" + dir));

        assertThat(locator.redisServerOnPath()).contains(binary);
        assertThat(locator.choose()).isEqualTo(RedisServerHandle.Source.PATH);
    }

    @Test
    void fallsBackToTheEmbeddedBinaryQuicklyWithoutDocker() {
        RedisLocator locator = new RedisLocator(Map.of("PATH", "/nowhere"));

        long started = System.nanoTime();
        RedisServerHandle.Source chosen = locator.choose();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assumeFalse(RedisLocator.dockerAvailable(), "a Docker engine answers here; the container path applies");
        assertThat(chosen).isEqualTo(RedisServerHandle.Source.EMBEDDED);
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void embeddedBinaryServesRealRedis() {
        assumeFalse(RedisLocator.dockerAvailable(), "a Docker engine answers here; the container path applies");
        RedisServerHandle redis = new RedisLocator(Map.of("PATH", "/nowhere")).start();
        try {
            assertThat(redis.source()).isEqualTo(RedisServerHandle.Source.EMBEDDED);
            RedisProcess.awaitPong(redis.host(), redis.port());
        } finally {
            redis.stop();
        }
    }
}
