package io.chatrelay.bench.stack;

import io.chatrelay.testkit.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * A run's Kafka cluster, each node a KRaft broker and controller in a process of its own ({@link BrokerMain}): one
 * node, or three that replicate every topic.
 */
public final class Brokers {

    private record Member(int id, int port, ManagedProcess process) {}

    private final List<Member> members = new ArrayList<>();

    /**
     * @param count how many nodes
     * @param directory where each node's data goes, in a directory of its own
     * @param process makes a node's process from its name and {@link BrokerMain}'s arguments
     */
    Brokers(int count, Path directory, BiFunction<String, List<String>, ManagedProcess> process) {
        String clusterId = Uuid.randomUuid().toString();
        List<int[]> ports = new ArrayList<>();
        for (int id = 1; id <= count; id++) {
            ports.add(new int[] {FreePorts.next(), FreePorts.next()});
        }
        StringBuilder quorum = new StringBuilder();
        for (int id = 1; id <= count; id++) {
            quorum.append(id == 1 ? "" : ",").append(id).append("@127.0.0.1:").append(ports.get(id - 1)[1]);
        }
        for (int id = 1; id <= count; id++) {
            String name = count == 1 ? "broker" : "broker-" + id;
            int[] port = ports.get(id - 1);
            members.add(new Member(
                    id,
                    port[0],
                    process.apply(
                            name,
                            List.of(
                                    directory
                                            .resolve(count == 1 ? "kafka" : "kafka-" + id)
                                            .toString(),
                                    clusterId,
                                    Integer.toString(id),
                                    Integer.toString(port[0]),
                                    Integer.toString(port[1]),
                                    quorum.toString()))));
        }
    }

    /** A cluster size given as an option: 1 or 3. */
    public static int count(String option) {
        int count = Integer.parseInt(option);
        if (count != 1 && count != 3) {
            throw new IllegalArgumentException("--brokers must be 1 or 3, not " + option);
        }
        return count;
    }

    public String bootstrapServers() {
        return members.stream().map(member -> "127.0.0.1:" + member.port()).collect(Collectors.joining(","));
    }

    List<ManagedProcess> processes() {
        return members.stream().map(Member::process).toList();
    }

    /** Starts every node and waits until the cluster has them all. */
    void start(Duration timeout) {
        members.forEach(member -> member.process().start());
        awaitAll(timeout);
    }

    /** A clean stop ({@code SIGTERM}) of every node, as an operator or an orchestrator stops a cluster. */
    void stop(Duration grace) {
        members.forEach(member -> member.process().stop(grace));
    }

    /** Starts node {@code id} again and waits until the cluster has every node back. */
    void start(int id, Duration timeout) {
        members.get(id - 1).process().start();
        awaitAll(timeout);
    }

    /**
     * {@code kill -9} of the node that leads the most partitions of {@code topic}: no clean shutdown, no leadership
     * handed over first. Answers its id.
     */
    int killLeaderOf(String topic) {
        Map<Integer, Long> led;
        try (Admin admin = admin()) {
            led =
                    admin
                            .describeTopics(List.of(topic))
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .get(topic)
                            .partitions()
                            .stream()
                            .map(partition -> partition.leader())
                            .filter(leader -> leader != null)
                            .collect(Collectors.groupingBy(Node::id, Collectors.counting()));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not find the leaders of " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        int id = led.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElseThrow(() -> new IllegalStateException(topic + " has no leader"));
        members.get(id - 1).process().kill();
        return id;
    }

    /** How many records {@code topic} holds; 0 when it does not exist. */
    long recordsIn(String topic) {
        try (Admin admin = admin()) {
            Map<String, TopicDescription> described;
            try {
                described = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    return 0;
                }
                throw e;
            }
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            described.get(topic).partitions().forEach(p -> {
                earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            });
            long count = 0;
            var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            var starts = admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS);
            for (var entry : ends.entrySet()) {
                count += entry.getValue().offset() - starts.get(entry.getKey()).offset();
            }
            return count;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not count the records of " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while counting the records of " + topic, e);
        }
    }

    Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }

    private void awaitAll(Duration timeout) {
        Waits.until("the Kafka cluster on " + bootstrapServers(), timeout, () -> {
            try (Admin admin = admin()) {
                return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == members.size();
            } catch (ExecutionException | TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }
}
