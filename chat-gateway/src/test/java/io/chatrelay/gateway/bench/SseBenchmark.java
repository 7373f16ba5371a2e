package io.chatrelay.gateway.bench;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.ChatHeaders;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.naming.TopicNames;
import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.testkit.TestNames;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;

/**
 * Many concurrent SSE subscribers on one gateway, each following its own request: prints how many it held, the
 * delivery latency of events (from the moment they are handed to the Kafka producer, after their history entry, as a
 * worker does, to the moment the subscriber reads them) at a steady publish rate, and the gateway's heap after a full
 * GC with every subscriber connected, idle and after the traffic.
 *
 * <p>The gateway runs alone in a JVM of its own ({@link GatewayProcess}), so that its heap and its file descriptors
 * (one per connection) are its own; the broker, the publisher and the subscribers share this JVM, and Redis runs as its
 * own process. Options: {@code --subscribers N} (10000), {@code --rate N} events per second (1000), {@code --seconds N}
 * of measured publishing (30) after {@code --warmup N} seconds at the same rate (10), {@code --gateway-heap-mb N}
 * (2048), {@code --gateway-gc g1|zgc} (g1).
 */
public final class SseBenchmark {

    private static final String COMPANY = "bench";

    private SseBenchmark() {}

    public static void main(String[] args) throws Exception {
        int wanted = Machine.option(args, "--subscribers", 10_000);
        int rate = Machine.option(args, "--rate", 1_000);
        int seconds = Machine.option(args, "--seconds", 30);
        int warmup = Machine.option(args, "--warmup", 10);
        int gatewayHeapMb = Machine.option(args, "--gateway-heap-mb", 2048);
        String gatewayGc = Machine.option(args, "--gateway-gc", "g1");
        System.out.printf("sse benchmark: %s%n", Machine.facts());
        System.out.printf(
                "  gateway in its own JVM; broker, publisher and subscribers in this one; Redis %s; open files limit"
                        + " %s%n",
                RealServices.redis().uri(), openFilesLimit());
        System.out.printf(
                "  %,d subscribers, each to its own request id; %,d events/s for %d s, round-robin over the requests%n",
                wanted, rate, seconds);

        TestNames names = TestNames.unique();
        RedisClient redisClient = RedisClient.create(RealServices.redis().uri());
        try (StatefulRedisConnection<String, String> redis = redisClient.connect();
                KafkaProducer<String, byte[]> producer = producer();
                GatewayHandle gateway = GatewayHandle.start(names, gatewayHeapMb, gatewayGc)) {
            redis.sync()
                    .set(
                            names.redisKeys().companyProfile(COMPANY),
                            ChatCodec.instance().toJson(AssistantProfile.responses("gpt-4.1-mini", null)));
            ConnectionProvider connections = ConnectionProvider.newConnection();
            HttpClient http = HttpClient.create(connections).baseUrl("http://localhost:" + gateway.port());

            List<SseSubscriber> requests = accept(http, wanted);
            System.out.printf("  %,d requests accepted through POST /v1/chats%n", requests.size());

            Samples latencies = new Samples(rate * seconds + 1);
            Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
            long openStarted = System.nanoTime();
            Semaphore opening = new Semaphore(256);
            for (SseSubscriber subscriber : requests) {
                opening.acquire();
                subscriber.open(http, latencies, refusals, opening::release);
            }
            await(() -> requests.stream().allMatch(SseSubscriber::settled), Duration.ofMinutes(2));
            List<SseSubscriber> held =
                    requests.stream().filter(SseSubscriber::connected).toList();
            System.out.printf(
                    "held %,d of %,d subscribers (connected in %.1f s)%s%n",
                    held.size(),
                    wanted,
                    (System.nanoTime() - openStarted) / 1e9,
                    refusals.isEmpty() ? "" : "; the others failed with " + refusals);
            long idleHeap = gateway.heapAfterGc();
            System.out.printf(
                    "gateway heap after GC, %,d subscribers idle: %d MB%n", held.size(), idleHeap / (1024 * 1024));

            Publisher publisher = new Publisher(redis, producer, names.topics(), names.redisKeys());
            held.forEach(subscriber -> subscriber.expect((int) ((long) rate * (warmup + seconds) / held.size() + 1)));
            // Both JVMs compile the relay path and the broker settles before anything counts.
            publisher.steady(held, rate, warmup, false);
            long published = publisher.steady(held, rate, seconds, true);
            await(() -> latencies.count() >= published, Duration.ofSeconds(30));
            long tooSlow = held.stream().filter(SseSubscriber::toldTooSlow).count();
            long outOfOrder = held.stream().mapToLong(SseSubscriber::outOfOrder).sum();
            System.out.printf(
                    "delivered %,d of %,d events (%d out of order or repeated, %d subscribers told too_slow)%n",
                    latencies.count(), published, outOfOrder, tooSlow);
            double p50 = latencies.millis(0.50);
            double p99 = latencies.millis(0.99);
            System.out.printf(
                    "delivery latency publish -> subscriber: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    p50, p99, latencies.millis(1.0));
            long busyHeap = gateway.heapAfterGc();
            System.out.printf(
                    "gateway heap after GC, %,d subscribers after the traffic: %d MB%n",
                    held.size(), busyHeap / (1024 * 1024));

            long closingStarted = System.nanoTime();
            for (SseSubscriber subscriber : held) {
                publisher.emit(subscriber, subscriber.completed(), false);
            }
            producer.flush();
            await(() -> held.stream().allMatch(SseSubscriber::closed), Duration.ofMinutes(1));
            System.out.printf(
                    "closing: %,d of %,d streams ended after their completed event (%.1f s)%n",
                    held.stream().filter(SseSubscriber::closed).count(),
                    held.size(),
                    (System.nanoTime() - closingStarted) / 1e9);

            long heap = Math.max(idleHeap, busyHeap);
            System.out.printf(
                    "%,d subscribers held (target 10,000: %s); delivery p99 %.1f ms (target <= 100 ms: %s);"
                            + " gateway heap after GC %d MB (target <= 1 GB: %s)%n",
                    held.size(),
                    held.size() >= 10_000 ? "met" : "not met",
                    p99,
                    p99 <= 100 ? "met" : "not met",
                    heap / (1024 * 1024),
                    heap <= 1024L * 1024 * 1024 ? "met" : "not met");
            connections.dispose();
        } finally {
            redisClient.shutdown();
        }
        System.exit(0);
    }

    /** Posts {@code count} chats, 64 at a time, and returns a subscriber for each accepted request. */
    private static List<SseSubscriber> accept(HttpClient http, int count) {
        byte[] body = ("{\"companySlug\":\"" + COMPANY + "\",\"message\":\"Where is my order?\"}")
                .getBytes(StandardCharsets.UTF_8);
        return Flux.range(0, count)
                .flatMap(
                        i -> http.headers(headers ->
                                        headers.set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE))
                                .post()
                                .uri("/v1/chats")
                                .send(ByteBufFlux.fromInbound(Mono.just(body)))
                                .responseSingle((response, content) -> content.asString())
                                .map(json -> {
                                    JsonNode accepted =
                                            ChatCodec.instance().mapper().readTree(json);
                                    return new SseSubscriber(
                                            accepted.get("requestId").stringValue(),
                                            accepted.get("conversationId").stringValue());
                                }),
                        64)
                .collectList()
                .block();
    }

