package io.chatrelay.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Posts chats to a gateway at a fixed rate, whatever the answers take (an open model: a slow system gets the same
 * arrivals, not fewer), and follows each accepted chat over SSE to its terminal event ({@link EventFollower}): on a
 * second request to its events, or, {@code streamed}, on the {@code POST}'s own answer ({@code Accept:
 * text/event-stream}).
 *
 * <p>Every other chat continues a conversation whose last turn has ended, when there is one ({@link
 * ConversationPool}), as the second and later turns of real conversations do; the others start a conversation.
 */
public final class LoadClient implements AutoCloseable {

    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern CONVERSATION_ID = Pattern.compile("\"conversationId\"\\s*:\\s*\"([^\"]+)\"");

    private final String gatewayUrl;
    private final String company;
    private final HttpClient http;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final EventFollower follower;
    private final ConversationPool conversations = new ConversationPool();
    private final boolean streamed;

    public LoadClient(String gatewayUrl, String company, Duration staleAfter, Duration followFor) {
        this(gatewayUrl, company, staleAfter, followFor, false);
    }

    public LoadClient(String gatewayUrl, String company, Duration staleAfter, Duration followFor, boolean streamed) {
        this.gatewayUrl = gatewayUrl;
        this.company = company;
        this.streamed = streamed;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(threads)
                .build();
        this.follower = new EventFollower(http, gatewayUrl, staleAfter, followFor);
    }

    /**
     * Posts {@code rate} chats a second for {@code duration}, numbering them from {@code firstNumber}; returns once the
     * last one is sent, while the chats are still being followed. Even numbers continue a conversation when one is
     * free.
     */
    public List<TrackedChat> post(double rate, Duration duration, int firstNumber) {
        long start = System.nanoTime();
        long periodNanos = (long) (1e9 / rate);
        int count = (int) Math.round(rate * duration.toNanos() / 1e9);
        List<TrackedChat> chats = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long due = start + i * periodNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int number = firstNumber + i;
            String continuing = number % 2 == 0 ? conversations.take() : null;
            TrackedChat chat = new TrackedChat(number, System.nanoTime(), continuing);
            chats.add(chat);
            threads.execute(() -> run(chat));
        }
        return chats;
    }

    /** Waits until every accepted chat saw its terminal event or {@code bound} passed; whether all did. */
    public boolean awaitEnds(List<TrackedChat> chats, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (chats.stream().allMatch(LoadClient::settled)) {
                return true;
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
        return chats.stream().allMatch(LoadClient::settled);
    }

    private static boolean settled(TrackedChat chat) {
        return chat.status() != 0 && (!chat.accepted() || chat.terminal() != null);
    }

    /**
     * Stops following and drops whatever exchange is still open. Not {@link HttpClient#close()}: that waits for every
     * response body to be read or closed, and a stream whose response arrived just as its thread was interrupted (a
     * stale stream's reconnect) is neither, so it would wait for as long as the gateway keeps that stream open.
     */
    @Override
    public void close() {
        follower.close();
        http.shutdownNow();
        threads.shutdownNow();
    }

    private void run(TrackedChat chat) {
        if (streamed) {
            follower.followPosted(chat, request(chat, "text/event-stream"));
        } else if (post(chat)) {
            follower.follow(chat);
        }
        // A conversation takes its next turn only once this one has ended; one that never ended is not used again.
        if (!chat.accepted() || chat.terminal() != null) {
            conversations.release(chat.conversationId());
        }
    }

    private HttpRequest request(TrackedChat chat, String accept) {
        String body = "{\"companySlug\":\"" + company + "\",\"message\":\"Chat number " + chat.number()
                + " of the run, please answer.\""
                + (chat.continued() ? ",\"conversationId\":\"" + chat.continuing() + "\"" : "")
                + "}";
        return HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/chats"))
                // Longer than any wait the gateway itself bounds (Kafka's delivery timeout, Redis's command timeout),
                // so that every POST ends in the gateway's own answer rather than the client's impatience. (The bound
                // ends with the answer's headers: a streamed POST's stream is watched by the follower.)
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private boolean post(TrackedChat chat) {
        HttpRequest request = request(chat, "application/json");
        try {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 202) {
                Matcher id = REQUEST_ID.matcher(answer.body());
                Matcher conversation = CONVERSATION_ID.matcher(answer.body());
                String conversationId = conversation.find() ? conversation.group(1) : chat.continuing();
                if (id.find()) {
                    chat.answered(202, id.group(1), conversationId, null);
                    return true;
                }
                chat.answered(202, null, conversationId, "202 without a request id: " + answer.body());
                return false;
            }
            chat.answered(answer.statusCode(), null, null, answer.body());
        } catch (IOException e) {
            chat.answered(TrackedChat.NO_ANSWER, null, null, e.toString());
        } catch (InterruptedException e) {
            chat.answered(TrackedChat.NO_ANSWER, null, null, "interrupted");
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
