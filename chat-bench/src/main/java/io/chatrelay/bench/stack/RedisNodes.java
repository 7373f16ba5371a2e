package io.chatrelay.bench.stack;

import io.chatrelay.testkit.FreePorts;
import io.chatrelay.testkit.RealRedisClient;
import io.chatrelay.testkit.RedisBinary;
import io.chatrelay.testkit.RedisCluster;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A run's Redis, each node a {@code redis-server} process of its own whose data outlive a restart: one node, or a
 * Redis Cluster of three masters with a replica each.
 */
public final class RedisNodes {

    private static final int MASTERS = 3;

    private final boolean cluster;
    private final List<Integer> ports = new ArrayList<>();
    private final List<ManagedProcess> processes = new ArrayList<>();
    private boolean formed;

    /**
     * @param cluster a Redis Cluster of three masters and three replicas, else one node
     * @param directory where each node's data goes, in a directory of its own
     * @param log where a node's log goes, by its name
     */
    RedisNodes(boolean cluster, Path directory, Function<String, Path> log) {
        this.cluster = cluster;
        int count = cluster ? 2 * MASTERS : 1;
        for (int i = 0; i < count; i++) {
            int port = FreePorts.next();
            String name = cluster ? "redis-" + (i + 1) : "redis";
            Path data = directory.resolve(name);
            try {
                Files.createDirectories(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> command = new ArrayList<>(List.of(
                    RedisBinary.find().toString(),
                    "--port",
                    Integer.toString(port),
                    "--bind",
                    "127.0.0.1",
                    "--protected-mode",
                    "no",
                    "--dir",
                    data.toString(),
                    // Every write is in the append-only file within a second, so a restart keeps the state.
                    "--appendonly",
                    "yes",
                    "--appendfsync",
                    "everysec",
                    "--save",
                    ""));
            if (cluster) {
                // A master that does not answer for 2 s is failed over to its replica.
                command.addAll(List.of("--cluster-enabled", "yes", "--cluster-node-timeout", "2000"));
            }
            ports.add(port);
            processes.add(new ManagedProcess(name, command, Map.of(), log.apply(name)));
        }
    }

    public boolean cluster() {
        return cluster;
    }

    /** The apps' setting that points them at this Redis. */
    public String springArgument() {
        return cluster
                ? "--spring.data.redis.cluster.nodes=" + nodes()
                : "--spring.data.redis.url=" + uri(ports.getFirst());
    }

    /** A client of this Redis; close it when done. */
    public RealRedisClient connect() {
        return cluster ? RealRedisClient.cluster(nodes()) : RealRedisClient.standalone(uri(ports.getFirst()));
    }

    List<ManagedProcess> processes() {
        return List.copyOf(processes);
    }

    /** Starts every node that is not running and waits until each answers; forms the cluster the first time. */
    void start(Duration timeout) {
        for (int i = 0; i < processes.size(); i++) {
            if (!processes.get(i).alive()) {
                start(i, timeout);
            }
        }
        if (cluster && !formed) {
            RedisCluster.form(ports.subList(0, MASTERS), ports.subList(MASTERS, ports.size()), timeout);
            formed = true;
        }
    }

    /** Starts node {@code index} (from 0) again and waits until it answers; a cluster node rejoins by itself. */
    public void start(int index, Duration timeout) {
        processes.get(index).start();
        int port = ports.get(index);
        Waits.until("redis-server on port " + port, timeout, () -> answers(port));
    }

    /** A clean stop ({@code SIGTERM}) of every node: each writes its append-only file and exits. */
    void stop(Duration grace) {
        processes.forEach(process -> process.stop(grace));
    }

    /**
     * {@code kill -9} of the master of slot 0 (a cluster's); answers its index, to start it again with. Its replica
     * takes its slots over once the others have not heard of it for the node timeout.
     */
    public int killMaster() {
        int index = masterOfSlotZero();
        processes.get(index).kill();
        return index;
    }

    private int masterOfSlotZero() {
        try (RealRedisClient client = connect()) {
            for (String line : client.commands().clusterNodes().lines().toList()) {
                String[] fields = line.split(" ");
                boolean servesSlotZero = fields.length > 8 && fields[8].startsWith("0-");
                if (fields[2].contains("master") && servesSlotZero) {
                    int port =
                            Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
                    return ports.indexOf(port);
                }
            }
        }
        throw new IllegalStateException("No master serves slot 0");
    }

    /** {@code host:port} of every node, comma-separated. */
    private String nodes() {
        return ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    private static String uri(int port) {
        return "redis://127.0.0.1:" + port;
    }

    private static boolean answers(int port) {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
        try (var connection = client.connect()) {
            return "PONG".equals(connection.sync().ping());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }
}
