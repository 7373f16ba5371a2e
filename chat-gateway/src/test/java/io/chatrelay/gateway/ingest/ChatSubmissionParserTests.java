package io.chatrelay.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.gateway.api.ApiException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChatSubmissionParserTests {

    private final ChatSubmissionParser parser =
            new ChatSubmissionParser(new IngestProperties(10, 2, Duration.ofSeconds(8), Duration.ofHours(1), 1));

    @Test
    void readsAllFields() {
        ChatSubmission submission = parser.parse(
                "{\"companySlug\":\"acme\",\"message\":\"hi\",\"conversationId\":\"cnv_1\",\"metadata\":{\"a\":\"b\"}}");

        assertThat(submission).isEqualTo(new ChatSubmission("acme", "hi", "cnv_1", java.util.Map.of("a", "b")));
    }

    @Test
    void namesTheFieldOfEachProblem() {
        assertField("{\"message\":\"hi\"}", "missing_field", "companySlug");
        assertField("{\"companySlug\":\"Acme!\",\"message\":\"hi\"}", "invalid_field", "companySlug");
        assertField("{\"companySlug\":\"acme\",\"message\":\"  \"}", "missing_field", "message");
        assertField("{\"companySlug\":\"acme\",\"message\":42}", "invalid_field", "message");
        assertField(
                "{\"companySlug\":\"acme\",\"message\":\"hi\",\"conversationId\":\"a b\"}",
                "invalid_field",
                "conversationId");
        assertField(
                "{\"companySlug\":\"acme\",\"message\":\"hi\",\"metadata\":{\"a\":1}}", "invalid_field", "metadata.a");
        assertField(
                "{\"companySlug\":\"acme\",\"message\":\"hi\",\"metadata\":{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}}",
                "invalid_field",
                "metadata");
    }

    @Test
    void refusesMessagesOverTheLimitWith413() {
        assertThatThrownBy(() -> parser.parse("{\"companySlug\":\"acme\",\"message\":\"12345678901\"}"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status().value()).isEqualTo(413));
    }

    @Test
    void refusesBodiesThatAreNotJsonObjects() {
        assertField("[1,2]", "malformed_json", null);
        assertField("{", "malformed_json", null);
        assertField("", "malformed_json", null);
    }

    private void assertField(String body, String code, String field) {
        assertThatThrownBy(() -> parser.parse(body)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.body().error().code()).isEqualTo(code);
            assertThat(e.body().error().field()).isEqualTo(field);
        });
    }
}
