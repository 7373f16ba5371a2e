package io.chatrelay.bench.seed;

import io.chatrelay.common.codec.ChatCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A closed loop of clients on {@code POST /api/chat}, the original system's shape: each client sends a chat, waits
 * for its answer, and sends the next. Every second chat of a client continues the thread of its previous answer (the
 * {@code threadId} it returned); the others start a thread.
 */
final class SeedClients implements AutoCloseable {

    /** Longer than the 120 s the gateway holds {@code /api/chat} open for the answer. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(150);

    private final String gatewayUrl;
    private final String company;
    private final String apiKey;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;
    private final Queue<SeedChat> chats = new ConcurrentLinkedQueue<>();
    private final List<Future<?>> loops = new ArrayList<>();
    private volatile boolean stopping;

    SeedClients(String gatewayUrl, String company, String apiKey) {
        this.gatewayUrl = gatewayUrl;
        this.company = company;
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(threads)
                .build();
    }

    /** Starts {@code clients} clients, each sending its first chat at once. */
    void start(int clients) {
        for (int client = 1; client <= clients; client++) {
            int number = client;
            loops.add(threads.submit(() -> loop(number)));
        }
    }

    /**
     * Lets each client finish the chat it is waiting for, and send no other; at most {@link #ANSWER_TIMEOUT}. The
     * executor stays up until {@link #close()}: the HTTP client runs on it too.
     */
    void stop() throws InterruptedException {
        stopping = true;
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.plusSeconds(10).toNanos();
        for (Future<?> loop : loops) {
            try {
                loop.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // A client that failed or still waits: what it answered so far is in chats().
            }
        }
    }

    /** Every chat that got an answer or failed so far. */
    List<SeedChat> chats() {
        return new ArrayList<>(chats);
    }

    @Override
    public void close() {
        stopping = true;
        threads.shutdownNow();
        http.close();
    }

    private void loop(int client) {
        String thread = null;
        for (int turn = 0; !stopping; turn++) {
            boolean continuing = turn % 2 == 1 && thread != null;
            String body = "{\"companySlug\":\"" + company + "\",\"message\":\"Chat " + turn + " of client " + client
                    + ", please answer.\"" + (continuing ? ",\"threadId\":\"" + thread + "\"" : "") + "}";
            HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/api/chat"))
                    .timeout(ANSWER_TIMEOUT)
                    .header("Authorization", "Bearer " + apiKey)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            long sentAt = System.nanoTime();
            int status;
            try {
                HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                status = answer.statusCode();
                thread = status == 200 ? threadId(answer.body()) : null;
            } catch (IOException e) {
                status = -1;
                thread = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            chats.add(new SeedChat(continuing, sentAt, System.nanoTime(), status));
        }
    }

    private static String threadId(String answer) {
        try {
            JsonNode threadId = ChatCodec.instance().mapper().readTree(answer).path("threadId");
            return threadId.isString() ? threadId.stringValue() : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}
