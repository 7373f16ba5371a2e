package io.chatrelay.sim;

import com.sun.net.httpserver.HttpServer;
import io.chatrelay.sim.assistants.AssistantsApi;
import io.chatrelay.sim.faults.Faults;
import io.chatrelay.sim.http.ApiError;
import io.chatrelay.sim.http.Exchange;
import io.chatrelay.sim.responses.ConversationsApi;
import io.chatrelay.sim.responses.ResponsesApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible server over real HTTP: Responses, Conversations and Assistants v2, with deterministic
 * replies, OpenAI's timing and faults on demand. Embeds in a test on a free port, or runs on its own.
 *
 * <p>Every call is served on its own virtual thread, so thousands of open streams cost little.
 */
public final class OpenAiSimulator implements AutoCloseable {

    /**
     * With more than this many keep-alive connections idle (200 by default), the JDK's server closes a connection as
     * soon as its exchange ends; a client that takes that connection from its pool at the same moment reads an empty
     * answer. An upstream under thousands of concurrent calls keeps its connections, and so does the simulator.
     */
    static final String MAX_IDLE_CONNECTIONS = "sun.net.httpserver.maxIdleConnections";

    /**
     * Seconds a keep-alive connection may stay idle (30 by default). A loaded server gets to a call that arrived on an
     * idle connection late, and its idle timer may close the connection first: a client keeping connections 20 s saw
     * that once the server lagged 10 s. Upstreams keep idle connections for minutes.
     */
    static final String IDLE_INTERVAL = "sun.net.httpserver.idleInterval";

    static {
        // Read once, when the JDK's server is first used in the process; a value given on the command line wins.
        if (System.getProperty(MAX_IDLE_CONNECTIONS) == null) {
            System.setProperty(MAX_IDLE_CONNECTIONS, "100000");
        }
        if (System.getProperty(IDLE_INTERVAL) == null) {
            System.setProperty(IDLE_INTERVAL, "300");
        }
    }

    private final SimContext context;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ConversationsApi conversations = new ConversationsApi();
    private final ResponsesApi responses;
    private final AssistantsApi assistants;
    private final RecentCalls recent = new RecentCalls();

    private OpenAiSimulator(SimulatorSettings settings) throws IOException {
        this.context = new SimContext(settings);
        this.responses = new ResponsesApi(context, conversations);
        this.assistants = new AssistantsApi(context);
        this.server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 8192);
        server.setExecutor(executor);
        server.createContext("/", http -> serve(new Exchange(http)));
        server.start();
        context.settings(settings.withPort(server.getAddress().getPort()));
    }

    /** Starts a simulator; port 0 picks a free one. */
    public static OpenAiSimulator start(SimulatorSettings settings) {
        try {
            return new OpenAiSimulator(settings);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not start the simulator on " + settings.host() + ":" + settings.port(), e);
        }
    }

    /** The base URL for an OpenAI client, e.g. {@code http://127.0.0.1:8090/v1}. */
    public String baseUrl() {
        return "http://" + context.settings().host() + ":" + port() + "/v1";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public SimulatorSettings settings() {
        return context.settings();
    }

    /** Changes timing (latency, reply length) at run time; host and port stay. */
    public void settings(SimulatorSettings settings) {
        context.settings(settings.withHost(context.settings().host()).withPort(port()));
    }

    /** Sets the global faults. */
    public void faults(FaultSettings faults) {
        context.faults().settings(faults);
    }

    public FaultSettings faults() {
        return context.faults().settings();
    }

    public Counters counters() {
        return context.counters();
    }

    /** How long each recent response took, as the simulator measured it. */
    public ResponseTimings timings() {
        return context.timings();
    }

    /** Forgets every object, counter, timing, directive attempt and fault. */
    public void reset() {
        context.faults().reset();
        context.counters().reset();
        context.timings().clear();
        conversations.reset();
        responses.reset();
        assistants.reset();
        recent.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void serve(Exchange exchange) {
        try {
            List<String> segments = exchange.segments();
            if (!segments.isEmpty() && segments.getFirst().equals("sim")) {
                SimAdmin.handle(exchange, segments, this, recent);
                return;
            }
            if (segments.isEmpty() || !segments.getFirst().equals("v1") || segments.size() < 2) {
                throw ApiError.notFound("Invalid URL (" + exchange.method() + " " + exchange.path() + ")")
                        .toException();
            }
            authenticate(exchange);
            if (injectGlobalFault(exchange)) {
                return;
            }
            List<String> path = segments.subList(1, segments.size());
            switch (path.getFirst()) {
                case "responses" -> responses.handle(exchange, path);
                case "conversations" -> conversations.handle(exchange, path);
                case "assistants", "threads" -> assistants.handle(exchange, path);
                default ->
                    throw ApiError.notFound("Invalid URL (" + exchange.method() + " " + exchange.path() + ")")
                            .toException();
            }
        } catch (ApiError.Failure failure) {
            exchange.error(failure.error());
        } catch (RuntimeException e) {
            exchange.error(Faults.serverError(500));
        } finally {
            recent.add(exchange.method(), exchange.path(), exchange.status(), exchange.requestId());
        }
    }

    private void authenticate(Exchange exchange) {
        String authorization = exchange.header("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() <= 7) {
            throw SimContext.unauthorized(
                            "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                            null)
                    .toException();
        }
        String required = context.settings().apiKey();
        String given = authorization.substring(7);
        if (required != null && !required.equals(given)) {
            String masked =
                    given.length() <= 8 ? "****" : given.substring(0, 3) + "****" + given.substring(given.length() - 4);
            throw SimContext.unauthorized("Incorrect API key provided: " + masked + ".", "invalid_api_key")
                    .toException();
        }
    }

    private boolean injectGlobalFault(Exchange exchange) {
        var outcome = context.faults().global();
        outcome.ifPresent(o -> SimContext.answer(exchange, o));
        return outcome.isPresent();
    }

    /** Runs the simulator on its own: {@code --port N} (default 8090), {@code --latency-ms N}, {@code --api-key K}. */
    public static void main(String[] args) throws InterruptedException {
        SimulatorSettings settings = SimulatorSettings.defaults().withPort(8090);
        for (int i = 0; i + 1 < args.length; i += 2) {
            settings = switch (args[i]) {
                case "--port" -> settings.withPort(Integer.parseInt(args[i + 1]));
                case "--host" -> settings.withHost(args[i + 1]);
                case "--latency-ms" -> settings.withLatency(java.time.Duration.ofMillis(Long.parseLong(args[i + 1])));
                case "--tokens" -> settings.withTokensPerReply(Integer.parseInt(args[i + 1]));
                case "--api-key" -> settings.withApiKey(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            };
        }
        OpenAiSimulator simulator = start(settings);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(simulator::close));
        System.out.println("OpenAI simulator listening; base URL " + simulator.baseUrl() + " (admin: http://"
                + settings.host() + ":" + simulator.port() + "/sim/counters)");
        Thread.currentThread().join();
    }
}
