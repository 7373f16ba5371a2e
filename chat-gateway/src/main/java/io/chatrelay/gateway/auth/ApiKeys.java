package io.chatrelay.gateway.auth;

import io.chatrelay.common.naming.RedisKeys;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * Company API keys. A key is shown once, when issued; Redis keeps only its SHA-256 (hash → company in
 * {@code api-keys}, and the company's set of hashes). Keys are 256 random bits, so a plain SHA-256 is enough: there is
 * nothing to guess that a slow hash would protect.
 *
 * <p>A key's id is a fingerprint of its hash ({@code key_} + 16 hex digits of the SHA-256 of the hash): stable, unique
 * in practice, and it tells nothing about the key or the hash, so the admin API can list and revoke keys by id without
 * an id → hash index.
 */
public final class ApiKeys {

    /**
     * A key as issued. {@link #toString()} leaves the key out, so it cannot reach a log by accident.
     *
     * @param keyId the key's id, for listing and revoking
     * @param key the secret itself; it exists only in this answer
     */
    public record Issued(String keyId, String key) {
        @Override
        public String toString() {
            return "Issued[keyId=" + keyId + ", key=***]";
        }
    }

    /** The prefix of every key, so that secret scanners and people recognise one. */
    static final String KEY_PREFIX = "crk_";

    private static final String ID_PREFIX = "key_";

    /**
     * Stores a key's hash for a company that has a profile; the check sits in the script so that a company deleted at
     * the same moment cannot keep a key. KEYS: api-keys hash, the company's key set, the company's profile. ARGV: key
     * hash, company. Returns 0 when the company has no profile.
     */
    private static final RedisScript<Long> ISSUE = RedisScript.of("""
            if redis.call('EXISTS', KEYS[3]) == 0 then
                return 0
            end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('SADD', KEYS[2], ARGV[1])
            return 1
            """, Long.class);

    /**
     * Removes one key, only if it is the company's. KEYS: api-keys hash, the company's key set. ARGV: key hash.
     * Returns 1 when it was removed.
     */
    private static final RedisScript<Long> REVOKE = RedisScript.of("""
            if redis.call('SREM', KEYS[2], ARGV[1]) == 0 then
                return 0
            end
            redis.call('HDEL', KEYS[1], ARGV[1])
            return 1
            """, Long.class);

    /** Removes every key of a company. KEYS: api-keys hash, the company's key set. Returns how many there were. */
    private static final RedisScript<Long> REVOKE_ALL = RedisScript.of("""
            local hashes = redis.call('SMEMBERS', KEYS[2])
            for _, hash in ipairs(hashes) do
                redis.call('HDEL', KEYS[1], hash)
            end
            redis.call('DEL', KEYS[2])
            return #hashes
            """, Long.class);

    private final SecureRandom random = new SecureRandom();
    private final ReactiveStringRedisTemplate redis;
    private final RedisKeys keys;
    private final KnownKeys known;

    ApiKeys(ReactiveStringRedisTemplate redis, RedisKeys keys, KnownKeys known) {
        this.redis = redis;
        this.keys = keys;
        this.known = known;
    }

    /** Issues a new key to a company; empty when the company has no profile. */
    public Mono<Issued> issue(String companySlug) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return register(
                companySlug,
                KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /**
     * Accepts a key chosen elsewhere (the dev stack's fixed demo key) for a company; empty when the company has no
     * profile. Issued keys are the safer choice: this one is only as strong as its source.
     */
    public Mono<Issued> register(String companySlug, String key) {
        String hash = Credentials.sha256Hex(key);
        return redis.execute(ISSUE, companyKeys(companySlug), List.of(hash, companySlug))
                .next()
                .filter(issued -> issued == 1L)
                .map(issued -> new Issued(keyId(hash), key));
    }

    /** The ids of a company's keys, sorted. */
    public Mono<List<String>> ids(String companySlug) {
        return redis.opsForSet()
                .members(keys.companyApiKeys(companySlug))
                .map(ApiKeys::keyId)
                .sort()
                .collectList();
    }

    /** Revokes one key of a company; false when the company has no key with that id. */
    public Mono<Boolean> revoke(String companySlug, String keyId) {
        return redis.opsForSet()
                .members(keys.companyApiKeys(companySlug))
                .filter(hash -> keyId(hash).equals(keyId))
                .next()
                .flatMap(hash -> redis.execute(
                                REVOKE, List.of(keys.apiKeys(), keys.companyApiKeys(companySlug)), List.of(hash))
                        .next()
                        .doOnNext(removed -> known.forget(hash)))
                .map(removed -> removed == 1L)
                .defaultIfEmpty(false);
    }

    /** Revokes every key of a company; says how many there were. */
    public Mono<Long> revokeAll(String companySlug) {
        return redis.execute(REVOKE_ALL, List.of(keys.apiKeys(), keys.companyApiKeys(companySlug)), List.of())
                .next()
                .doOnNext(revoked -> known.forgetCompany(companySlug));
    }

    /**
     * The company a key belongs to; empty when the key is unknown or revoked. Asked on every request, so a known key is
     * remembered for a moment ({@link KnownKeys}).
     */
    Mono<String> companyOf(String key) {
        Objects.requireNonNull(key, "key");
        String hash = Credentials.sha256Hex(key);
        String company = known.companyOf(hash);
        if (company != null) {
            return Mono.just(company);
        }
        return redis.<String, String>opsForHash()
                .get(keys.apiKeys(), hash)
                .doOnNext(found -> known.remember(hash, found));
    }

    static String keyId(String hash) {
        return ID_PREFIX + Credentials.sha256Hex(hash).substring(0, 16);
    }

    private List<String> companyKeys(String companySlug) {
        return List.of(keys.apiKeys(), keys.companyApiKeys(companySlug), keys.companyProfile(companySlug));
    }
}
