package io.chatrelay.gateway.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Base of the tests of the admin API and of tenancy: the shared gateway setup plus an admin token. */
public abstract class TenantIntegrationTest extends GatewayIntegrationTest {

    protected static final String ADMIN_TOKEN = "admin-" + UUID.randomUUID();

    @DynamicPropertySource
    static void tenancy(DynamicPropertyRegistry registry) {
        registry.add("chatrelay.gateway.auth.admin-token", () -> ADMIN_TOKEN);
    }

    /** A client that presents the admin token. */
    protected WebTestClient admin() {
        return WebTestClient.bindToServer()
                .baseUrl(baseUrl())
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_TOKEN)
                .build();
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
