package io.chatrelay.sim;

import static io.chatrelay.sim.SimFixtures.aStrictClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Errors as OpenAI answers them, and faults injected globally or by directive. */
class FaultsAndErrorsTests {

    static OpenAiSimulator simulator;
    static OpenAIClient client;

    @BeforeAll
    static void start() {
        simulator = SimFixtures.aFastSimulator();
        client = aStrictClient(simulator);
    }

    @AfterEach
    void clearFaults() {
        simulator.faults(FaultSettings.none());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void directedRateLimitFailsTwiceThenSucceedsWithRetryAfterHeaders() {
        ResponseCreateParams params = quick("Busy [sim:fail=429x2;retry-after=1500ms]");

        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> client.responses().create(params))
                    .isInstanceOfSatisfying(RateLimitException.class, e -> {
                        assertThat(e.code()).contains("rate_limit_exceeded");
                        assertThat(e.headers().values("retry-after-ms")).containsExactly("1500");
                        assertThat(e.headers().values("retry-after")).containsExactly("2");
                        assertThat(e.headers().values("x-request-id")).hasSize(1);
                    });
        }
        assertThat(client.responses().create(params).status()).contains(ResponseStatus.COMPLETED);
    }

    @Test
    void insufficientQuotaIsA429WithoutRetryAfter() {
        assertThatThrownBy(() -> client.responses().create(quick("Pay up [sim:fail=insufficient_quota]")))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.code()).contains("insufficient_quota");
                    assertThat(e.headers().values("retry-after")).isEmpty();
                });
    }

    @Test
    void directedServerErrorCarriesItsStatus() {
        assertThatThrownBy(() -> client.responses().create(quick("Broken [sim:fail=502x1]")))
                .isInstanceOfSatisfying(
                        InternalServerException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(502));
    }

    @Test
    void globalOutageAnswers503ToEveryCall() {
        simulator.faults(FaultSettings.none().withOutage(true));

        assertThatThrownBy(() -> client.conversations().create())
                .isInstanceOfSatisfying(
                        InternalServerException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(503));
    }

    @Test
    void hangIsSeenAsATimeoutByTheClient() {
        OpenAIClient impatient = client.withOptions(o -> o.timeout(Duration.ofMillis(500)));

        assertThatThrownBy(() -> impatient.responses().create(quick("Hang [sim:fail=hangx1]")))
                .isInstanceOf(OpenAIIoException.class);
    }

    @Test
    void directedFailedStatusEndsTheResponseFailed() {
        Response response = client.responses().create(quick("Fail me [sim:status=failed]"));

        assertThat(response.status()).contains(ResponseStatus.FAILED);
        assertThat(response.error().orElseThrow().code().asString()).isEqualTo("server_error");
    }

    @Test
    void missingApiKeyAndWrongKeyAre401WithoutEchoingTheKey() {
        try (OpenAiSimulator strict =
                OpenAiSimulator.start(SimulatorSettings.defaults().withApiKey("sk-right-key-1234"))) {
            OpenAIClient wrong = OpenAIOkHttpClient.builder()
                    .baseUrl(strict.baseUrl())
                    .apiKey("sk-wrong-secret-5678")
                    .maxRetries(0)
                    .build();

            assertThatThrownBy(() -> wrong.conversations().create())
                    .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                        assertThat(e.code()).contains("invalid_api_key");
                        assertThat(e.getMessage()).doesNotContain("sk-wrong-secret-5678");
                    });
        }
    }

    @Test
    void missingModelNamesTheParameter() {
        assertThatThrownBy(() -> client.responses()
                        .create(ResponseCreateParams.builder()
                                .input("hi")
                                .model(JsonValue.from(null))
                                .build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.code()).contains("missing_required_parameter");
                    assertThat(e.param()).contains("model");
                });
    }

    @Test
    void malformedJsonIsA400() throws Exception {
        HttpResponse<String> response = post("/v1/responses", "{\"model\": ");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"type\":\"invalid_request_error\"");
    }

    @Test
    void adminSurfaceSetsFaultsAndReportsCounters() throws Exception {
        HttpResponse<String> faults = send(HttpRequest.newBuilder(adminUri("/sim/faults"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"server_error_rate\":1.0,\"server_error_status\":500}")));
        assertThat(faults.body()).contains("\"server_error_rate\":1.0");
        assertThatThrownBy(() -> client.conversations().create())
                .isInstanceOfSatisfying(
                        InternalServerException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(500));
        simulator.faults(FaultSettings.none());

        client.responses()
                .create(quick("Count me").toBuilder()
                        .metadata(ResponseCreateParams.Metadata.builder()
                                .putAdditionalProperty("chatrelay_request_id", JsonValue.from("req-count-1"))
                                .build())
                        .build());

        assertThat(simulator.counters().forRequest("req-count-1")).isEqualTo(new Counters.Snapshot(1, 0, 1, 0));
        HttpResponse<String> counters =
                send(HttpRequest.newBuilder(adminUri("/sim/counters")).GET());
        assertThat(counters.body()).contains("\"totals\"");
    }

    @Test
    void countsWhatEachRequestCreatedOverTheAdminApi() throws Exception {
        for (String requestId : new String[] {"req-admin-1", "req-admin-2", "req-admin-2"}) {
            client.responses()
                    .create(quick("Count me by request").toBuilder()
                            .metadata(ResponseCreateParams.Metadata.builder()
                                    .putAdditionalProperty("chatrelay_request_id", JsonValue.from(requestId))
                                    .build())
                            .build());
        }

        HttpResponse<String> one = send(HttpRequest.newBuilder(adminUri("/sim/counters/requests/req-admin-2"))
                .GET());
        HttpResponse<String> all =
                send(HttpRequest.newBuilder(adminUri("/sim/counters/requests")).GET());

        assertThat(one.body()).isEqualTo("{\"messages\":2,\"runs\":0,\"responses\":2,\"cancels\":0}");
        assertThat(all.body())
                .contains("\"req-admin-1\":{\"messages\":1,\"runs\":0,\"responses\":1,\"cancels\":0}")
                .contains("\"req-admin-2\":{\"messages\":2,\"runs\":0,\"responses\":2,\"cancels\":0}");
    }

    private static ResponseCreateParams quick(String text) {
        return ResponseCreateParams.builder().model("gpt-sim").input(text).build();
    }

    private static URI adminUri(String path) {
        return URI.create("http://127.0.0.1:" + simulator.port() + path);
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(adminUri(path))
                .header("Authorization", "Bearer " + SimFixtures.API_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
