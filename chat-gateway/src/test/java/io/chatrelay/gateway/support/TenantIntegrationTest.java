package io.chatrelay.gateway.support;

import io.chatrelay.testkit.TestNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the tests of the admin API and of tenancy: the shared gateway setup with auth enabled, an admin token and a
 * stream-token secret.
 */
public abstract class TenantIntegrationTest extends GatewayIntegrationTest {

    protected static final String ADMIN_TOKEN = "admin-" + UUID.randomUUID();
    protected static final String STREAM_TOKEN_SECRET = "stream-" + UUID.randomUUID();

    /**
     * A company with a profile and an API key, both made through the admin API.
     *
     * @param slug the company
     * @param key its API key
     */
    protected record Tenant(String slug, String key) {}

    @DynamicPropertySource
    static void tenancy(DynamicPropertyRegistry registry) {
        registry.add("chatrelay.gateway.auth.enabled", () -> true);
        registry.add("chatrelay.gateway.auth.admin-token", () -> ADMIN_TOKEN);
        registry.add("chatrelay.gateway.auth.stream-token-secret", () -> STREAM_TOKEN_SECRET);
    }

    /** A new company with a profile and one API key. */
    protected Tenant aTenant() {
        String slug = TestNames.unique().id().toLowerCase();
        admin().put()
                .uri("/admin/companies/{slug}", slug)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"engine\":\"responses\",\"model\":\"gpt-4.1-mini\"}")
                .exchange()
                .expectStatus()
                .isCreated();
        Map<?, ?> issued = admin().post()
                .uri("/admin/companies/{slug}/keys", slug)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return new Tenant(slug, (String) issued.get("key"));
    }

    /** A client that presents an API key. */
    protected WebTestClient as(Tenant tenant) {
        return withBearer(tenant.key());
    }

    protected WebTestClient withBearer(String token) {
        return WebTestClient.bindToServer()
                .responseTimeout(GatewayFixtures.RESPONSE_TIMEOUT)
                .baseUrl(baseUrl())
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .build();
    }

    /** A client that presents the admin token. */
    protected WebTestClient admin() {
        return withBearer(ADMIN_TOKEN);
    }

    /** What Redis stores for a key: its SHA-256 in hex. */
    protected static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
