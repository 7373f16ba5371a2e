package io.chatrelay.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.gateway.support.TenantIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** The {@code /ops} page loads without a token; {@link OpsPageBrowserIntegrationTests} drives it in a browser. */
class OpsPageIntegrationTests extends TenantIntegrationTest {

    @Test
    void servesThePageWithoutDataOrToken() {
        String page = http().get()
                .uri("/ops")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        assertThat(page)
                .contains("<h1>Dead letters</h1>")
                .contains("/admin/dead-letters?")
                .contains("/admin/dead-letters/replay")
                .contains("/discard")
                .contains("dryRun")
                .doesNotContain(ADMIN_TOKEN);
    }
}
