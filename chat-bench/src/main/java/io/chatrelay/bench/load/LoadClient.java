package io.chatrelay.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Posts chats to a gateway at a fixed rate, whatever the answers take (an open model: a slow system gets the same
 * arrivals, not fewer), and follows each accepted chat over SSE to its terminal event.
 *
 * <p>It follows like a careful browser: a stream that ends early, or shows no event for {@code staleAfter} while the
 * chat is unfinished, is opened again with {@code Last-Event-ID}, and the gateway replays what was missed from the
 * history. Every such reconnect is counted.
 */
public final class LoadClient implements AutoCloseable {

    private static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled", "dead_lettered");
    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\"\\s*:\\s*\"([^\"]+)\"");

    private final String gatewayUrl;
    private final String company;
    private final Duration staleAfter;
    private final Duration followFor;
    private final HttpClient http;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
    private final Map<TrackedChat, Thread> following = new ConcurrentHashMap<>();

    public LoadClient(String gatewayUrl, String company, Duration staleAfter, Duration followFor) {
        this.gatewayUrl = gatewayUrl;
        this.company = company;
        this.staleAfter = staleAfter;
        this.followFor = followFor;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(threads)
                .build();
        watchdog.scheduleWithFixedDelay(this::interruptStale, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Posts {@code rate} chats a second for {@code duration}, numbering them from {@code firstNumber}; returns once the
     * last one is sent, while the chats are still being followed.
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
            TrackedChat chat = new TrackedChat(firstNumber + i, System.nanoTime());
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

    @Override
    public void close() {
        watchdog.shutdownNow();
        following.values().forEach(Thread::interrupt);
        threads.shutdownNow();
        http.close();
    }

    private void run(TrackedChat chat) {
        if (post(chat)) {
            follow(chat);
        }
    }

    private boolean post(TrackedChat chat) {
        String body = "{\"companySlug\":\"" + company + "\",\"message\":\"Chat number " + chat.number()
                + " of the run, please answer.\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/chats"))
                // Longer than any wait the gateway itself bounds (Kafka's delivery timeout, Redis's command timeout),
                // so that every POST ends in the gateway's own answer rather than the client's impatience.
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 202) {
                Matcher id = REQUEST_ID.matcher(answer.body());
                if (id.find()) {
                    chat.answered(202, id.group(1), null);
                    return true;
                }
                chat.answered(202, null, "202 without a request id: " + answer.body());
                return false;
            }
            chat.answered(answer.statusCode(), null, answer.body());
        } catch (IOException e) {
            chat.answered(TrackedChat.NO_ANSWER, null, e.toString());
        } catch (InterruptedException e) {
            chat.answered(TrackedChat.NO_ANSWER, null, "interrupted");
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private void follow(TrackedChat chat) {
        long deadline = System.nanoTime() + followFor.toNanos();
        boolean first = true;
        while (chat.terminal() == null && System.nanoTime() < deadline && !threads.isShutdown()) {
            if (!first) {
                chat.reconnected();
                LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            }
            first = false;
            Thread.interrupted();
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create(gatewayUrl + "/v1/chats/" + chat.requestId() + "/events"))
                    .header("Accept", "text/event-stream");
            if (chat.lastEventId() >= 0) {
                request.header("Last-Event-ID", Long.toString(chat.lastEventId()));
            }
            following.put(chat, Thread.currentThread());
            try {
                HttpResponse<InputStream> answer =
                        http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = answer.body()) {
                    if (answer.statusCode() == 200) {
                        read(chat, body);
                    }
                }
            } catch (IOException e) {
                // Cut, or stale and interrupted by the watchdog: open the stream again where it stopped.
            } catch (InterruptedException e) {
                // The watchdog found the stream stale.
            } finally {
                following.remove(chat);
            }
        }
    }

    private static void read(TrackedChat chat, InputStream body) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        String id = null;
        String type = null;
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isEmpty()) {
                if (type != null) {
                    boolean terminal = TERMINAL.contains(type);
                    chat.event(id, type, terminal);
                    if (terminal) {
                        return;
                    }
                }
                id = null;
                type = null;
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("event:")) {
                type = line.substring(6).trim();
            }
        }
    }

    private void interruptStale() {
        long now = System.nanoTime();
        following.forEach((chat, thread) -> {
            if (now - chat.lastEventAt() > staleAfter.toNanos()) {
                thread.interrupt();
            }
        });
    }
}
