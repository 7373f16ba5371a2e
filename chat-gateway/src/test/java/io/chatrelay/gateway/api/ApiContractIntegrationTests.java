package io.chatrelay.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.gateway.ops.DeadLetterFixtures;
import io.chatrelay.gateway.support.TenantIntegrationTest;
import io.chatrelay.testkit.TestNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API contract: real requests to every operation of the running gateway, answered with success and with an
 * error, each answer checked against the OpenAPI document the gateway serves at {@code /v3/api-docs}. The status must
 * be described, and the body must match the schema described for it, read strictly: an object may hold only the
 * properties its schema names, so a field the code sends but the document lacks fails the test.
 */
class ApiContractIntegrationTests extends TenantIntegrationTest {

    /** Where the served document is registered for the validator (it is never fetched from there). */
    private static final String DOCUMENT = "https://chatrelay.invalid/v3/api-docs";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}]+}");

    private final JsonMapper json = JsonMapper.builder().build();
    private final List<String> violations = new ArrayList<>();
    /** Each operation called, with the statuses it answered. */
    private final Map<String, Set<Integer>> answered = new TreeMap<>();

    private JsonNode document;
    private JsonNode paths;
    private SchemaRegistry schemas;

    @BeforeEach
    void loadTheServedDocument() {
        ObjectNode document = (ObjectNode) json.readTree(apiDocs());
        strict(document);
        this.document = document;
        paths = document.get("paths");
        assertThat(document.get("openapi").asString()).startsWith("3.1.");
        schemas = SchemaRegistry.withDialect(
                Dialects.getOpenApi31(), registry -> registry.schemas(Map.of(DOCUMENT, document.toString())));
    }

    @Test
    void everyOperationAnswersAsTheServedDocumentDescribes() {
        Tenant tenant = aTenant();
        WebTestClient client = as(tenant);
        String conversation = NAMES.of("contract");

        // The /v1 intake and its reads.
        String accepted = requestId(call(
                client,
                HttpMethod.POST,
                "/v1/chats",
                json(Map.of("companySlug", tenant.slug(), "message", "Hello", "conversationId", conversation)),
                202));
        call(client, HttpMethod.POST, "/v1/chats", json(Map.of("companySlug", tenant.slug())), 400);
        String streamed = NAMES.of("contract-streamed");
        CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> check(
                HttpMethod.POST,
                "/v1/chats",
                client.post()
                        .uri("/v1/chats")
                        .contentType(MediaType.APPLICATION_JSON)
                        .accept(MediaType.TEXT_EVENT_STREAM)
                        .bodyValue(
                                json(Map.of("companySlug", tenant.slug(), "message", "Hi", "conversationId", streamed)))
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .returnResult()));
        worker.awaitAndComplete(streamed, "Hi there");
        stream.join();
        call(http(), HttpMethod.POST, "/v1/chats", json(Map.of("companySlug", tenant.slug(), "message", "Hello")), 401);
        call(client, HttpMethod.POST, "/v1/chats", "Hello", MediaType.TEXT_PLAIN, 415);
        worker.awaitAndComplete(conversation, "Hi there");
        call(client, HttpMethod.GET, "/v1/chats/" + accepted, null, 200);
        call(client, HttpMethod.GET, "/v1/chats/req_unknown", null, 404);
        call(client, HttpMethod.GET, "/v1/chats/" + accepted + "/events", null, 200);
        call(client, HttpMethod.GET, "/v1/chats/req_unknown/events", null, 404);
        call(client, HttpMethod.GET, "/v1/conversations/" + conversation + "/messages", null, 200);
        call(client, HttpMethod.GET, "/v1/conversations/" + conversation + "/messages?limit=x", null, 400);
        String running = requestId(call(
                client,
                HttpMethod.POST,
                "/v1/chats",
                json(Map.of("companySlug", tenant.slug(), "message", "Stop me")),
                202));
        call(client, HttpMethod.POST, "/v1/chats/" + running + "/cancel", null, 202);
        call(client, HttpMethod.POST, "/v1/chats/req_unknown/cancel", null, 404);

        // The original-shape endpoints.
        for (String path : List.of("/api/chat", "/api/chat-stream")) {
            String seedConversation = NAMES.of("contract" + path.replace('/', '-'));
            CompletableFuture<Void> answer = CompletableFuture.runAsync(() -> call(
                    client,
                    HttpMethod.POST,
                    path,
                    json(Map.of("companySlug", tenant.slug(), "message", "Hello", "threadId", seedConversation)),
                    200));
            worker.awaitAndComplete(seedConversation, "Hi there");
            answer.join();
            call(client, HttpMethod.POST, path, json(Map.of("companySlug", tenant.slug())), 400);
        }

        // The admin API.
        String company = TestNames.unique().id().toLowerCase();
        String profile = "{\"engine\":\"responses\",\"model\":\"gpt-4.1-mini\"}";
        call(admin(), HttpMethod.PUT, "/admin/companies/" + company, profile, 201);
        call(admin(), HttpMethod.PUT, "/admin/companies/" + company, "{\"engine\":\"nope\"}", 400);
        call(admin(), HttpMethod.GET, "/admin/companies/" + company, null, 200);
        call(admin(), HttpMethod.GET, "/admin/companies/no-such-company", null, 404);
        String keyId =
                text(call(admin(), HttpMethod.POST, "/admin/companies/" + company + "/keys", null, 201), "keyId");
        call(admin(), HttpMethod.POST, "/admin/companies/no-such-company/keys", null, 404);
        call(admin(), HttpMethod.DELETE, "/admin/companies/" + company + "/keys/" + keyId, null, 204);
        call(admin(), HttpMethod.DELETE, "/admin/companies/no-such-company/keys/" + keyId, null, 404);
        call(admin(), HttpMethod.DELETE, "/admin/companies/" + company, null, 204);
        call(admin(), HttpMethod.DELETE, "/admin/companies/no-such-company", null, 404);

        // Dead letters.
        ChatRequest failed = DeadLetterFixtures.aRequest(tenant.slug(), NAMES.of("contract-dlt"), "Fail me");
        try (DeadLetterFixtures deadLetters = new DeadLetterFixtures(topics())) {
            deadLetters.deadLetter(failed, DeadLetterFixtures.Failure.rejected(Instant.now()));
        }
        String listed = "/admin/dead-letters?requestId=" + failed.requestId();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !items(admin(), listed).isEmpty());
        call(admin(), HttpMethod.GET, listed, null, 200);
        call(admin(), HttpMethod.GET, "/admin/dead-letters?limit=x", null, 400);
        call(admin(), HttpMethod.GET, "/admin/dead-letters/" + failed.requestId(), null, 200);
        call(admin(), HttpMethod.GET, "/admin/dead-letters/req_unknown", null, 404);
        call(
                admin(),
                HttpMethod.POST,
                "/admin/dead-letters/replay",
                json(Map.of("ids", List.of(failed.requestId()), "dryRun", true)),
                200);
        call(admin(), HttpMethod.POST, "/admin/dead-letters/replay", "{\"ids\":\"x\"}", 400);
        call(
                admin(),
                HttpMethod.POST,
                "/admin/dead-letters/" + failed.requestId() + "/discard",
                json(Map.of("reason", "contract test")),
                200);
        call(admin(), HttpMethod.POST, "/admin/dead-letters/req_unknown/discard", json(Map.of("reason", "x")), 404);
        call(admin(), HttpMethod.GET, "/admin/dead-letters/audit", null, 200);
        call(admin(), HttpMethod.GET, "/admin/dead-letters/audit?limit=x", null, 400);

        assertThat(violations).isEmpty();
        assertThat(answered.keySet()).isEqualTo(operations());
        assertThat(answered)
                .allSatisfy((operation, statuses) -> assertThat(statuses)
                        .as(operation + " answered with success and with an error")
                        .anyMatch(status -> status < 300)
                        .anyMatch(status -> status >= 400));
    }

    /** Sends a JSON request (or none) and checks the answer; answers it. */
    private EntityExchangeResult<byte[]> call(
            WebTestClient client, HttpMethod method, String uri, String body, int status) {
        return call(client, method, uri, body, MediaType.APPLICATION_JSON, status);
    }

    private EntityExchangeResult<byte[]> call(
            WebTestClient client, HttpMethod method, String uri, String body, MediaType type, int status) {
        WebTestClient.RequestBodySpec request = client.method(method).uri(uri);
        WebTestClient.RequestHeadersSpec<?> sent =
                body == null ? request : request.contentType(type).bodyValue(body);
        EntityExchangeResult<byte[]> result =
                sent.exchange().expectStatus().isEqualTo(status).expectBody().returnResult();
        check(method, uri, result);
        return result;
    }

    /** Records the operation, and every way its answer departs from the document. */
    private void check(HttpMethod method, String uri, EntityExchangeResult<byte[]> result) {
        String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        String template = template(path);
        String operation = method.name() + " " + template;
        int status = result.getStatus().value();
        answered.computeIfAbsent(operation, ignored -> new TreeSet<>()).add(status);
        JsonNode described = resolve(paths.path(template)
                .path(method.name().toLowerCase())
                .path("responses")
                .path(Integer.toString(status)));
        if (described.isMissingNode()) {
            violations.add(operation + " answered " + status + ", which the document does not describe");
            return;
        }
        byte[] body = result.getResponseBodyContent();
        if (body == null || body.length == 0) {
            return;
        }
        MediaType type = result.getResponseHeaders().getContentType();
        JsonNode content = described.path("content");
        JsonNode media = type == null ? content.path("*/*") : content.path(type.getType() + "/" + type.getSubtype());
        if (media.isMissingNode()) {
            media = content.path("*/*");
        }
        if (media.isMissingNode()) {
            violations.add(operation + " " + status + " answered " + type + ", which the document does not describe: "
                    + content.propertyNames());
            return;
        }
        JsonNode schema = media.path("schema");
        String text = new String(body, StandardCharsets.UTF_8);
        if (MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type)) {
            // A stream is text; OpenAPI 3.1 has no schema for its frames, which the description and example show.
            if (!schema.path("type").asString("").equals("string")) {
                violations.add(operation + " " + status + ": an event stream is described as " + schema);
            }
        } else {
            validate(operation + " " + status, schema, text);
        }
    }

    private void validate(String what, JsonNode schema, String instance) {
        if (schema.isMissingNode()) {
            violations.add(what + ": the document gives no schema");
            return;
        }
        List<Error> errors = schemas.getSchema(SchemaLocation.of(DOCUMENT + "#/inline"), schema)
                .validate(json.readTree(instance));
        if (!errors.isEmpty()) {
            violations.add(what + " " + instance + ": "
                    + errors.stream().map(Error::toString).collect(Collectors.joining("; ")));
        }
    }

    /** The node a reference points at in the document, or {@code node} itself when it is no reference. */
    private JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asString("");
        return ref.startsWith(DOCUMENT + "#") ? resolve(document.at(ref.substring(DOCUMENT.length() + 1))) : node;
    }

    /** The document's path that {@code path} is an instance of; a literal segment wins over a placeholder. */
    private String template(String path) {
        String best = path;
        long placeholders = Long.MAX_VALUE;
        for (String candidate : paths.propertyNames()) {
            Pattern instance = Pattern.compile(
                    PLACEHOLDER.matcher(Pattern.quote(candidate)).replaceAll(placeholder -> "\\\\E[^/]+\\\\Q"));
            long count = PLACEHOLDER.matcher(candidate).results().count();
            if (instance.matcher(path).matches() && count < placeholders) {
                best = candidate;
                placeholders = count;
            }
        }
        return best;
    }

    /** Every operation the document describes, as "METHOD /path". */
    private Set<String> operations() {
        Set<String> operations = new TreeSet<>();
        for (String path : paths.propertyNames()) {
            for (String method : paths.get(path).propertyNames()) {
                operations.add(method.toUpperCase() + " " + path);
            }
        }
        return operations;
    }

    /**
     * Makes every object schema that names its properties closed to others, and points every reference at the
     * registered document, so that a schema taken out of it resolves its references there.
     */
    private static void strict(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isString() && ref.asString().startsWith("#")) {
                object.put("$ref", DOCUMENT + ref.asString());
            }
        }
        node.forEach(ApiContractIntegrationTests::strict);
    }

    private List<JsonNode> items(WebTestClient client, String uri) {
        byte[] body =
                client.get().uri(uri).exchange().expectBody().returnResult().getResponseBodyContent();
        List<JsonNode> items = new ArrayList<>();
        json.readTree(body).path("items").forEach(items::add);
        return items;
    }

    private String requestId(EntityExchangeResult<byte[]> result) {
        return text(result, "requestId");
    }

    private String text(EntityExchangeResult<byte[]> result, String field) {
        return json.readTree(result.getResponseBodyContent()).get(field).asString();
    }

    private String json(Map<String, ?> body) {
        return json.writeValueAsString(body);
    }
}
