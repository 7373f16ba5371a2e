package io.chatrelay.bench.stack;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * One node of a KRaft Kafka cluster (broker and controller in one process) whose data lives in a directory that
 * outlives it: started again on the same directory it comes back with every topic, record and committed offset, as a
 * production broker does after a restart. Arguments: the directory, the cluster id, the node id, the client port, the
 * controller port, and the controller quorum ({@code 1@127.0.0.1:port,2@…}); the quorum's size is the cluster's.
 *
 * <p>It runs Kafka's own {@code kafka.Kafka} main, after formatting the directory the first time as
 * {@code kafka-storage format} would.
 */
public final class BrokerMain {

    private BrokerMain() {}

    public static void main(String[] args) throws IOException {
        Path directory = Path.of(args[0]);
        String clusterId = args[1];
        Node node = new Node(Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]), args[5]);
        Logs.rootLevel("INFO");
        Files.createDirectories(directory);
        Path config = directory.resolve("server.properties");
        if (!Files.exists(config)) {
            try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
                settings(directory, node).store(out, "KRaft node " + node.id() + " of a chat-bench run");
            }
        }
        Path logDir = directory.resolve("data");
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            int status = kafka.tools.StorageTool.execute(
                    new String[] {"format", "--cluster-id", clusterId, "--config", config.toString()}, System.out);
            if (status != 0) {
                throw new IllegalStateException("Formatting " + logDir + " failed with status " + status);
            }
        }
        kafka.Kafka.main(new String[] {config.toString()});
    }

    /**
     * A node of the cluster.
     *
     * @param id its node id
     * @param port its client port
     * @param controllerPort its controller port
     * @param quorum every controller of the cluster, {@code id@host:port} separated by commas
     */
    record Node(int id, int port, int controllerPort, String quorum) {
        int clusterSize() {
            return quorum.split(",").length;
        }
    }

    static Properties settings(Path directory, Node node) {
        // Three nodes or more: every topic on three, and a write acknowledged once two hold it, so losing a node loses
        // no acknowledged record and stops no writer. One node: every topic on it alone.
        String replicas = Integer.toString(Math.min(3, node.clusterSize()));
        String minInSync = node.clusterSize() >= 3 ? "2" : "1";
        Properties settings = new Properties();
        settings.setProperty("process.roles", "broker,controller");
        settings.setProperty("node.id", Integer.toString(node.id()));
        settings.setProperty("controller.quorum.voters", node.quorum());
        settings.setProperty(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + node.port() + ",CONTROLLER://127.0.0.1:" + node.controllerPort());
        settings.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + node.port());
        settings.setProperty("controller.listener.names", "CONTROLLER");
        settings.setProperty("inter.broker.listener.name", "PLAINTEXT");
        settings.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        settings.setProperty("log.dirs", directory.resolve("data").toString());
        settings.setProperty("default.replication.factor", replicas);
        settings.setProperty("min.insync.replicas", minInSync);
        settings.setProperty("offsets.topic.replication.factor", replicas);
        settings.setProperty("offsets.topic.num.partitions", "5");
        settings.setProperty("transaction.state.log.replication.factor", replicas);
        settings.setProperty("transaction.state.log.min.isr", minInSync);
        settings.setProperty("share.coordinator.state.topic.replication.factor", replicas);
        settings.setProperty("share.coordinator.state.topic.min.isr", minInSync);
        // A consumer group forms at once instead of after the default 3 s delay.
        settings.setProperty("group.initial.rebalance.delay.ms", "0");
        settings.setProperty("num.partitions", "1");
        return settings;
    }
}
