package io.chatrelay.gateway.api;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.gateway.support.GatewayIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ApiDocsIntegrationTests extends GatewayIntegrationTest {

    /** Every operation of the gateway and every status it answers. */
    private static final Map<String, Set<String>> OPERATIONS = Map.ofEntries(
            entry(
                    "POST /v1/chats",
                    Set.of(
                            "200", "202", "400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "429",
                            "503")),
            entry("GET /v1/chats/{requestId}", Set.of("200", "401", "404")),
            entry("POST /v1/chats/{requestId}/cancel", Set.of("202", "401", "404", "406", "409")),
            entry("GET /v1/chats/{requestId}/events", Set.of("200", "400", "401", "404")),
            entry("GET /v1/conversations/{conversationId}/messages", Set.of("200", "400", "401", "404")),
            entry(
                    "POST /api/chat",
                    Set.of("200", "400", "401", "403", "404", "405", "409", "413", "429", "500", "503")),
            entry(
                    "POST /api/chat-stream",
                    Set.of("200", "400", "401", "403", "404", "405", "409", "413", "429", "503")),
            entry("PUT /admin/companies/{slug}", Set.of("200", "201", "400", "401", "404", "406", "415")),
            entry("GET /admin/companies/{slug}", Set.of("200", "400", "401", "404")),
            entry("DELETE /admin/companies/{slug}", Set.of("204", "400", "401", "404")),
            entry("POST /admin/companies/{slug}/keys", Set.of("201", "400", "401", "404", "406")),
            entry("DELETE /admin/companies/{slug}/keys/{keyId}", Set.of("204", "400", "401", "404")),
            entry("GET /admin/dead-letters", Set.of("200", "400", "401", "404")),
            entry("GET /admin/dead-letters/audit", Set.of("200", "400", "401", "404")),
            entry("GET /admin/dead-letters/{id}", Set.of("200", "401", "404")),
            entry("POST /admin/dead-letters/replay", Set.of("200", "400", "401", "404", "406", "415")),
            entry("POST /admin/dead-letters/{id}/discard", Set.of("200", "400", "401", "404", "406", "409", "415")));

    private final JsonMapper json = JsonMapper.builder().build();

    private JsonNode docs;

    @BeforeEach
    void fetch() {
        docs = json.readTree(apiDocs());
    }

    @Test
    void describesEveryOperationWithEveryStatusItAnswers() {
        Map<String, Set<String>> described = new TreeMap<>();
        operations()
                .forEach((operation, node) -> described.put(
                        operation, Set.copyOf(node.get("responses").propertyNames())));

        assertThat(described).isEqualTo(new TreeMap<>(OPERATIONS));
    }

    @Test
    void everyAnswerWithABodyCarriesAnExample() {
        List<String> withoutExample = new ArrayList<>();
        operations().forEach((operation, node) -> {
            for (Map.Entry<String, JsonNode> response : node.get("responses").properties()) {
                JsonNode answer = resolve(response.getValue());
                if (response.getKey().equals("204")) {
                    continue;
                }
                if (!answer.has("content") || answer.get("content").isEmpty()) {
                    withoutExample.add(operation + " " + response.getKey() + " (no content)");
                    continue;
                }
                for (Map.Entry<String, JsonNode> media : answer.get("content").properties()) {
                    JsonNode examples = media.getValue().get("examples");
                    if (examples == null || examples.isEmpty()) {
                        withoutExample.add(operation + " " + response.getKey() + " " + media.getKey());
                    }
                }
            }
        });

        assertThat(withoutExample).isEmpty();
    }

    @Test
    void errorExamplesHaveTheErrorShapeOfTheirPath() {
        operations().forEach((operation, node) -> {
            boolean seed = operation.contains(" /api/");
            for (Map.Entry<String, JsonNode> response : node.get("responses").properties()) {
                if (Integer.parseInt(response.getKey()) < 400) {
                    continue;
                }
                JsonNode examples = resolve(response.getValue())
                        .get("content")
                        .get(MediaType.APPLICATION_JSON_VALUE)
                        .get("examples");
                for (JsonNode example : examples) {
                    JsonNode error = example.get("value").get("error");
                    String where = operation + " " + response.getKey();
                    if (seed) {
                        assertThat(error.isString()).as(where).isTrue();
                    } else {
                        assertThat(error.get("code").isString()).as(where).isTrue();
                        assertThat(error.get("message").isString()).as(where).isTrue();
                    }
                }
            }
        });
    }

    @Test
    void documentedErrorsAreWhatTheGatewayAnswers() {
        assertAnswerIsDocumented(
                http().get().uri("/v1/chats/req_nobody").exchange(), "UnknownRequest", "unknown_request");
        assertAnswerIsDocumented(
                http().post()
                        .uri("/v1/chats")
                        .contentType(MediaType.TEXT_PLAIN)
                        .bodyValue("hello")
                        .exchange(),
                "UnsupportedMediaType",
                "unsupported_media_type");
        assertAnswerIsDocumented(
                http().post()
                        .uri("/v1/chats/req_nobody/cancel")
                        .accept(MediaType.APPLICATION_XML)
                        .exchange(),
                "NotAcceptable",
                "not_acceptable.Accept");
        assertAnswerIsDocumented(
                http().post()
                        .uri("/v1/chats")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"companySlug\":\"acme\"}")
                        .exchange(),
                "ChatBadRequest",
                "missing_field.message");
        // No admin token is configured here: the dead-letter API answers as absent, as documented.
        assertAnswerIsDocumented(
                http().get().uri("/admin/dead-letters/req_nobody").exchange(), "UnknownDeadLetter", "not_found");
    }

    @Test
    void describesTheDeadLetterFiltersAndBodiesWithJsonExamples() {
        Map<String, JsonNode> operations = operations();
        List<String> filters = new ArrayList<>();
        operations.get("GET /admin/dead-letters").get("parameters").forEach(p -> {
            assertThat(p.get("in").stringValue()).isEqualTo("query");
            filters.add(p.get("name").stringValue());
        });
        assertThat(filters)
                .containsExactlyInAnyOrder(
                        "company",
                        "category",
                        "upstreamStatus",
                        "upstreamCode",
                        "from",
                        "to",
                        "requestId",
                        "conversationId",
                        "includeResolved",
                        "limit",
                        "cursor");
        for (String operation : List.of("POST /admin/dead-letters/replay", "POST /admin/dead-letters/{id}/discard")) {
            JsonNode examples = operations
                    .get(operation)
                    .get("requestBody")
                    .get("content")
                    .get(MediaType.APPLICATION_JSON_VALUE)
                    .get("examples");
            assertThat(examples).as(operation).isNotEmpty();
            examples.forEach(
                    e -> assertThat(e.get("value").isObject()).as(operation).isTrue());
            JsonNode answer =
                    operations.get(operation).get("responses").get("200").get("content");
            answer.forEach(media -> media.get("examples")
                    .forEach(e ->
                            assertThat(e.get("value").isObject()).as(operation).isTrue()));
        }
    }

    @Test
    void describesEveryRequestBodyWithANamedSchema() {
        operations().forEach((operation, node) -> {
            JsonNode body = node.get("requestBody");
            if (body != null) {
                assertThat(body.get("content")
                                .get("application/json")
                                .get("schema")
                                .has("$ref"))
                        .as(operation + " has a named schema, not a bare string")
                        .isTrue();
            }
        });
    }

    @Test
    void groupsEveryOperationUnderATagWithASummary() {
        operations().forEach((operation, node) -> {
            assertThat(node.get("tags")).as(operation).isNotEmpty();
            assertThat(node.get("summary")).as(operation).isNotNull();
        });
        assertThat(operations().get("POST /v1/chats").get("tags").toString()).contains("chats");
        assertThat(operations().get("POST /api/chat").get("tags").toString()).contains("original API");
        assertThat(operations().get("GET /admin/dead-letters").get("tags").toString())
                .contains("dead letters");
        assertThat(operations().get("POST /admin/dead-letters/replay").get("parameters"))
                .anySatisfy(parameter ->
                        assertThat(parameter.get("description").stringValue()).contains("audit trail"));
    }

    @Test
    void describesTheCredentials() {
        JsonNode schemes = docs.get("components").get("securitySchemes");
        assertThat(schemes.get(ApiDocs.COMPANY_KEY).get("scheme").stringValue()).isEqualTo("bearer");
        assertThat(schemes.get(ApiDocs.ADMIN_TOKEN).get("scheme").stringValue()).isEqualTo("bearer");
        assertThat(schemes.get(ApiDocs.STREAM_TOKEN).get("in").stringValue()).isEqualTo("query");
        assertThat(schemes.get(ApiDocs.STREAM_TOKEN).get("name").stringValue()).isEqualTo("token");

        Map<String, JsonNode> operations = operations();
        operations.forEach((operation, node) -> assertThat(node.get("security").toString())
                .as(operation)
                .contains(operation.contains(" /admin/") ? ApiDocs.ADMIN_TOKEN : ApiDocs.COMPANY_KEY));
        JsonNode events = operations.get("GET /v1/chats/{requestId}/events");
        assertThat(events.get("security").toString()).contains(ApiDocs.STREAM_TOKEN);
        assertThat(events.get("parameters")).anySatisfy(parameter -> {
            assertThat(parameter.get("name").stringValue()).isEqualTo("token");
            assertThat(parameter.get("in").stringValue()).isEqualTo("query");
            assertThat(parameter.get("description").stringValue()).contains("streamToken");
        });
    }

    @Test
    void servesTheBrowsableUi() {
        String location = http().get()
                .uri("/swagger-ui.html")
                .exchange()
                .expectStatus()
                .is3xxRedirection()
                .returnResult(Void.class)
                .getResponseHeaders()
                .getLocation()
                .toString();

        http().get()
                .uri(location)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_HTML);
    }

    /** Every operation as "METHOD /path". */
    private Map<String, JsonNode> operations() {
        Map<String, JsonNode> operations = new TreeMap<>();
        for (Map.Entry<String, JsonNode> path : docs.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                operations.put(operation.getKey().toUpperCase() + " " + path.getKey(), operation.getValue());
            }
        }
        return operations;
    }

    /** The response itself, or the shared one it refers to. */
    private JsonNode resolve(JsonNode response) {
        if (!response.has("$ref")) {
            return response;
        }
        String name = response.get("$ref").stringValue().substring("#/components/responses/".length());
        JsonNode shared = docs.get("components").get("responses").get(name);
        assertThat(shared).as(name).isNotNull();
        return shared;
    }

    private void assertAnswerIsDocumented(WebTestClient.ResponseSpec answer, String response, String example) {
        String body = answer.expectBody(String.class).returnResult().getResponseBody();
        JsonNode documented = docs.get("components")
                .get("responses")
                .get(response)
                .get("content")
                .get(MediaType.APPLICATION_JSON_VALUE)
                .get("examples")
                .get(example)
                .get("value");
        assertThat(json.readTree(body)).isEqualTo(documented);
    }
}
