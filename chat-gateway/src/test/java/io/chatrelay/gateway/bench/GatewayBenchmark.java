package io.chatrelay.gateway.bench;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.gateway.GatewayApplication;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.testkit.TestNames;
import io.lettuce.core.RedisClient;
import io.netty.handler.codec.http.HttpHeaderNames;
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
 * this benchmark registers), and the ratio of the two. Rounds alternate between the two endpoints so that noise of
 * the shared machine falls on both; the medians of the rounds are printed.
 *
 * <p>The Kafka broker, the gateway and the load clients share this JVM; Redis runs as its own process (see
 * {@code chat-testkit}). A 202 still means what it means in production: Kafka acknowledged the record (acks=all).
 * The rate limit stays on, with a bucket too large to refuse anything, so its Redis script is part of every accept.
 * Options: {@code --seconds N} per round (10), {@code --clients N} (16), {@code --rounds N} (5).
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
     */
    record Round(double perSecond, double p50, double p99, long failed) {}

    public static void main(String[] args) {
        int seconds = Machine.option(args, "--seconds", 10);
        int clients = Machine.option(args, "--clients", 16);
        int rounds = Machine.option(args, "--rounds", 5);
        System.out.printf("gateway benchmark: %s%n", Machine.facts());
        System.out.printf(
                "  %d clients, %d rounds of %d s per endpoint; broker, gateway and clients in this JVM, Redis %s%n",
                clients, rounds, seconds, RealServices.redis().uri());

        TestNames names = TestNames.unique();
        registerCompany(names);
        try (ConfigurableApplicationContext gateway = startGateway(names)) {
            int port = gateway.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            ConnectionProvider pool = ConnectionProvider.builder("bench")
                    .maxConnections(clients)
                    .pendingAcquireMaxCount(-1)
                    .build();
            HttpClient http = HttpClient.create(pool)
                    .baseUrl("http://localhost:" + port)
                    .headers(headers -> headers.set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE));

            // The JIT compiles both paths before anything counts; on two busy cores that takes a while.
            for (int warmUp = 0; warmUp < 3; warmUp++) {
                load(http, BARE, 202, clients, Duration.ofSeconds(5));
                load(http, "/v1/chats", 202, clients, Duration.ofSeconds(5));
            }

            Round[] bare = new Round[rounds];
            Round[] chats = new Round[rounds];
            for (int round = 0; round < rounds; round++) {
                bare[round] = load(http, BARE, 202, clients, Duration.ofSeconds(seconds));
                chats[round] = load(http, "/v1/chats", 202, clients, Duration.ofSeconds(seconds));
                System.out.printf(
                        "  round %d: bare %,.0f/s (p50 %.1f ms, p99 %.1f ms); POST /v1/chats %,.0f/s (p50 %.1f ms,"
                                + " p99 %.1f ms)%s%n",
                        round + 1,
                        bare[round].perSecond(),
                        bare[round].p50(),
                        bare[round].p99(),
                        chats[round].perSecond(),
                        chats[round].p50(),
                        chats[round].p99(),
                        bare[round].failed() + chats[round].failed() > 0
                                ? "; failed: bare " + bare[round].failed() + ", chats " + chats[round].failed()
                                : "");
            }
            pool.dispose();

            double bareRate = median(bare, Round::perSecond);
            double chatRate = median(chats, Round::perSecond);
            double chatP99 = median(chats, Round::p99);
            System.out.printf(
                    "bare endpoint:  %,.0f answers/s, p50 %.1f ms, p99 %.1f ms (medians of %d rounds)%n",
                    bareRate, median(bare, Round::p50), median(bare, Round::p99), rounds);
            System.out.printf(
                    "POST /v1/chats: %,.0f accepted/s, p50 %.1f ms, p99 %.1f ms (medians of %d rounds)%n",
                    chatRate, median(chats, Round::p50), chatP99, rounds);
            System.out.printf(
                    "ratio %.2f (target >= 0.5: %s); accept p99 %.1f ms (target <= 50 ms: %s)%n",
                    chatRate / bareRate,
                    chatRate / bareRate >= 0.5 ? "met" : "not met",
                    chatP99,
                    chatP99 <= 50 ? "met" : "not met");
        }
        System.exit(0);
    }

    /** {@code clients} loops, each posting the body and waiting for the answer, until the time is up. */
    private static Round load(HttpClient http, String path, int expected, int clients, Duration duration) {
        Samples latencies = new Samples(2_000_000);
        AtomicLong failed = new AtomicLong();
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
                                                if (status == expected) {
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
        return new Round(latencies.count() / elapsed, latencies.millis(0.50), latencies.millis(0.99), failed.get());
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

    private static void registerCompany(TestNames names) {
        RedisClient redis = RedisClient.create(RealServices.redis().uri());
        try (var connection = redis.connect()) {
            connection
                    .sync()
                    .set(
                            names.redisKeys().companyProfile(COMPANY),
                            ChatCodec.instance().toJson(AssistantProfile.responses("gpt-4.1-mini", null)));
        }
        redis.shutdown();
    }

    private static double median(Round[] rounds, ToDoubleFunction<Round> measure) {
        double[] values = new double[rounds.length];
        for (int i = 0; i < rounds.length; i++) {
            values[i] = measure.applyAsDouble(rounds[i]);
        }
        return Samples.median(values);
    }
}
