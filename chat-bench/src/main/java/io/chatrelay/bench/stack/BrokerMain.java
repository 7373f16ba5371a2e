package io.chatrelay.bench.stack;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker (broker and controller in one process) whose data lives in a directory that
 * outlives it: started again on the same directory it comes back with every topic, record and committed offset,
 * as a production broker does after a restart. Arguments: the directory, the client port, the controller port.
 *
 * <p>It runs Kafka's own {@code kafka.Kafka} main, after formatting the directory the first time as
 * {@code kafka-storage format} would.
 */
public final class BrokerMain {

    private BrokerMain() {}

    public static void main(String[] args) throws IOException {
        Path directory = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        int controllerPort = Integer.parseInt(args[2]);
        Logs.rootLevel("INFO");
        Files.createDirectories(directory);
        Path config = directory.resolve("server.properties");
        if (!Files.exists(config)) {
            try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
                settings(directory, port, controllerPort).store(out, "single-node KRaft broker of a chat-bench run");
            }
        }
        Path logDir = directory.resolve("data");
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            String clusterId = Uuid.randomUuid().toString();
            int status = kafka.tools.StorageTool.execute(
                    new String[] {"format", "--cluster-id", clusterId, "--config", config.toString()}, System.out);
            if (status != 0) {
                throw new IllegalStateException("Formatting " + logDir + " failed with status " + status);
            }
        }
        kafka.Kafka.main(new String[] {config.toString()});
    }

    static Properties settings(Path directory, int port, int controllerPort) {
        Properties settings = new Properties();
        settings.setProperty("process.roles", "broker,controller");
        settings.setProperty("node.id", "1");
        settings.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        settings.setProperty(
                "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        settings.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        settings.setProperty("controller.listener.names", "CONTROLLER");
        settings.setProperty("inter.broker.listener.name", "PLAINTEXT");
        settings.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        settings.setProperty("log.dirs", directory.resolve("data").toString());
        // One node: every internal topic has one replica, and acks=all means this node.
        settings.setProperty("offsets.topic.replication.factor", "1");
        settings.setProperty("offsets.topic.num.partitions", "5");
        settings.setProperty("transaction.state.log.replication.factor", "1");
        settings.setProperty("transaction.state.log.min.isr", "1");
        settings.setProperty("share.coordinator.state.topic.replication.factor", "1");
        settings.setProperty("share.coordinator.state.topic.min.isr", "1");
        // A consumer group forms at once instead of after the default 3 s delay.
        settings.setProperty("group.initial.rebalance.delay.ms", "0");
        settings.setProperty("num.partitions", "1");
        return settings;
    }
}
