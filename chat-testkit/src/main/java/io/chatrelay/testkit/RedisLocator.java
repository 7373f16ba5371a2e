package io.chatrelay.testkit;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import redis.embedded.core.ExecutableProvider;

/**
 * Finds a real Redis for tests, in this order: the URL in {@code CHATRELAY_TEST_REDIS_URL}; a
 * {@code redis-server} on {@code PATH} (Redis 7 in CI); a Testcontainers container when a Docker engine
 * answers; the Redis 6.2 binary that {@code embedded-redis} ships. Never a mock.
 */
public final class RedisLocator {

    static final String URL_VARIABLE = "CHATRELAY_TEST_REDIS_URL";

    private final Map<String, String> env;

    public RedisLocator(Map<String, String> env) {
        this.env = env;
    }

    public RedisServerHandle start() {
        RedisServerHandle handle = startFirstAvailable();
        System.err.printf("[chat-testkit] Redis from %s at %s%n", handle.source(), handle.uri());
        return handle;
    }

    /** Which source {@link #start()} would use, decided without starting anything. */
    RedisServerHandle.Source choose() {
        if (env.containsKey(URL_VARIABLE)) {
            return RedisServerHandle.Source.EXTERNAL;
        }
        if (redisServerOnPath().isPresent()) {
            return RedisServerHandle.Source.PATH;
        }
        return dockerAvailable() ? RedisServerHandle.Source.CONTAINER : RedisServerHandle.Source.EMBEDDED;
    }

    private RedisServerHandle startFirstAvailable() {
        return switch (choose()) {
            case EXTERNAL -> external(URI.create(env.get(URL_VARIABLE)));
            case PATH -> RedisProcess.start(redisServerOnPath().orElseThrow(), RedisServerHandle.Source.PATH);
            case CONTAINER -> container();
            case EMBEDDED -> embedded();
        };
    }

    Optional<Path> redisServerOnPath() {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static RedisServerHandle external(URI uri) {
        int port = uri.getPort() == -1 ? 6379 : uri.getPort();
        return new Running(RedisServerHandle.Source.EXTERNAL, uri.getHost(), port, () -> {});
    }

    private static RedisServerHandle container() {
        GenericContainer<?> container =
                new GenericContainer<>(DockerImageName.parse("redis:7-alpine")).withExposedPorts(6379);
        container.start();
        return new Running(
                RedisServerHandle.Source.CONTAINER,
                container.getHost(),
                container.getMappedPort(6379),
                container::stop);
    }

    private static RedisServerHandle embedded() {
        try {
            // The library unpacks its bundled binary to a temp file; from there it runs like any other.
            Path binary = ExecutableProvider.newJarResourceProvider().get().toPath();
            return RedisProcess.start(binary, RedisServerHandle.Source.EMBEDDED);
        } catch (IOException e) {
            throw new IllegalStateException("Could not unpack the redis-server bundled with embedded-redis", e);
        }
    }

    /** A server that is up, with the action that stops it. */
    record Running(RedisServerHandle.Source source, String host, int port, Runnable stopper)
            implements RedisServerHandle {

        @Override
        public String uri() {
            return "redis://" + host + ":" + port;
        }

        @Override
        public void stop() {
            stopper.run();
        }
    }
}
