package io.chatrelay.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The load client against a stand-in gateway that accepts every chat and completes it over SSE shortly after: every
 * other chat continues a conversation, a conversation never has two turns in flight, and each completed chat carries
 * the run id of its {@code completed} event.
 */
class LoadClientTests {

    private static final Pattern CONVERSATION_ID = Pattern.compile("\"conversationId\":\"([^\"]+)\"");

    private HttpServer gateway;
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, String> conversationOfRequest = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> turnsInFlight = new ConcurrentHashMap<>();
    private final AtomicInteger mostInFlightInOneConversation = new AtomicInteger();
    /** The {@code Last-Event-ID} each request's events were asked for with. */
    private final Map<String, String> resumedAfter = new ConcurrentHashMap<>();
    /** Whether a chat's first events request is left unanswered and its second goes silent after one event. */
    private volatile boolean stallingEvents;

    private final AtomicInteger eventsRequests = new AtomicInteger();
    /** Lets the stalled answers end when the test does. */
    private final CountDownLatch released = new CountDownLatch(1);

    @BeforeEach
    void startGateway() throws IOException {
        gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        gateway.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        gateway.createContext("/v1/chats", this::serve);
        gateway.start();
    }

    @AfterEach
    void stopGateway() {
        released.countDown();
        gateway.stop(0);
    }

    @Test
    void continuesEveryOtherChatInAConversationWhoseLastTurnEndedAndReadsTheRunId() {
        List<TrackedChat> chats;
        try (LoadClient client = client(Duration.ofSeconds(10), false)) {
            chats = client.post(50, Duration.ofSeconds(1), 1);
            assertThat(client.awaitEnds(chats, Duration.ofSeconds(30))).isTrue();
        }

        assertThat(chats).hasSize(50).allSatisfy(chat -> {
            assertThat(chat.terminal()).isEqualTo("completed");
            assertThat(chat.runId()).isEqualTo("resp_" + chat.requestId());
        });
        assertThat(chats.stream().filter(chat -> chat.number() % 2 == 1)).noneMatch(TrackedChat::continued);
        assertThat(chats.stream().filter(TrackedChat::continued).count()).isBetween(1L, 25L);
        assertThat(mostInFlightInOneConversation).hasValue(1);
        assertThat(chats.stream().filter(TrackedChat::continued))
                .allSatisfy(chat -> assertThat(chat.conversationId()).startsWith("conv-"));
    }

    @Test
    void followsEachChatOnItsPostsOwnStreamAndGoesOnAtItsEventsWhenThatStreamIsCut() {
        List<TrackedChat> chats;
        try (LoadClient client = client(Duration.ofSeconds(10), true)) {
            chats = client.post(20, Duration.ofSeconds(1), 1);
            assertThat(client.awaitEnds(chats, Duration.ofSeconds(30))).isTrue();
        }

        assertThat(chats).hasSize(20).allSatisfy(chat -> {
            assertThat(chat.accepted()).isTrue();
            assertThat(chat.terminal()).isEqualTo("completed");
            assertThat(chat.runId()).isEqualTo("resp_" + chat.requestId());
        });
        // The cut streams, and only those, were followed on at the events, after the accepted event.
        assertThat(resumedAfter).hasSize(10).allSatisfy((request, lastEventId) -> {
            assertThat(Integer.parseInt(request.substring("req-".length())) % 2).isZero();
            assertThat(lastEventId).isEqualTo("0");
        });
        assertThat(mostInFlightInOneConversation).hasValue(1);
    }

    @Test
    void opensAStreamAgainWhenItsAnswerOrItsNextEventTakesLongerThanTheStaleBound() {
        stallingEvents = true;
        List<TrackedChat> chats;
        try (LoadClient client = client(Duration.ofSeconds(1), false)) {
            chats = client.post(1, Duration.ofSeconds(1), 1);
            assertThat(client.awaitEnds(chats, Duration.ofSeconds(20))).isTrue();
        }

        // The first stream never answered, the second went silent after its first event; the third resumed after it.
        assertThat(chats).singleElement().satisfies(chat -> {
            assertThat(chat.terminal()).isEqualTo("completed");
            assertThat(chat.reconnects()).isEqualTo(2);
        });
        assertThat(resumedAfter).containsEntry("req-1", "1");
    }

    /** A client of the stand-in gateway that follows each chat for up to 30 s. */
    private LoadClient client(Duration staleAfter, boolean streamed) {
        return new LoadClient(
                "http://127.0.0.1:" + gateway.getAddress().getPort(),
                "acme",
                staleAfter,
                Duration.ofSeconds(30),
                streamed);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (stallingEvents && path.endsWith("/events")) {
            int attempt = eventsRequests.incrementAndGet();
            if (attempt == 1) {
                await(released);
                return;
            }
            if (attempt == 2) {
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                out.write("id: 1\nevent: delta\ndata: {\"text\":\"Hi\"}\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                await(released);
                return;
            }
        }
        if (exchange.getRequestMethod().equals("POST") && path.equals("/v1/chats")) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int number = requests.incrementAndGet();
            Matcher given = CONVERSATION_ID.matcher(body);
            String conversation = given.find() ? given.group(1) : "conv-" + number;
            String requestId = "req-" + number;
            conversationOfRequest.put(requestId, conversation);
            int inFlight = turnsInFlight
                    .computeIfAbsent(conversation, c -> new AtomicInteger())
                    .incrementAndGet();
            mostInFlightInOneConversation.accumulateAndGet(inFlight, Math::max);
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            if (accept == null || !accept.contains("text/event-stream")) {
                write(
                        exchange,
                        202,
                        "application/json",
                        "{\"requestId\":\"" + requestId + "\",\"conversationId\":\"" + conversation + "\"}");
                return;
            }
            String accepted = "id: 0\nevent: accepted\ndata: {\"request_id\":\"" + requestId
                    + "\",\"conversation_id\":\"" + conversation + "\"}\n\n";
            // Every other streamed answer is cut after its first event: the client goes on at the request's events.
            write(exchange, 200, "text/event-stream", number % 2 == 0 ? accepted : accepted + rest(requestId));
        } else {
            String requestId = path.split("/")[3];
            resumedAfter.put(
                    requestId, String.valueOf(exchange.getRequestHeaders().getFirst("Last-Event-ID")));
            write(exchange, 200, "text/event-stream", rest(requestId));
        }
    }

    /** The events after {@code accepted}; the turn is over before the client can see its end, as in the real system. */
    private String rest(String requestId) {
        turnsInFlight.get(conversationOfRequest.get(requestId)).decrementAndGet();
        return "id: 1\nevent: delta\ndata: {\"text\":\"Hi\"}\n\nid: 2\nevent: completed\ndata: {\"request_id\":\""
                + requestId + "\",\"run_id\":\"resp_" + requestId + "\",\"text\":\"Hi\"}\n\n";
    }

    private static void write(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
