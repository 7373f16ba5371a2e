package io.chatrelay.worker.bench;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.ChatHeaders;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.TopicNames;
import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.common.wire.Engine;
import io.chatrelay.sim.OpenAiSimulator;
import io.chatrelay.sim.SimulatorSettings;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.testkit.TestNames;
import io.chatrelay.worker.WorkerApplication;
import io.chatrelay.worker.engine.ChatEngine;
import io.chatrelay.worker.engine.Outcome;
import io.chatrelay.worker.engine.Turn;
import io.lettuce.core.RedisClient;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One worker, one partition, distinct conversations, the simulator answering in 2 s: prints the throughput at
 * in-flight 10, 100 and 1,000 as a ratio of the ideal (in-flight ÷ latency), the same at 1,000 when 1 % of calls
 * take 20 s, the worker-added latency (completed minus queued, less the simulated time) and the heap. Broker,
 * Redis, simulator and worker share this JVM, so the heap figure is an upper bound for the worker. Last, the same at
 * 1,000 with an upstream that only sleeps, which shows what the window, Kafka, Redis and the events allow by
 * themselves.
 */
public final class WorkerBenchmark {

    private static final Duration LATENCY = Duration.ofSeconds(2);
    private static final List<String> PHASES = List.of("queued", "thread", "started", "completed");

