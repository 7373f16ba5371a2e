package io.chatrelay.worker.journal;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The journal's scripts on the Redis connection the application already shares (Lettuce's native asynchronous
 * commands): every call is sent at once and answered in order, so one request's writes are pipelined without waiting
 * for each other, and they are applied in the order they were sent. Lettuce reconnects this connection by itself.
 */
final class JournalRedis {

    private final RedisConnectionFactory connections;

    JournalRedis(RedisConnectionFactory connections) {
        this.connections = connections;
    }

    /**
     * Sends a script. The shared connection is looked up for each call: the factory replaces it when the application
     * context is stopped and started again. Closing the wrapper leaves the shared connection open.
     */
    RedisFuture<List<Object>> eval(byte[] script, byte[][] keys, byte[]... args) {
        return commands(commands -> commands.eval(script, ScriptOutputType.MULTI, keys, args));
    }

    /** Reads a string; the future completes with null when there is none. */
    RedisFuture<byte[]> get(String key) {
        return commands(commands -> commands.get(bytes(key)));
    }

    /** Gives a key a TTL in milliseconds. */
    RedisFuture<Boolean> pexpire(String key, String millis) {
        return commands(commands -> commands.pexpire(bytes(key), Long.parseLong(millis)));
    }

    @SuppressWarnings("unchecked")
    private <T> RedisFuture<T> commands(Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> call) {
        try (RedisConnection connection = connections.getConnection()) {
            return call.apply((RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection());
        }
    }

    static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    static byte[][] each(String... values) {
        byte[][] all = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            all[i] = bytes(values[i]);
        }
        return all;
    }

    static String text(Object reply) {
        return reply instanceof byte[] raw ? new String(raw, StandardCharsets.UTF_8) : String.valueOf(reply);
    }
}
