package io.chatrelay.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/** Reading and comparing secrets without leaking them through timing. */
final class Credentials {

    private static final String BEARER = "bearer ";

    private Credentials() {}

    /** The token of an {@code Authorization: Bearer <token>} header; null when there is none. */
    static String bearer(ServerHttpRequest request) {
        String header = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() <= BEARER.length()) {
            return null;
        }
        if (!header.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return null;
        }
        String token = header.substring(BEARER.length()).strip();
        return token.isEmpty() ? null : token;
    }

    /**
     * Whether two secrets are equal, in time independent of where they differ and of their lengths (both are hashed
     * first).
     */
    static boolean same(String presented, String expected) {
        return MessageDigest.isEqual(sha256(presented), sha256(expected));
    }

    static String sha256Hex(String value) {
        return HexFormat.of().formatHex(sha256(value));
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
