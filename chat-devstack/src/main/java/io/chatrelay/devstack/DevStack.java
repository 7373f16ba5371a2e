package io.chatrelay.devstack;

import io.chatrelay.gateway.GatewayApplication;
import io.chatrelay.gateway.auth.ApiKeys;
import io.chatrelay.sim.OpenAiSimulator;
import io.chatrelay.sim.SimulatorSettings;
import io.chatrelay.testkit.KafkaBroker;
import io.chatrelay.testkit.RedisLocator;
import io.chatrelay.testkit.RedisServerHandle;
import io.chatrelay.worker.WorkerApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole system in one process: a KRaft broker, Redis (started here unless {@code REDIS_URL} points at one), the
 * simulator (unless a real upstream is configured), the gateway with authentication on, and two workers in one
 * consumer group. A demo company with a responses-engine profile and an API key is seeded. {@link #close()} stops
 * everything in reverse order, workers first so that they hand their requests back while the broker is still up.
 */
public final class DevStack implements AutoCloseable {

    /** The seeded company. */
    public static final String DEMO_COMPANY = "demo";

    static final int WORKERS = 2;
    static final String DEMO_MODEL = "gpt-4.1-mini";

    private final DevStackSettings settings;
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final List<ConfigurableApplicationContext> workers = new ArrayList<>();
    private String kafka;
    private String redisUri;
    private OpenAiSimulator simulator;
    private ConfigurableApplicationContext gateway;

    private DevStack(DevStackSettings settings) {
        this.settings = settings;
    }

    /** Starts everything, or stops what had started and throws. */
    public static DevStack start(DevStackSettings settings) {
        ensurePortFree(settings.port());
        DevStack stack = new DevStack(settings);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        KafkaBroker broker = KafkaBroker.start();
        running.push(broker::stop);
        kafka = broker.bootstrapServers();

        if (settings.redisUrl() == null) {
            RedisServerHandle redis =
                    new RedisLocator(Map.of("PATH", System.getenv().getOrDefault("PATH", ""))).start();
            running.push(redis::stop);
            redisUri = redis.uri();
        } else {
            redisUri = settings.redisUrl();
        }

        String upstreamUrl;
        String upstreamKey;
        if (settings.externalUpstream()) {
            upstreamUrl = settings.upstreamBaseUrl();
            upstreamKey = settings.openAiApiKey() == null ? "" : settings.openAiApiKey();
        } else {
            simulator = OpenAiSimulator.start(SimulatorSettings.defaults()
                    .withLatency(settings.simLatency())
                    .withTokensPerReply(60));
            running.push(simulator);
            upstreamUrl = simulator.baseUrl();
            upstreamKey = "sk-devstack";
        }

        gateway = app(
                GatewayApplication.class,
                Map.of(
                        "server.port", settings.port(),
                        "chatrelay.gateway.auth.enabled", true,
                        "chatrelay.gateway.auth.admin-token", settings.adminToken(),
                        "chatrelay.gateway.auth.stream-token-secret", DevStackSettings.randomToken()));
        for (int i = 1; i <= WORKERS; i++) {
            workers.add(app(
                    WorkerApplication.class,
                    Map.of(
                            "server.port",
                            0,
                            "spring.application.name",
                            "chat-worker-" + i,
                            "chatrelay.worker.instance-id",
                            "worker-" + i,
                            // Ctrl-C should not wait long; an unfinished request is handed back and resumed next time.
                            "chatrelay.worker.drain-timeout",
                            "5s",
                            "chatrelay.worker.openai.base-url",
                            upstreamUrl,
                            "chatrelay.worker.openai.api-key",
                            upstreamKey)));
        }
        seedDemoCompany();
    }

    private ConfigurableApplicationContext app(Class<?> application, Map<String, Object> own) {
        Map<String, Object> properties = new HashMap<>(own);
        properties.put("spring.kafka.bootstrap-servers", kafka);
        properties.put("spring.data.redis.url", redisUri);
        properties.put("spring.main.banner-mode", "off");
        // Logging is one per JVM: the first app's name would label every app's lines.
        properties.put("logging.include-application-name", false);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .properties(properties)
                // This class stops the apps, in order, before the broker and Redis.
                .registerShutdownHook(false)
                .run();
        running.push(context);
        return context;
    }

    /** The demo company's profile through the admin API, its key straight into the gateway's key store. */
    private void seedDemoCompany() {
        String profile = """
                {"engine":"responses","model":"%s","instructions":"You are the Chat Relay demo assistant. Answer briefly."}
                """.formatted(DEMO_MODEL);
        HttpRequest put = HttpRequest.newBuilder(URI.create(gatewayUrl() + "/admin/companies/" + DEMO_COMPANY))
                .header("Authorization", "Bearer " + settings.adminToken())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(profile))
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = http.send(put, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 != 2) {
                throw new IllegalStateException(
                        "seeding the demo company failed: " + answer.statusCode() + " " + answer.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("seeding the demo company failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while seeding the demo company", e);
        }
        gateway.getBean(ApiKeys.class)
                .register(DEMO_COMPANY, settings.demoKey())
                .blockOptional(Duration.ofSeconds(10))
                .orElseThrow(() -> new IllegalStateException("the demo company has no profile; its key was refused"));
    }

    private static void ensurePortFree(int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            throw new PortTakenException(port);
        }
    }

    public String gatewayUrl() {
        return "http://localhost:" + gateway.getEnvironment().getProperty("local.server.port");
    }

    public List<String> workerUrls() {
        return workers.stream()
                .map(worker -> "http://localhost:" + worker.getEnvironment().getProperty("local.server.port"))
                .toList();
    }

    public String kafkaBootstrapServers() {
        return kafka;
    }

    /** The simulator, when the workers call it rather than a real upstream. */
    public Optional<OpenAiSimulator> simulator() {
        return Optional.ofNullable(simulator);
    }

    public DevStackSettings settings() {
        return settings;
    }

    /** Stops the workers, the gateway, the simulator, the broker and Redis, in that order. */
    @Override
    public void close() {
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                System.err.println("[chatrelay] while stopping: " + e);
            }
        }
    }

    /** The gateway's port is in use: said before anything starts. */
    public static final class PortTakenException extends IllegalStateException {
        PortTakenException(int port) {
            super("port " + port + " is already in use; choose another with --port N or CHATRELAY_PORT=N");
        }
    }

    /** {@code bin/chatrelay up}: starts the stack, prints where everything is, and stops it all on Ctrl-C. */
    public static void main(String[] args) throws InterruptedException {
        DevStack stack;
        try {
            stack = start(DevStackSettings.parse(args, System.getenv()));
        } catch (IllegalArgumentException e) {
            System.err.println("chatrelay up: " + e.getMessage());
            System.exit(2);
            return;
        } catch (PortTakenException e) {
            System.err.println("chatrelay up: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            System.out.println("\n[chatrelay] stopping ...");
            stack.close();
            stopped.countDown();
        }));
        System.out.println(Banner.of(stack));
        stopped.await();
    }
}
