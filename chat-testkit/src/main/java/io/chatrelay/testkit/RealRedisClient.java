package io.chatrelay.testkit;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Lettuce client of a real Redis, standalone or a cluster: of the one the apps under test use ({@link #open()}), for
 * tests that arrange or read Redis state themselves, or of one a harness started. Close it when done.
 */
public final class RealRedisClient implements AutoCloseable {

    private final AbstractRedisClient client;
    private final RedisClusterCommands<String, String> commands;
    private final Runnable closeConnection;
    private final Function<String, Iterable<String>> infoOfEach;
    private final Supplier<StatefulRedisPubSubConnection<String, String>> pubSub;

    private RealRedisClient(
            AbstractRedisClient client,
            RedisClusterCommands<String, String> commands,
            Runnable closeConnection,
            Function<String, Iterable<String>> infoOfEach,
            Supplier<StatefulRedisPubSubConnection<String, String>> pubSub) {
        this.client = client;
        this.commands = commands;
        this.closeConnection = closeConnection;
        this.infoOfEach = infoOfEach;
        this.pubSub = pubSub;
    }

    /** To the Redis the apps under test use ({@link RealServices}'s switch). */
    public static RealRedisClient open() {
        return RealServices.onRedisCluster()
                ? cluster(RealServices.redisCluster().nodes())
                : standalone(RealServices.redis().uri());
    }

    /** To a standalone Redis at {@code uri} ({@code redis://host:port}). */
    public static RealRedisClient standalone(String uri) {
        RedisClient client = RedisClient.create(uri);
        StatefulRedisConnection<String, String> connection = client.connect();
        return new RealRedisClient(
                client,
                connection.sync(),
                connection::close,
                section -> List.of(connection.sync().info(section)),
                client::connectPubSub);
    }

    /** To a Redis Cluster through its {@code nodes} ({@code host:port}, comma-separated). */
    public static RealRedisClient cluster(String nodes) {
        List<RedisURI> uris = Arrays.stream(nodes.split(","))
                .map(node -> RedisURI.create("redis://" + node))
                .toList();
        RedisClusterClient client = RedisClusterClient.create(uris);
        StatefulRedisClusterConnection<String, String> connection = client.connect();
        return new RealRedisClient(
                client,
                connection.sync(),
                connection::close,
                section -> connection.sync().masters().commands().info(section),
                client::connectPubSub);
    }

    /** Commands routed to the key's node on a cluster. */
    public RedisClusterCommands<String, String> commands() {
        return commands;
    }

    /** A new pub/sub connection; close it when done. */
    public StatefulRedisPubSubConnection<String, String> connectPubSub() {
        return pubSub.get();
    }

    /** How often the server, or every master of the cluster together, ran each of {@code names} since it started. */
    public long calls(String... names) {
        Pattern stat = Pattern.compile("cmdstat_(?:" + String.join("|", names) + "):calls=(\\d+)");
        long calls = 0;
        for (String info : infoOfEach.apply("commandstats")) {
            Matcher found = stat.matcher(info);
            while (found.find()) {
                calls += Long.parseLong(found.group(1));
            }
        }
        return calls;
    }

    @Override
    public void close() {
        closeConnection.run();
        client.shutdown();
    }
}
