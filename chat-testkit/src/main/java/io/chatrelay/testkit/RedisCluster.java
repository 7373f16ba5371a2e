package io.chatrelay.testkit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A local Redis Cluster of three masters, each a {@code redis-server} of the same binary as the standalone one, with
 * the slots split evenly between them and no replicas; data and node files go to a temporary directory, removed
 * when the cluster stops.
 */
public final class RedisCluster {

    private static final int MASTERS = 3;
    private static final Duration FORMED = Duration.ofSeconds(30);

    private final Path directory;
    private final List<Process> processes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    private RedisCluster(Path directory) {
        this.directory = directory;
    }

    public static RedisCluster start() {
        return start(RedisBinary.find());
    }

    static RedisCluster start(Path binary) {
        RedisCluster cluster;
        try {
            cluster = new RedisCluster(Files.createTempDirectory("chatrelay-redis-cluster"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            for (int i = 0; i < MASTERS; i++) {
                int port = FreePorts.next();
                cluster.ports.add(port);
                cluster.processes.add(new ProcessBuilder(command(binary, cluster.directory, port))
                        .redirectErrorStream(true)
                        .redirectOutput(cluster.directory
                                .resolve("redis-" + port + ".log")
                                .toFile())
                        .start());
            }
            cluster.ports.forEach(port -> RedisProcess.awaitPong("127.0.0.1", port));
            cluster.form();
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.stop();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** {@code host:port} of every master, comma-separated, as {@code spring.data.redis.cluster.nodes} takes them. */
    public String nodes() {
        return ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    public List<Integer> ports() {
        return List.copyOf(ports);
    }

    public void stop() {
        processes.forEach(RedisProcess::stop);
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // Only a temporary directory left behind.
        }
    }

    private static List<String> command(Path binary, Path directory, int port) {
        return RedisProcess.command(
                binary,
                port,
                "--dir",
                directory.toString(),
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                "nodes-" + port + ".conf",
                "--cluster-node-timeout",
                "2000");
    }

    /** Gives each master an even share of the slots, lets them meet, and waits until the cluster says it is ok. */
    private void form() {
        form(ports, List.of(), FORMED);
    }

    /**
     * Forms a Redis Cluster of fresh {@code --cluster-enabled} nodes on this host: the masters share the slots evenly,
     * every node meets the first, the i-th replica replicates the i-th master; waits until every node says the
     * cluster is ok with all of them in it, and every replica has its master's data.
     */
    public static void form(List<Integer> masters, List<Integer> replicas, Duration timeout) {
        RedisClient client = RedisClient.create();
        List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
        try {
            List<Integer> all = new ArrayList<>(masters);
            all.addAll(replicas);
            for (int port : all) {
                connections.add(client.connect(RedisURI.create("127.0.0.1", port)));
            }
            for (int i = 0; i < masters.size(); i++) {
                int from = SlotHash.SLOT_COUNT * i / masters.size();
                int to = SlotHash.SLOT_COUNT * (i + 1) / masters.size();
                connections
                        .get(i)
                        .sync()
                        .clusterAddSlots(IntStream.range(from, to).toArray());
            }
            for (int port : all.subList(1, all.size())) {
                connections.getFirst().sync().clusterMeet("127.0.0.1", port);
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (int i = 0; i < replicas.size(); i++) {
                String master = connections.get(i).sync().clusterMyId();
                RedisCommands<String, String> replica =
                        connections.get(masters.size() + i).sync();
                // A replica can follow its master only once it has heard of it.
                while (!replica.clusterNodes().contains(master)) {
                    awaitUntil(deadline, timeout);
                }
                replica.clusterReplicate(master);
            }
            while (!connections.stream().allMatch(connection -> formed(connection, all.size()))) {
                awaitUntil(deadline, timeout);
            }
            for (StatefulRedisConnection<String, String> replica : connections.subList(masters.size(), all.size())) {
                while (!replica.sync().info("replication").contains("master_link_status:up")) {
                    awaitUntil(deadline, timeout);
                }
            }
        } finally {
            connections.forEach(StatefulRedisConnection::close);
            client.shutdown();
        }
    }

    private static void awaitUntil(long deadline, Duration timeout) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("The Redis Cluster did not form in " + timeout);
        }
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean formed(StatefulRedisConnection<String, String> connection, int nodes) {
        return connection.sync().clusterInfo().contains("cluster_state:ok")
                && connection
                                .sync()
                                .clusterNodes()
                                .lines()
                                .filter(line -> !line.isBlank())
                                .count()
                        == nodes;
    }
}
