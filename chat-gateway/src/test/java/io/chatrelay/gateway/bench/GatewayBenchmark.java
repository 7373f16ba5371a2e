package io.chatrelay.gateway.bench;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.gateway.GatewayApplication;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.testkit.TestNames;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Accepted {@code POST /v1/chats} per second and accept latency under a steady load from a fixed pool of clients, each
 * sending its next request as soon as the last one was answered; side by side, in the same run and the same gateway
 * JVM, the same load on a bare WebFlux endpoint that reads the body and answers 202 without doing anything (a route
 * this benchmark registers), and the ratio of the two, with the CPU time each answer costs this JVM and the Redis
 * server. Rounds alternate between the two endpoints so that noise of the shared machine falls on both; the medians of
 * the rounds are printed.
 *
 * <p>The Kafka broker, the gateway and the load clients share this JVM; Redis runs as its own process (see
 * {@code chat-testkit}). A 202 still means what it means in production: Kafka acknowledged the record (acks=all).
 * The rate limit stays on, with a bucket too large to refuse anything, so its Redis script is part of every accept.
 * Options: {@code --seconds N} per round (8), {@code --clients N} (16), {@code --rounds N} (5), {@code --warmup N}
 * seconds of load on each endpoint before the rounds (90).
 */
public final class GatewayBenchmark {

    private static final String BARE = "/bench/bare";
    private static final String COMPANY = "bench";
    private static final byte[] BODY = ("{\"companySlug\":\"" + COMPANY + "\",\"message\":\"Where is my order?\"}")
            .getBytes(StandardCharsets.UTF_8);

    private GatewayBenchmark() {}

    /**
     * One round at one endpoint.
     *
     * @param perSecond answers with the expected status per second
     * @param p50 median latency, ms
     * @param p99 99th percentile latency, ms
     * @param failed answers with another status, or errors
     * @param jvmCpuMillis CPU time of this whole JVM (broker, gateway, clients) per answer, ms
     * @param redisCpuMillis CPU time of the Redis server per answer, ms
     */
    record Round(double perSecond, double p50, double p99, long failed, double jvmCpuMillis, double redisCpuMillis) {}