    private WorkerBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        List<Integer> levels = args.length > 1
                ? Arrays.stream(args[1].split(",")).map(Integer::valueOf).toList()
                : List.of(10, 100, 1000);
        boolean withSlow = args.length <= 1;
        boolean sleeping = args.length > 2 && args[2].equals("sleeping");
        System.out.printf(
                "worker benchmark: %d cores, max heap %d MB, java %s, simulator latency %d ms%n",
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024),
                System.getProperty("java.version"),
                LATENCY.toMillis());
        String bootstrap = RealServices.kafkaBootstrapServers();
        String redisUri = RealServices.redis().uri();
        try (OpenAiSimulator simulator = OpenAiSimulator.start(
                SimulatorSettings.defaults().withLatency(LATENCY).withTokensPerReply(16))) {
            // The first thousand requests run while the JIT compiles the hot paths; they are not counted.
            run(bootstrap, redisUri, simulator, "warm-up", 100, 1000, 0);
            for (int inFlight : levels) {
                run(
                        bootstrap,
                        redisUri,
                        sleeping ? null : simulator,
                        sleeping ? "sleeping upstream, in-flight" : "in-flight",
                        inFlight,
                        inFlight * rounds,
                        0);
            }
            if (withSlow) {
                run(bootstrap, redisUri, simulator, "in-flight", 1000, 1000 * rounds * 2, 0.01);
                // The same window, Kafka, Redis and events, with an upstream that only sleeps: what the worker's own
                // machinery allows once the upstream client's CPU is out of the picture.
                run(bootstrap, redisUri, null, "sleeping upstream, in-flight", 1000, 1000 * rounds, 0);
                run(bootstrap, redisUri, null, "sleeping upstream, in-flight", 1000, 1000 * rounds * 2, 0.01);
            }
        }
        System.exit(0);
    }

    private static void run(
            String bootstrap,
            String redisUri,
            OpenAiSimulator simulator,
            String label,
            int inFlight,
            int count,
            double slowShare)
            throws Exception {
        TestNames names = TestNames.unique();
        TopicNames topics = names.topics();
        RedisKeys keys = names.redisKeys();
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(
                            new NewTopic(topics.requests(), 1, (short) 1), new NewTopic(topics.events(), 1, (short) 1)))
                    .all()
                    .get();
        }
        RedisClient redis = RedisClient.create(redisUri);
        try (var connection = redis.connect()) {
            connection
                    .sync()
                    .set(
                            keys.companyProfile("bench"),
                            ChatCodec.instance().toJson(AssistantProfile.responses("gpt-sim", null)));
        }
        redis.shutdown();

        Map<String, Object> properties = new HashMap<>(Map.of(
                "spring.kafka.bootstrap-servers", bootstrap,
                "spring.data.redis.url", redisUri,
                "spring.main.web-application-type", "none",
                "logging.level.root", "WARN",
                "chatrelay.naming.topic-prefix", names.topicPrefix(),
                "chatrelay.naming.redis-prefix", names.redisPrefix(),
                "chatrelay.worker.group-id", names.of("bench"),
                "chatrelay.worker.max-in-flight", Integer.toString(inFlight),
                "chatrelay.worker.resume-below", Integer.toString(Math.max(1, inFlight * 9 / 10))));
        // Without a simulator nothing may reach a real upstream: the sleeping engine replaces the responses engine.
        properties.put(
                "chatrelay.worker.openai.base-url", simulator != null ? simulator.baseUrl() : "http://127.0.0.1:9/v1");
        ConfigurableApplicationContext worker = new SpringApplicationBuilder(WorkerApplication.class)
                .properties(properties)
                .run();
        if (simulator == null) {
            @SuppressWarnings("unchecked")
            Map<Engine, ChatEngine> engines = worker.getBean("engines", Map.class);
            engines.put(Engine.RESPONSES, sleepingEngine());
        }
        try (KafkaConsumer<String, byte[]> events = eventsConsumer(bootstrap, topics.events());
                KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            Thread.sleep(2000); // Let the worker's consumer join its group before the clock starts.
            int slow = (int) Math.round(count * slowShare);
            long started = System.nanoTime();
            long cpuAtStart = processCpuNanos();
            for (int i = 0; i < count; i++) {
                boolean isSlow = slowShare > 0 && i % (count / Math.max(1, slow)) == 0 && i > 0;
                String message = "bench " + i + (isSlow ? " [sim:latency=20s]" : "");
                ChatRequest request = ChatRequest.of(
                        "req-" + UUID.randomUUID(), names.of("conv-" + i), "bench", message, Map.of(), Instant.now());
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                        topics.requests(),
                        request.conversationId(),
                        ChatCodec.instance().toBytes(request));
                record.headers().add(ChatHeaders.REQUEST_ID, request.requestId().getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
            producer.flush();
            Map<String, Map<String, Instant>> times = new HashMap<>();
            List<Long> added = new ArrayList<>();
            Map<String, List<Long>> phases = new LinkedHashMap<>();
            AtomicLong peakHeap = new AtomicLong();
            long completed = 0;
            long lastHeapSample = 0;
            long deadline = started + Duration.ofMinutes(10).toNanos();
            while (completed < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : events.poll(Duration.ofMillis(200))) {
                    String type = new String(
                            record.headers().lastHeader(ChatHeaders.EVENT_TYPE).value(), StandardCharsets.UTF_8);
                    if (!PHASES.contains(type)) {
                        continue;
                    }
                    ChatEvent event = ChatCodec.instance().readEvent(record.value());
                    Map<String, Instant> seen = times.computeIfAbsent(event.requestId(), id -> new HashMap<>());
                    seen.put(type, event.timestamp());
                    if (type.equals("completed")) {
                        completed++;
                        if (seen.keySet().containsAll(PHASES)) {
                            long took = Duration.between(seen.get("queued"), seen.get("completed"))
                                    .toMillis();
                            if (took < 10_000) {
                                added.add(took - LATENCY.toMillis());
                                for (int p = 1; p < PHASES.size(); p++) {
                                    String from = PHASES.get(p - 1);
                                    String to = PHASES.get(p);
                                    phases.computeIfAbsent(from + "→" + to, k -> new ArrayList<>())
                                            .add(Duration.between(seen.get(from), seen.get(to))
                                                    .toMillis());
                                }
                            }
                        }
                        times.remove(event.requestId());
                    }
                }
                if (System.nanoTime() - lastHeapSample > 10_000_000_000L) {
                    lastHeapSample = System.nanoTime();
                    peakHeap.accumulateAndGet(usedHeapAfterGc(), Math::max);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double cpuMillisPerRequest = (processCpuNanos() - cpuAtStart) / 1e6 / Math.max(1, completed);
            double meanLatency = LATENCY.toMillis() / 1000.0 * (1 - slowShare) + 20.0 * slowShare;
            double ideal = inFlight / meanLatency;
            double rate = completed / seconds;
            Collections.sort(added);
            System.out.printf(
                    "%s %4d%s: %d/%d completed in %.1f s = %.1f/s, ideal %.1f/s, ratio %.2f; added latency p50 %d ms, p99 %d ms; heap after GC (whole JVM) up to %d MB; CPU per request (whole JVM) %.1f ms%n",
                    label,
                    inFlight,
                    slowShare > 0 ? " (1% at 20 s)" : "",
                    completed,
                    count,
                    seconds,
                    rate,
                    ideal,
                    rate / ideal,
                    percentile(added, 0.50),
                    percentile(added, 0.99),
                    peakHeap.get() / (1024 * 1024),
                    cpuMillisPerRequest);
            phases.forEach((phase, millis) -> {
                Collections.sort(millis);
                System.out.printf(
                        "    %s p50 %d ms, p99 %d ms%n", phase, percentile(millis, 0.50), percentile(millis, 0.99));
            });
        } finally {
            worker.close();
        }
    }

    /** An engine that answers 16 words over the latency and calls nothing. */
    private static ChatEngine sleepingEngine() {
        return new ChatEngine() {
            @Override
            public Engine kind() {
                return Engine.RESPONSES;
            }

            @Override
            public Outcome run(Turn turn) {
                String id = turn.request().requestId();
                Duration latency =
                        turn.request().message().contains("[sim:latency=20s]") ? Duration.ofSeconds(20) : LATENCY;
                turn.progress().threadBound("conv_" + id, false);
                turn.progress().creating();
                turn.progress().started("resp_" + id);
                StringBuilder text = new StringBuilder();
                for (int word = 0; word < 16; word++) {
                    ChatEngine.pause(latency.dividedBy(16));
                    text.append("word ");
                    turn.progress().textSoFar(text.toString());
                }
                return new Outcome.Completed("resp_" + id, text.toString(), null);
            }
        };
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static KafkaConsumer<String, byte[]> eventsConsumer(String bootstrap, String topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class));
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
    }
}
