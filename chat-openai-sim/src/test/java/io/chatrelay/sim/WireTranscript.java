package io.chatrelay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the simulator answered to a scenario of plain HTTP calls: status, content type and JSON body of each call, or
 * the events of each stream. {@link #assertMatchesRecorded} compares it, field by field, with the transcript recorded
 * under {@code src/test/resources/wire}; run with {@code -Dwire.record=true} to record it afresh.
 *
 * <p>Ids and times differ from run to run, so they are replaced before comparing: each id by its prefix and the order
 * in which it first appears ({@code resp_1}, {@code msg_2}), each {@code *_at} time by a marker.
 */
final class WireTranscript {

    private static final Path RECORDED = Path.of("src/test/resources/wire");
    private static final Pattern ID = Pattern.compile("\\b([a-z]+)_[0-9a-f]{17,}\\b");
    private static final JsonMapper MAPPER =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final ArrayNode exchanges = NODES.arrayNode();

    WireTranscript(OpenAiSimulator simulator) {
        this.base = "http://127.0.0.1:" + simulator.port();
    }

    /** A call with a key and the Assistants beta header, as the SDK sends it; returns the body as answered. */
    JsonNode call(String method, String path, String body) {
        return call(
                method, path, body, "Authorization", "Bearer " + SimFixtures.API_KEY, "OpenAI-Beta", "assistants=v2");
    }

    /** A call with only the given header names and values. */
    JsonNode call(String method, String path, String body, String... headers) {
        HttpResponse<String> response =
                send(request(method, path, body, headers), HttpResponse.BodyHandlers.ofString());
        JsonNode answered = parse(response.body());
        ObjectNode exchange = record(method, path, response);
        exchange.set("body", answered);
        return answered;
    }

    /** A call that is not part of the transcript, such as polling until a run ends. */
    JsonNode quietly(String method, String path, String body) {
        HttpRequest request = request(
                method, path, body, "Authorization", "Bearer " + SimFixtures.API_KEY, "OpenAI-Beta", "assistants=v2");
        return parse(send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    /** A streaming call read to its end; returns the data of each event. */
    List<JsonNode> stream(String method, String path, String body) {
        return stream(method, path, body, (event, data) -> {});
    }

    /** As {@link #stream(String, String, String)}, handing each event to {@code onEvent} as it arrives. */
    List<JsonNode> stream(String method, String path, String body, BiConsumer<String, JsonNode> onEvent) {
        HttpRequest request = request(
                method, path, body, "Authorization", "Bearer " + SimFixtures.API_KEY, "OpenAI-Beta", "assistants=v2");
        HttpResponse<java.util.stream.Stream<String>> response = send(request, HttpResponse.BodyHandlers.ofLines());
        ObjectNode exchange = record(method, path, response);
        ArrayNode events = exchange.putArray("events");
        List<JsonNode> data = new ArrayList<>();
        String event = null;
        Iterator<String> lines = response.body().iterator();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("event: ")) {
                event = line.substring("event: ".length());
            } else if (line.startsWith("data: ")) {
                String raw = line.substring("data: ".length());
                JsonNode parsed = raw.startsWith("{") ? parse(raw) : NODES.stringNode(raw);
                ObjectNode entry = events.addObject();
                entry.put("event", event);
                entry.set("data", parsed);
                data.add(parsed);
                onEvent.accept(event, parsed);
                event = null;
            }
        }
        return data;
    }

    /** Compares with the recorded transcript {@code name}, or records it when {@code wire.record} is set. */
    void assertMatchesRecorded(String name) {
        JsonNode actual = normalised(exchanges);
        Path file = RECORDED.resolve(name + ".json");
        try {
            if (Boolean.getBoolean("wire.record")) {
                Files.createDirectories(RECORDED);
                Files.writeString(file, MAPPER.writeValueAsString(actual) + "\n");
                return;
            }
            JsonNode expected = MAPPER.readTree(Files.readString(file));
            List<String> differences = new ArrayList<>();
            compare("", expected, actual, differences);
            assertThat(differences)
                    .as("differences from the recorded transcript %s", file)
                    .isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest request(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.build();
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode record(String method, String path, HttpResponse<?> response) {
        ObjectNode exchange = exchanges.addObject();
        exchange.put("call", method + " " + path);
        exchange.put("status", response.statusCode());
        exchange.put(
                "content_type", response.headers().firstValue("Content-Type").orElse(null));
        response.headers().firstValue("retry-after").ifPresent(value -> exchange.put("retry_after", value));
        response.headers().firstValue("retry-after-ms").ifPresent(value -> exchange.put("retry_after_ms", value));
        return exchange;
    }

    private static JsonNode parse(String text) {
        return text.isEmpty() ? NODES.nullNode() : MAPPER.readTree(text);
    }

    /** A copy with keys sorted, ids numbered by first appearance and times masked. */
    private static JsonNode normalised(JsonNode transcript) {
        return normalise(transcript, null, new HashMap<>());
    }

    private static JsonNode normalise(JsonNode node, String field, Map<String, String> ids) {
        if (node.isObject()) {
            // Keys may be ids too (counters by thread or conversation).
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (String name : new TreeSet<>(node.propertyNames())) {
                sorted.put(withIdsNumbered(name, ids), normalise(node.get(name), name, ids));
            }
            ObjectNode copy = NODES.objectNode();
            sorted.forEach(copy::set);
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            node.values().forEach(value -> copy.add(normalise(value, null, ids)));
            return copy;
        }
        if (field != null && (field.endsWith("_at") || field.equals("at")) && !node.isNull()) {
            return NODES.stringNode("<time>");
        }
        return node.isString() ? NODES.stringNode(withIdsNumbered(node.asString(), ids)) : node;
    }

    /** {@code text} with each id replaced by its prefix and the order in which ids of that prefix first appeared. */
    private static String withIdsNumbered(String text, Map<String, String> ids) {
        Matcher matcher = ID.matcher(text);
        StringBuilder replaced = new StringBuilder();
        while (matcher.find()) {
            String prefix = matcher.group(1);
            String placeholder = ids.get(matcher.group());
            if (placeholder == null) {
                long known = ids.values().stream()
                        .filter(value -> value.startsWith(prefix + "_"))
                        .count();
                placeholder = prefix + "_" + (known + 1);
                ids.put(matcher.group(), placeholder);
            }
            matcher.appendReplacement(replaced, placeholder);
        }
        matcher.appendTail(replaced);
        return replaced.toString();
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, List<String> differences) {
        if (expected.isObject() && actual.isObject()) {
            TreeSet<String> names = new TreeSet<>(expected.propertyNames());
            names.addAll(actual.propertyNames());
            for (String name : names) {
                String at = path + "/" + name;
                if (!actual.has(name)) {
                    differences.add(at + ": missing (recorded " + expected.get(name) + ")");
                } else if (!expected.has(name)) {
                    differences.add(at + ": not recorded (now " + actual.get(name) + ")");
                } else {
                    compare(at, expected.get(name), actual.get(name), differences);
                }
            }
        } else if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                differences.add(path + ": " + expected.size() + " elements recorded, now " + actual.size());
            }
            for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
                compare(path + "/" + i, expected.get(i), actual.get(i), differences);
            }
        } else if (!expected.equals(actual)) {
            differences.add(path + ": recorded " + expected + ", now " + actual);
        }
    }
}
