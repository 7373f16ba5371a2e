package io.chatrelay.sim.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** One HTTP call: what was asked, and the means to answer it as OpenAI would. */
public final class Exchange {

    /** The body length a cut stream announces and never sends. */
    private static final long CUT_STREAM_LENGTH = 1 << 20;

    private final HttpExchange exchange;
    private final String requestId = Ids.next("req");
    private final long startedNanos = System.nanoTime();
    private final List<String> segments;
    private final Map<String, String> query;
    private JsonNode body;
    private int status;

    public Exchange(HttpExchange exchange) {
        this.exchange = exchange;
        String path = exchange.getRequestURI().getPath();
        this.segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
        this.query = parseQuery(exchange.getRequestURI().getRawQuery());
    }

    public String method() {
        return exchange.getRequestMethod();
    }

    public String path() {
        return exchange.getRequestURI().getPath();
    }

    /** Path segments, e.g. {@code [v1, responses, resp_x]}. */
    public List<String> segments() {
        return segments;
    }

    public String query(String name) {
        return query.get(name);
    }

    public String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    public String requestId() {
        return requestId;
    }

    /** {@link System#nanoTime()} when the call reached the simulator's handler. */
    public long receivedNanos() {
        return startedNanos;
    }

    public int status() {
        return status;
    }

    /** The body as JSON; an empty body reads as an empty object; malformed JSON is a 400. */
    public JsonNode body() {
        if (body == null) {
            try {
                byte[] bytes = exchange.getRequestBody().readAllBytes();
                body = bytes.length == 0 ? JsonNodeFactory.instance.objectNode() : Json.MAPPER.readTree(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (JacksonException e) {
                throw ApiError.invalid(
                                "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
                                null,
                                null)
                        .toException();
            }
            if (!body.isObject()) {
                throw ApiError.invalid("Invalid body: expected a JSON object.", null, "invalid_type")
                        .toException();
            }
        }
        return body;
    }

    public void json(int status, Object value) {
        json(status, value, Map.of());
    }

    public void json(int status, Object value, Map<String, String> headers) {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(value);
        try {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            headers.forEach(exchange.getResponseHeaders()::set);
            commonHeaders();
            this.status = status;
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // The client went away; nothing to answer.
        } finally {
            exchange.close();
        }
    }

    public void error(ApiError error) {
        json(error.status(), ErrorBody.of(error), error.headers());
    }

    /** Starts a {@code text/event-stream} answer. */
    public SseStream sse() {
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            commonHeaders();
            this.status = 200;
            exchange.sendResponseHeaders(200, 0);
            return new SseStream(exchange);
        } catch (IOException e) {
            exchange.close();
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Opens a {@code text/event-stream} answer with HTTP 200, then drops the connection before the first event.
     * The body is announced with a length it never reaches (rather than chunked, which a close would end cleanly),
     * so the client sees the connection break, not a stream that ended.
     */
    public void cutStream() {
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            commonHeaders();
            this.status = 200;
            exchange.sendResponseHeaders(200, CUT_STREAM_LENGTH);
            // The server may hold the headers back until the body is written; the client must have them first.
            exchange.getResponseBody().flush();
        } catch (IOException e) {
            // The client went away first; the connection is dropped all the same.
        } finally {
            exchange.close();
        }
    }

    /** Drops the connection without an answer, as a reset would. */
    public void abort() {
        this.status = 0;
        exchange.close();
    }

    private void commonHeaders() {
        var headers = exchange.getResponseHeaders();
        headers.set("x-request-id", requestId);
        headers.set("openai-version", "2020-10-01");
        headers.set("openai-processing-ms", Long.toString((System.nanoTime() - startedNanos) / 1_000_000));
        headers.set("x-ratelimit-limit-requests", "10000");
        headers.set("x-ratelimit-remaining-requests", "9999");
        headers.set("x-ratelimit-reset-requests", "6ms");
        headers.set("x-ratelimit-limit-tokens", "30000000");
        headers.set("x-ratelimit-remaining-tokens", "29999000");
        headers.set("x-ratelimit-reset-tokens", "2ms");
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> result = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            result.putIfAbsent(key, value);
        }
        return result;
    }
}
