package io.chatrelay.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chatrelay.sim.Counters;
import io.chatrelay.sim.OpenAiSimulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dev stack as a newcomer meets it: one process with the real broker, Redis, simulator, gateway and two workers,
 * driven over HTTP with the seeded demo company's key. This is where the seed-compatible endpoints run end to end
 * through Kafka and the real workers.
 */
class DevStackIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration ANSWER = Duration.ofSeconds(60);

    private static DevStack stack;
    private static HttpClient http;

    @BeforeAll
    static void startStack() {
        stack = TestStack.shared();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void closeClient() {
        http.close();
    }

    @Test
    void seedChatContinuesOneThreadAcrossMessages() throws Exception {
        Counters.Snapshot before = simulator().counters().totals();

        HttpResponse<String> first = post("/api/chat", "{\"companySlug\":\"demo\",\"message\":\"first question\"}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode firstAnswer = JSON.readTree(first.body());
        String threadId = firstAnswer.path("threadId").asString();
        assertThat(threadId).isNotBlank();
        assertThat(firstAnswer.path("assistantId").asString()).isEqualTo(DevStack.DEMO_MODEL);
        assertThat(firstAnswer.path("response").asString()).startsWith("Turn 1: you said \"first question\"");

        HttpResponse<String> second = post(
                "/api/chat",
                "{\"companySlug\":\"demo\",\"message\":\"second question\",\"threadId\":\"" + threadId + "\"}");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        JsonNode secondAnswer = JSON.readTree(second.body());
        assertThat(secondAnswer.path("threadId").asString()).isEqualTo(threadId);
        // The simulator numbers the turns of one upstream conversation: the second message joined the first's.
        assertThat(secondAnswer.path("response").asString()).startsWith("Turn 2: you said \"second question\"");

        // Tests run one at a time, so the simulator saw only these two turns meanwhile.
        Counters.Snapshot after = simulator().counters().totals();
        assertThat(after.messages() - before.messages())
                .as("user messages upstream")
                .isEqualTo(2);
        assertThat(after.responses() - before.responses())
                .as("responses upstream")
                .isEqualTo(2);
    }

    @Test
    void seedChatStreamSendsThreadStatusAndTheAnswerAsDataFrames() throws Exception {
        HttpResponse<String> started = post("/api/chat", "{\"companySlug\":\"demo\",\"message\":\"opening\"}");
        String threadId = JSON.readTree(started.body()).path("threadId").asString();

        HttpResponse<String> stream = post(
                "/api/chat-stream",
                "{\"companySlug\":\"demo\",\"message\":\"streamed\",\"threadId\":\"" + threadId + "\"}");

        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        List<JsonNode> frames = dataFrames(stream.body());
        assertThat(frames.getFirst().toString()).isEqualTo("{\"threadId\":\"" + threadId + "\"}");
        assertThat(frames).anySatisfy(frame -> assertThat(frame.has("status")).isTrue());
        JsonNode last = frames.getLast();
        assertThat(last.path("status").asString()).isEqualTo("completed");
        assertThat(last.path("threadId").asString()).isEqualTo(threadId);
        assertThat(last.path("response").asString()).startsWith("Turn 2: you said \"streamed\"");
    }

    @Test
    void bothWorkersTakeRequestsFromTheSharedGroup() throws Exception {
        List<String> requestIds = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            HttpResponse<String> accepted =
                    post("/v1/chats", "{\"companySlug\":\"demo\",\"message\":\"load " + i + "\"}");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            requestIds.add(JSON.readTree(accepted.body()).path("requestId").asString());
        }

        await().atMost(ANSWER).untilAsserted(() -> {
            for (String requestId : requestIds) {
                assertThat(JSON.readTree(get("/v1/chats/" + requestId).body())
                                .path("status")
                                .asString())
                        .isEqualTo("completed");
            }
        });
        // 24 conversations over 12 partitions: both members of the group got some.
        for (String worker : stack.workerUrls()) {
            assertThat(completedBy(worker)).as(worker).isPositive();
        }
    }

    @Test
    void eachAppServesItsOwnSettingsFromOneClasspath() throws Exception {
        // The Prometheus endpoint is exposed only by chat-gateway.yml and chat-worker.yml.
        assertThat(metrics(stack.gatewayUrl())).contains("chatrelay_gateway_dead_letters_backlog");
        for (String worker : stack.workerUrls()) {
            assertThat(metrics(worker)).contains("chatrelay_worker_inflight");
        }
    }

    @Test
    void refusesCallsWithoutTheDemoKey() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/chats"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"companySlug\":\"demo\",\"message\":\"hi\"}"))
                .build();

        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(401);
    }

    @Test
    void saysClearlyWhenTheGatewayPortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            DevStackSettings settings = stack.settings().withPort(taken.getLocalPort());

            assertThatThrownBy(() -> DevStack.start(settings))
                    .isInstanceOf(DevStack.PortTakenException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " is already in use")
                    .hasMessageContaining("--port");
        }
    }

    private static OpenAiSimulator simulator() {
        return stack.simulator().orElseThrow();
    }

    private static double completedBy(String worker) throws Exception {
        Matcher matcher = Pattern.compile(
                        "(?m)^chatrelay_worker_requests_total\\{[^}]*outcome=\"completed\"[^}]*} (\\S+)$")
                .matcher(metrics(worker));
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static String metrics(String baseUrl) throws Exception {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.body();
    }

    private static List<JsonNode> dataFrames(String body) {
        return body.lines()
                .filter(line -> line.startsWith("data:"))
                .map(line -> JSON.readTree(line.substring("data:".length()).trim()))
                .toList();
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path))
                .timeout(ANSWER)
                .header("Authorization", "Bearer " + stack.settings().demoKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + stack.settings().demoKey())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
