package io.chatrelay.testkit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A local Redis Cluster of three masters, each a {@code redis-server} of the same binary as the standalone one, with
 * the slots split evenly between them and no replicas; data and node files go to a temporary directory.
 */
public final class RedisCluster {

    private static final int MASTERS = 3;
    private static final Duration FORMED = Duration.ofSeconds(30);

    private final List<Process> processes;
    private final List<Integer> ports;

    private RedisCluster(List<Process> processes, List<Integer> ports) {
        this.processes = processes;
        this.ports = ports;
    }

    public static RedisCluster start() {
        return start(RedisBinary.find());
    }

    static RedisCluster start(Path binary) {
        List<Process> processes = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        RedisCluster cluster = new RedisCluster(processes, ports);
        try {
            Path directory = Files.createTempDirectory("chatrelay-redis-cluster");
            for (int i = 0; i < MASTERS; i++) {
                int port = FreePorts.next();
                ports.add(port);
                processes.add(new ProcessBuilder(command(binary, directory, port))
                        .redirectErrorStream(true)
                        .redirectOutput(
                                directory.resolve("redis-" + port + ".log").toFile())
                        .start());
            }
            ports.forEach(port -> RedisProcess.awaitPong("127.0.0.1", port));
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
        RedisClient client = RedisClient.create();
        try {
            List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
            for (int port : ports) {
                connections.add(client.connect(RedisURI.create("127.0.0.1", port)));
            }
            for (int i = 0; i < MASTERS; i++) {
                int from = SlotHash.SLOT_COUNT * i / MASTERS;
                int to = SlotHash.SLOT_COUNT * (i + 1) / MASTERS;
                connections
                        .get(i)
                        .sync()
                        .clusterAddSlots(IntStream.range(from, to).toArray());
            }
            for (int port : ports.subList(1, ports.size())) {
                connections.getFirst().sync().clusterMeet("127.0.0.1", port);
            }
            long deadline = System.nanoTime() + FORMED.toNanos();
            while (!connections.stream().allMatch(RedisCluster::formed)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The Redis Cluster on " + nodes() + " did not form in " + FORMED);
                }
                Thread.sleep(100);
            }
            connections.forEach(StatefulRedisConnection::close);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            client.shutdown();
        }
    }

    private static boolean formed(StatefulRedisConnection<String, String> connection) {
        return connection.sync().clusterInfo().contains("cluster_state:ok")
                && connection
                                .sync()
                                .clusterNodes()
                                .lines()
                                .filter(line -> line.contains("master"))
                                .count()
                        == MASTERS;
    }
}
