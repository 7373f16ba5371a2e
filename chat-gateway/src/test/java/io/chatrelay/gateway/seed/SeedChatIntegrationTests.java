package io.chatrelay.gateway.seed;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.gateway.support.GatewayIntegrationTest;
import io.chatrelay.testkit.TestNames;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

class SeedChatIntegrationTests extends GatewayIntegrationTest {

    private String company;

    @BeforeEach
    void company() {
        company = TestNames.unique().id().toLowerCase();
        worker.registerCompany(company);
    }

    @Test
    void answersEachMessageOfAThreadWithTheSeedShape() {
        String threadId = NAMES.of("seed-thread");
        for (String answer : new String[] {"First answer.", "Second answer."}) {
            String requested =
                    "{\"companySlug\":\"" + company + "\",\"message\":\"hi\",\"threadId\":\"" + threadId + "\"}";
            Thread.ofVirtual().start(() -> worker.awaitAndComplete(threadId, answer));

            post(requested)
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.response")
                    .isEqualTo(answer)
                    .jsonPath("$.threadId")
                    .isEqualTo(threadId)
                    .jsonPath("$.assistantId")
                    .isEqualTo("gpt-4.1-mini");
        }
    }

    @Test
    void answersInJsonWhateverTheClientAccepts() {
        // The original handler answered JSON to every client; a 406 here would come after the chat ran.
        String threadId = NAMES.of("seed-accept");
        Thread.ofVirtual().start(() -> worker.awaitAndComplete(threadId, "Answered anyway."));

        http().post()
                .uri("/api/chat")
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_XML)
                .bodyValue("{\"companySlug\":\"" + company + "\",\"message\":\"hi\",\"threadId\":\"" + threadId + "\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.response")
                .isEqualTo("Answered anyway.");
    }

    @Test
    void streamsThreadStatusAndTheAnswerAsDataFrames() {
        String threadId = NAMES.of("seed-stream");
        Thread.ofVirtual().start(() -> worker.awaitAndComplete(threadId, "Streamed answer."));

        List<String> frames = http().post()
                .uri("/api/chat-stream")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"companySlug\":\"" + company + "\",\"message\":\"hi\",\"threadId\":\"" + threadId + "\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseBody()
                .collectList()
                .block(Duration.ofSeconds(30));

        assertThat(frames.getFirst()).isEqualTo("{\"threadId\":\"" + threadId + "\"}");
        assertThat(frames.getLast())
                .contains("\"status\":\"completed\"")
                .contains("\"response\":\"Streamed answer.\"")
                .contains("\"threadId\":\"" + threadId + "\"");
    }

    @Test
    void answers400WithTheSeedMessageWhenFieldsAreMissing() {
        post("{\"companySlug\":\"" + company + "\"}")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .json("{\"error\":\"Company slug and message are required\"}", true);
    }

    @Test
    void answers404WithTheSeedMessageForAnUnknownCompany() {
        post("{\"companySlug\":\"nobody-" + company + "\",\"message\":\"hi\"}")
                .expectStatus()
                .isNotFound()
                .expectBody()
                .json("{\"error\":\"No assistant found for this company\"}", true);
    }

    @Test
    void answers413WithTheSeedShapeForAMessageOverTheLimit() {
        post("{\"companySlug\":\"" + company + "\",\"message\":\"" + "x".repeat(32_001) + "\"}")
                .expectStatus()
                .isEqualTo(413)
                .expectBody()
                .json("{\"error\":\"message is longer than 32000 characters\"}", true);
    }

    @Test
    void answers429WithRetryAfterOnceTheCompanyUsedUpItsRateLimit() {
        // The bucket holds 12 and refills at 0.5/s, so on a slow machine a token or two may come back meanwhile.
        int accepted = 0;
        FluxExchangeResult<String> refused = null;
        while (refused == null && accepted < 20) {
            FluxExchangeResult<String> answer = http().post()
                    .uri("/api/chat-stream")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"companySlug\":\"" + company + "\",\"message\":\"message " + accepted + "\"}")
                    .exchange()
                    .returnResult(String.class);
            if (answer.getStatus().value() == 200) {
                accepted++;
                answer.getResponseBody().subscribe().dispose();
            } else {
                refused = answer;
            }
        }

        assertThat(accepted).isBetween(12, 16);
        assertThat(refused).isNotNull();
        assertThat(refused.getStatus().value()).isEqualTo(429);
        assertThat(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER))
                .isNotBlank();
        assertThat(refused.getResponseBody().blockFirst(Duration.ofSeconds(10)))
                .isEqualTo("{\"error\":\"Too many requests for this company\"}");
    }

    @Test
    void answers405ForOtherMethods() {
        http().get()
                .uri("/api/chat")
                .exchange()
                .expectStatus()
                .isEqualTo(405)
                .expectHeader()
                .valueEquals(HttpHeaders.ALLOW, "POST");
    }

    private WebTestClient.ResponseSpec post(String json) {
        return http().post()
                .uri("/api/chat")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange();
    }
}
