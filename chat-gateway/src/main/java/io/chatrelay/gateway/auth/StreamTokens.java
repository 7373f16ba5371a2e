package io.chatrelay.gateway.auth;

import io.chatrelay.gateway.api.CompanySlug;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived tokens that open one request's events without an API key, for browsers, whose {@code EventSource} cannot
 * send an {@code Authorization} header. A token is {@code <company>.<expiry epoch seconds>.<signature>}, the signature
 * being HMAC-SHA256 under {@code chatrelay.gateway.auth.stream-token-secret} over the request id, the company and the
 * expiry; so it is good for that request only, until then, and cannot be forged or moved to another request without
 * the secret. Nothing is stored: every gateway instance with the same secret accepts it.
 */
public final class StreamTokens {

    /** What a presented token turned out to be. */
    sealed interface Verdict {

        /**
         * Genuine, for this request, not expired.
         *
         * @param companySlug the company it was minted for
         */
        record Valid(String companySlug) implements Verdict {}

        /** Genuine and for this request, but past its expiry. */
        record Expired() implements Verdict {}

        /** Malformed, forged, or minted for another request. */
        record Invalid() implements Verdict {}
    }

    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    /** Null when no secret is configured (auth disabled): then no token is minted and none is valid. */
    private final SecretKeySpec key;

    private final Duration ttl;
    private final Clock clock;

    StreamTokens(String secret, Duration ttl, Clock clock) {
        this.key = secret == null ? null : new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.ttl = ttl;
        this.clock = clock;
    }

    /** A token that opens the request's events for its company, valid for the configured TTL from now. */
    public String mint(String requestId, String companySlug) {
        if (key == null) {
            throw new IllegalStateException("No stream-token secret is configured");
        }
        long expiry = clock.instant().plus(ttl).getEpochSecond();
        return companySlug + "." + expiry + "." + ENCODER.encodeToString(sign(requestId, companySlug, expiry));
    }

    /** Checks a presented token against the request whose events it asks for. */
    Verdict verify(String token, String requestId) {
        String[] parts = token.split("\\.", -1);
        if (key == null || parts.length != 3 || !CompanySlug.valid(parts[0])) {
            return new Verdict.Invalid();
        }
        long expiry;
        byte[] signature;
        try {
            expiry = Long.parseLong(parts[1]);
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return new Verdict.Invalid();
        }
        // The signature first: an expiry that is not genuine must not be reported as one.
        if (!MessageDigest.isEqual(signature, sign(requestId, parts[0], expiry))) {
            return new Verdict.Invalid();
        }
        if (clock.instant().getEpochSecond() >= expiry) {
            return new Verdict.Expired();
        }
        return new Verdict.Valid(parts[0]);
    }

    private byte[] sign(String requestId, String companySlug, long expiry) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            // Newlines cannot occur in any part, so the fields cannot be shifted into one another.
            return mac.doFinal((requestId + "\n" + companySlug + "\n" + expiry).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