    public static void main(String[] args) {
        int seconds = Machine.option(args, "--seconds", 8);
        int clients = Machine.option(args, "--clients", 16);
        int rounds = Machine.option(args, "--rounds", 5);
        int warmup = Machine.option(args, "--warmup", 90);
        System.out.printf("gateway benchmark: %s%n", Machine.facts());
        System.out.printf(
                "  %d clients, %d s warm-up, then %d rounds of %d s per endpoint; broker, gateway and clients in this"
                        + " JVM, Redis %s%n",
                clients, warmup, rounds, seconds, RealServices.redis().uri());

        TestNames names = TestNames.unique();
        RedisClient redisClient = RedisClient.create(RealServices.redis().uri());
        try (StatefulRedisConnection<String, String> connection = redisClient.connect();
                ConfigurableApplicationContext gateway = startGateway(names)) {
            RedisCommands<String, String> redis = connection.sync();
            redis.set(
                    names.redisKeys().companyProfile(COMPANY),
                    ChatCodec.instance().toJson(AssistantProfile.responses("gpt-4.1-mini", null)));
            int port = gateway.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            ConnectionProvider pool = ConnectionProvider.builder("bench")
                    .maxConnections(clients)
                    .pendingAcquireMaxCount(-1)
                    .build();
            HttpClient http = HttpClient.create(pool)
                    .baseUrl("http://localhost:" + port)
                    .headers(headers -> headers.set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE));

            // The JIT compiles both paths before anything counts; on two busy cores that takes a while.
            for (int warmUp = 0; warmUp < warmup / 5; warmUp++) {
                load(http, redis, BARE, clients, Duration.ofSeconds(5));
                load(http, redis, "/v1/chats", clients, Duration.ofSeconds(5));
            }

            Round[] bare = new Round[rounds];
            Round[] chats = new Round[rounds];
            for (int round = 0; round < rounds; round++) {
                bare[round] = load(http, redis, BARE, clients, Duration.ofSeconds(seconds));
                chats[round] = load(http, redis, "/v1/chats", clients, Duration.ofSeconds(seconds));
                System.out.printf(
                        "  round %d: bare %,.0f/s (p50 %.1f ms, p99 %.1f ms, CPU %.2f ms); POST /v1/chats %,.0f/s (p50"
                                + " %.1f ms, p99 %.1f ms, CPU %.2f ms)%s%n",
                        round + 1,
                        bare[round].perSecond(),
                        bare[round].p50(),
                        bare[round].p99(),
                        bare[round].jvmCpuMillis(),
                        chats[round].perSecond(),
                        chats[round].p50(),
                        chats[round].p99(),
                        chats[round].jvmCpuMillis(),
                        bare[round].failed() + chats[round].failed() > 0
                                ? "; failed: bare " + bare[round].failed() + ", chats " + chats[round].failed()
                                : "");
            }
            pool.dispose();

            double bareRate = median(bare, Round::perSecond);
            double chatRate = median(chats, Round::perSecond);
            double chatP99 = median(chats, Round::p99);
            System.out.printf(
                    "bare endpoint:  %,.0f answers/s, p50 %.1f ms, p99 %.1f ms; CPU per answer: this JVM %.2f ms, Redis"
                            + " %.3f ms (medians of %d rounds)%n",
                    bareRate,
                    median(bare, Round::p50),
                    median(bare, Round::p99),
                    median(bare, Round::jvmCpuMillis),
                    median(bare, Round::redisCpuMillis),
                    rounds);
            System.out.printf(
                    "POST /v1/chats: %,.0f accepted/s, p50 %.1f ms, p99 %.1f ms; CPU per answer: this JVM %.2f ms,"
                            + " Redis %.3f ms (medians of %d rounds)%n",
                    chatRate,
                    median(chats, Round::p50),
                    chatP99,
                    median(chats, Round::jvmCpuMillis),
                    median(chats, Round::redisCpuMillis),
                    rounds);
            System.out.printf(
                    "ratio %.2f (target >= 0.5: %s); accept p99 %.1f ms (target <= 20 ms: %s)%n",
                    chatRate / bareRate,
                    chatRate / bareRate >= 0.5 ? "met" : "not met",
                    chatP99,
                    chatP99 <= 20 ? "met" : "not met");
        } finally {
            redisClient.shutdown();
        }
        System.exit(0);
    }

    /** {@code clients} loops, each posting the body and waiting for the answer, until the time is up. */
    private static Round load(
            HttpClient http, RedisCommands<String, String> redis, String path, int clients, Duration duration) {
        Samples latencies = new Samples(2_000_000);
        AtomicLong failed = new AtomicLong();
        double redisCpuAtStart = redisCpuSeconds(redis);
        long jvmCpuAtStart = jvmCpuNanos();
        long started = System.nanoTime();
        long deadline = started + duration.toNanos();
        Flux.range(0, clients)
                .flatMap(
                        client -> Mono.defer(() -> {
                                    long sent = System.nanoTime();
                                    return http.post()
                                            .uri(path)
                                            .send(ByteBufFlux.fromInbound(Mono.just(BODY)))
                                            .responseSingle((response, body) -> body.then(
                                                    Mono.just(response.status().code())))
                                            .doOnNext(status -> {
                                                if (status == 202) {
                                                    latencies.add(System.nanoTime() - sent);
                                                } else {
                                                    failed.incrementAndGet();
                                                }
                                            })
                                            .onErrorResume(e -> {
                                                failed.incrementAndGet();
                                                return Mono.empty();
                                            });
                                })
                                .repeat(() -> System.nanoTime() < deadline),
                        clients)
                .blockLast();
        double elapsed = (System.nanoTime() - started) / 1e9;
        int answers = Math.max(1, latencies.count());
        return new Round(
                latencies.count() / elapsed,
                latencies.millis(0.50),
                latencies.millis(0.99),
                failed.get(),
                (jvmCpuNanos() - jvmCpuAtStart) / 1e6 / answers,
                (redisCpuSeconds(redis) - redisCpuAtStart) * 1000 / answers);
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** User and system CPU the Redis server used so far, from {@code INFO cpu}. */
    private static double redisCpuSeconds(RedisCommands<String, String> redis) {
        double seconds = 0;
        for (String line : redis.info("cpu").split("\\r?\\n")) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                seconds +=
                        Double.parseDouble(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return seconds;
    }

    private static ConfigurableApplicationContext startGateway(TestNames names) {
        return new SpringApplicationBuilder(GatewayApplication.class)
                .initializers(context -> ((GenericApplicationContext) context)
                        .registerBean("benchBareRoute", RouterFunction.class, GatewayBenchmark::bareRoute))
                .properties(Map.of(
                        "server.port", "0",
                        "spring.main.banner-mode", "off",
                        "logging.level.root", "WARN",
                        "spring.kafka.bootstrap-servers", RealServices.kafkaBootstrapServers(),
                        "spring.data.redis.url", RealServices.redis().uri(),
                        "chatrelay.naming.topic-prefix", names.topicPrefix(),
                        "chatrelay.naming.redis-prefix", names.redisPrefix(),
                        "chatrelay.gateway.rate-limit.burst", "100000000",
                        "chatrelay.gateway.rate-limit.per-second", "100000000"))
                .run();
    }

    /** Reads the body, as every endpoint must, and answers 202: the least a WebFlux endpoint can do. */
    private static RouterFunction<ServerResponse> bareRoute() {
        return RouterFunctions.route(
                RequestPredicates.POST(BARE),
                request -> request.bodyToMono(String.class)
                        .then(ServerResponse.accepted()
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue("{}")));
    }

    private static double median(Round[] rounds, ToDoubleFunction<Round> measure) {
        double[] values = new double[rounds.length];
        for (int i = 0; i < rounds.length; i++) {
            values[i] = measure.applyAsDouble(rounds[i]);
        }
        return Samples.median(values);
    }
}
