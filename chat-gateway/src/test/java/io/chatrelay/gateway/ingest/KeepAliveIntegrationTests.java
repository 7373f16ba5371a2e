package io.chatrelay.gateway.ingest;

import static io.chatrelay.gateway.support.GatewayFixtures.aChatBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.gateway.support.TenantIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Requests that follow each other at once on one kept-alive connection, as a client with a connection pool sends them:
 * each is answered, whichever thread finished the one before it.
 */
class KeepAliveIntegrationTests extends TenantIntegrationTest {

    private static final Duration ANSWER = Duration.ofSeconds(5);

    @Test
    void answersEachRequestThatFollowsAnAcceptOnTheSameConnection() throws Exception {
        List<String> answers = new ArrayList<>();
        // One connection: HTTP/1.1 and one request at a time.
        try (HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            // Ten companies, so that no accept meets the rate limit (a burst of 12 in these tests).
            for (int company = 0; company < 10; company++) {
                Tenant tenant = aTenant();
                for (int turn = 0; turn < 10; turn++) {
                    // An accept is answered once Kafka acknowledged it, off the connection's event loop; the request
                    // that follows comes in before that exchange has wound down.
                    answers.add(send(client, post(tenant, "turn " + turn)) + " then "
                            + send(client, get(tenant, "/v1/chats/req_none")));
                }
            }
        }

        assertThat(answers).containsOnly("202 then 404");
    }

    private String send(HttpClient client, HttpRequest request) throws Exception {
        return Integer.toString(
                client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    private HttpRequest post(Tenant tenant, String message) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chats"))
                .timeout(ANSWER)
                .header("Authorization", "Bearer " + tenant.key())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(aChatBody(tenant.slug(), message)))
                .build();
    }

    private HttpRequest get(Tenant tenant, String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(ANSWER)
                .header("Authorization", "Bearer " + tenant.key())
                .build();
    }
}