    /** Plays the workers: appends each event to its request's history, then publishes it to {@code chat.events}. */
    private record Publisher(
            StatefulRedisConnection<String, String> redis,
            KafkaProducer<String, byte[]> producer,
            TopicNames topics,
            RedisKeys keys) {

        /**
         * Publishes {@code rate} deltas a second for {@code seconds}, round-robin over the subscribers, and says how
         * many; only {@code timed} ones count for the latency.
         */
        long steady(List<SseSubscriber> subscribers, int rate, int seconds, boolean timed) {
            long total = (long) rate * seconds;
            long started = System.nanoTime();
            long intervalNanos = 1_000_000_000L / rate;
            for (long i = 0; i < total; i++) {
                long wait = started + i * intervalNanos - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                SseSubscriber subscriber = subscribers.get((int) (i % subscribers.size()));
                emit(subscriber, subscriber.nextDelta(), timed);
            }
            producer.flush();
            double elapsed = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    "  %s: published %,d events in %.1f s (%,.0f/s)%n",
                    timed ? "measured" : "warm-up, not measured", total, elapsed, total / elapsed);
            return total;
        }

        /**
         * Appends the event to the request's history, then hands it to the producer, as a worker does. Redis answers a
         * connection's commands in order, so the events of one request reach Kafka in seq order.
         */
        void emit(SseSubscriber subscriber, ChatEvent event, boolean timed) {
            byte[] json = ChatCodec.instance().toBytes(event);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.events(), event.conversationId(), json);
            record.headers().add(ChatHeaders.REQUEST_ID, event.requestId().getBytes(StandardCharsets.UTF_8));
            record.headers().add(ChatHeaders.EVENT_TYPE, event.type().wireName().getBytes(StandardCharsets.UTF_8));
            record.headers().add(ChatHeaders.SEQ, Long.toString(event.seq()).getBytes(StandardCharsets.UTF_8));
            redis.async()
                    .xadd(
                            keys.eventHistory(event.requestId()),
                            RequestStateFields.HISTORY_SEQ,
                            Long.toString(event.seq()),
                            RequestStateFields.HISTORY_TYPE,
                            event.type().wireName(),
                            RequestStateFields.HISTORY_EVENT,
                            new String(json, StandardCharsets.UTF_8))
                    .thenRun(() -> {
                        if (timed) {
                            subscriber.publishing(event.seq());
                        }
                        producer.send(record);
                    });
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        RealServices.kafkaBootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        1),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    private static void await(BooleanSupplier condition, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private static String openFilesLimit() {
        try {
            return Files.readAllLines(Path.of("/proc/self/limits")).stream()
                    .filter(line -> line.startsWith("Max open files"))
                    .map(line -> line.replaceAll("\\s+", " ").replace("Max open files ", ""))
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
