package io.chatrelay.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import redis.embedded.core.ExecutableProvider;

/**
 * The {@code redis-server} binary a harness can run as a process of its own: the one on {@code PATH}, else the one
 * bundled in {@code embedded-redis}.
 */
public final class RedisBinary {

    private RedisBinary() {}

    public static Path find() {
        return find(System.getenv());
    }

    static Path find(Map<String, String> env) {
        return new RedisLocator(env).redisServerOnPath().orElseGet(RedisBinary::bundled);
    }

    private static Path bundled() {
        try {
            return ExecutableProvider.newJarResourceProvider().get().toPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not unpack the redis-server bundled with embedded-redis", e);
        }
    }
}
