package io.chatrelay.gateway.ops.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls the admin API with the admin token; an answer other than 2xx becomes a {@link Failed}. */
final class OpsClient {

    /** The API refused or failed: its status and error body, or why it could not be reached (status 0). */
    static final class Failed extends RuntimeException {
        final int status;

        Failed(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String token;
    private final String operator;

    OpsClient(String baseUrl, String token, String operator) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
        this.operator = operator;
    }

    JsonNode get(String path, Map<String, String> query) {
        String suffix = query.isEmpty()
                ? ""
                : "?"
                        + query.entrySet().stream()
                                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                                .collect(Collectors.joining("&"));
        return send(request(path + suffix).GET());
    }

    JsonNode post(String path, Object body) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    static JsonMapper json() {
        return JSON;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                // A replay with a rate cap answers once every request is published.
                .timeout(Duration.ofMinutes(30))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token);
        if (operator != null && !operator.isBlank()) {
            builder.header("X-Chatrelay-Operator", operator);
        }
        return builder;
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Failed(
                    0,
                    "cannot reach the gateway at " + baseUrl + " ("
                            + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed(0, "interrupted");
        } catch (IllegalArgumentException e) {
            throw new Failed(0, "bad gateway URL " + baseUrl);
        }
        if (response.statusCode() / 100 == 2) {
            return JSON.readTree(response.body());
        }
        throw new Failed(response.statusCode(), describe(response));
    }

    private static String describe(HttpResponse<String> response) {
        try {
            JsonNode error = JSON.readTree(response.body()).path("error");
            if (error.isObject()) {
                String field = error.path("field").isMissingNode()
                        ? ""
                        : " (" + error.path("field").asString() + ")";
                return response.statusCode() + " " + error.path("code").asString() + ": "
                        + error.path("message").asString() + field;
            }
        } catch (RuntimeException e) {
            // not JSON: fall through
        }
        return response.statusCode() + (response.statusCode() == 404 ? " not found (is the admin API enabled?)" : "");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
