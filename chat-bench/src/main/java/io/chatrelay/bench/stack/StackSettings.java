package io.chatrelay.bench.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a run's processes are set up.
 *
 * @param runDirectory where logs and the broker's and Redis's data go
 * @param workers how many worker processes
 * @param simulatorLatency how long the simulator takes per answer
 * @param simulatorTokens how many tokens (deltas) the simulator streams per answer
 * @param appHeapMb the heap limit of the gateway, each worker, the simulator and each broker
 * @param brokers how many Kafka brokers: 1, or 3 that replicate every topic
 * @param redisCluster a Redis Cluster of three masters with a replica each, else one {@code redis-server}
 * @param appJvmOptions further JVM options of the gateway and the workers (garbage collector, compiler), to compare
 */
public record StackSettings(
        Path runDirectory,
        int workers,
        Duration simulatorLatency,
        int simulatorTokens,
        int appHeapMb,
        int brokers,
        boolean redisCluster,
        List<String> appJvmOptions) {}
