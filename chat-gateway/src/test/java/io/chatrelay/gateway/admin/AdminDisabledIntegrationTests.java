package io.chatrelay.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.gateway.support.GatewayIntegrationTest;
import io.chatrelay.testkit.TestNames;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** The shared gateway has no admin token configured: its admin API does not exist. */
class AdminDisabledIntegrationTests extends GatewayIntegrationTest {

    @Test
    void answers404ForTheAdminApiWhenNoAdminTokenIsConfigured() {
        String company = TestNames.unique().id().toLowerCase();

        http().put()
                .uri("/admin/companies/{slug}", company)
                .header(HttpHeaders.AUTHORIZATION, "Bearer any-token-at-all-1234")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"engine\":\"responses\",\"model\":\"gpt-4.1-mini\"}")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("not_found");
        http().get()
                .uri("/admin/companies/{slug}", company)
                .exchange()
                .expectStatus()
                .isNotFound();

        assertThat(worker.redis().exists(keys().companyProfile(company))).isZero();
    }
}
