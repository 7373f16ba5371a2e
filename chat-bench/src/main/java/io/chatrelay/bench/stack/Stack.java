package io.chatrelay.bench.stack;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.TopicNames;
import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.testkit.FreePorts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One run's processes, each on its own: KRaft brokers and {@code redis-server} nodes whose data outlive a restart, the
 * simulator, one gateway and the workers. Ports are picked once, so a restarted process comes back where the others
 * expect it. Logs go to files in the run directory.
 */
public final class Stack implements AutoCloseable {

    /** The company every chat of a run belongs to. */
    public static final String COMPANY = "bench";

    /** Generous: on a busy two-core machine a Spring Boot app has been seen to take more than three minutes. */
    private static final Duration STARTUP = Duration.ofMinutes(6);

    private static final Duration GRACE = Duration.ofSeconds(20);

    private final StackSettings settings;
    private final int gatewayPort = FreePorts.next();
    private final List<Integer> workerPorts = new ArrayList<>();
    private final Brokers brokers;
    private final RedisNodes redis;
    private final SimulatorProcess simulator;
    private final ManagedProcess gateway;
    private final List<ManagedProcess> workers = new ArrayList<>();

    private Stack(StackSettings settings) throws IOException {
        this.settings = settings;
        brokers = new Brokers(
                settings.brokers(),
                settings.runDirectory(),
                (name, arguments) -> java(name, App.BROKER, BrokerMain.class.getName(), List.of(), arguments));
        redis = new RedisNodes(settings.redisCluster(), settings.runDirectory(), this::log);
        simulator = new SimulatorProcess(
                settings.simulatorLatency(),
                settings.simulatorTokens(),
                (name, arguments) ->
                        java(name, App.SIMULATOR, "io.chatrelay.sim.OpenAiSimulator", List.of(), arguments));
        gateway = java(
                "gateway",
                App.GATEWAY,
                "io.chatrelay.gateway.GatewayApplication",
                settings.appJvmOptions(),
                List.of(
                        "--server.port=" + gatewayPort,
                        "--spring.main.banner-mode=off",
                        "--spring.kafka.bootstrap-servers=" + bootstrapServers(),
                        redis.springArgument(),
                        // The drills prove that nothing is lost, not how the gateway sheds load.
                        "--chatrelay.gateway.rate-limit.enabled=false"));
        for (int i = 1; i <= settings.workers(); i++) {
            int port = FreePorts.next();
            workerPorts.add(port);
            workers.add(java(
                    "worker-" + i,
                    App.WORKER,
                    "io.chatrelay.worker.WorkerApplication",
                    settings.appJvmOptions(),
                    List.of(
                            "--server.port=" + port,
                            "--spring.main.banner-mode=off",
                            "--spring.kafka.bootstrap-servers=" + bootstrapServers(),
                            redis.springArgument(),
                            "--chatrelay.worker.instance-id=worker-" + i,
                            "--chatrelay.worker.openai.base-url=" + simulator.url() + "/v1",
                            "--chatrelay.worker.openai.api-key=sk-bench",
                            "--chatrelay.worker.drain-timeout=5s")));
        }
    }

    /** Starts every process and waits until each answers; stops what started if one does not. */
    public static Stack start(StackSettings settings) throws IOException {
        Stack stack = new Stack(settings);
        try {
            stack.startRedis();
            stack.startBroker();
            stack.simulator.start(STARTUP);
            stack.seedCompany();
            stack.gateway.start();
            Waits.serving("gateway", stack.gatewayUrl(), STARTUP);
            for (int i = 1; i <= settings.workers(); i++) {
                stack.worker(i).start();
            }
            for (int i = 1; i <= settings.workers(); i++) {
                Waits.serving("worker-" + i, stack.workerUrl(i), STARTUP);
            }
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    public Path runDirectory() {
        return settings.runDirectory();
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    /** The run's simulator: its URL, latency and admin surface. */
    public SimulatorProcess simulator() {
        return simulator;
    }

    public String bootstrapServers() {
        return brokers.bootstrapServers();
    }

    /** The run's Redis: one node, or a cluster. */
    public RedisNodes redis() {
        return redis;
    }

    /** Every process of the run, in start order. */
    public List<ManagedProcess> processes() {
        List<ManagedProcess> all = new ArrayList<>(brokers.processes());
        all.addAll(redis.processes());
        all.addAll(List.of(simulator.process(), gateway));
        all.addAll(workers);
        return all;
    }

    public ManagedProcess worker(int number) {
        return workers.get(number - 1);
    }

    /** {@code kill -9} of one worker: no drain, no lease released, no offsets committed. */
    public void killWorker(int number) {
        worker(number).kill();
    }

    public void startWorker(int number) {
        worker(number).start();
        Waits.serving("worker-" + number, workerUrl(number), STARTUP);
    }

    /** Starts every Kafka broker and waits until the cluster has them all. */
    public void startBroker() {
        brokers.start(STARTUP);
    }

    /** A clean stop ({@code SIGTERM}) of every Kafka broker, as an operator or an orchestrator stops them. */
    public void stopBroker() {
        brokers.stop(Duration.ofSeconds(60));
    }

    /** {@code kill -9} of the Kafka broker that leads the most partitions of {@code chat.requests}; answers its id. */
    public int killRequestsLeader() {
        return brokers.killLeaderOf(new TopicNames("").requests());
    }

    /** Starts Kafka broker {@code id} again and waits until the cluster has it back. */
    public void startBroker(int id) {
        brokers.start(id, STARTUP);
    }

    /** Starts every Redis node that is not running, and forms the cluster the first time. */
    public void startRedis() {
        redis.start(STARTUP);
    }

    /** A clean stop ({@code SIGTERM}): Redis writes its append-only file and exits. */
    public void stopRedis() {
        redis.stop(GRACE);
    }

    /** {@code kill -9} of a master of the Redis Cluster; answers the node, to start it again with. */
    public int killRedisMaster() {
        return redis.killMaster();
    }

    /** Starts Redis node {@code index} again; a cluster node rejoins as a replica of whoever took its slots. */
    public void startRedis(int index) {
        redis.start(index, STARTUP);
    }

    /** How many records {@code chat.requests.DLT} holds. */
    public long deadLetterCount() {
        return brokers.recordsIn(new TopicNames("").deadLetters());
    }

    /** Stops the apps first, so that nothing writes to a broker or a Redis that is already gone. */
    @Override
    public void close() {
        workers.forEach(worker -> worker.stop(GRACE));
        gateway.stop(GRACE);
        simulator.stop(GRACE);
        brokers.stop(Duration.ofSeconds(60));
        redis.stop(GRACE);
    }

    private void seedCompany() {
        try (var client = redis.connect()) {
            client.commands()
                    .set(
                            new RedisKeys("chatrelay:").companyProfile(COMPANY),
                            ChatCodec.instance().toJson(AssistantProfile.responses("gpt-sim", null)));
        }
    }

    private String workerUrl(int number) {
        return "http://127.0.0.1:" + workerPorts.get(number - 1);
    }

    private ManagedProcess java(
            String name, App app, String mainClass, List<String> jvmOptions, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + settings.appHeapMb() + "m",
                "-XX:+ExitOnOutOfMemoryError"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", app.classpath(), mainClass));
        command.addAll(arguments);
        return new ManagedProcess(name, command, Map.of(), log(name));
    }

    private Path log(String name) {
        return settings.runDirectory().resolve(name + ".log");
    }
}
