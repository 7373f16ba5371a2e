package io.chatrelay.gateway.auth;

import io.chatrelay.common.naming.RedisKeys;
import java.security.SecureRandom;
import java.util.ArrayList;
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
     * Lists a key's hash under a company that has a profile; the check sits in the script so that a company deleted at
     * the same moment cannot keep a key. KEYS: the company's key set, the company's profile. ARGV: key hash. Returns 0
     * when the company has no profile.
     */
    private static final RedisScript<Long> LIST = RedisScript.of("""
            if redis.call('EXISTS', KEYS[2]) == 0 then
                return 0
            end
            return redis.call('SADD', KEYS[1], ARGV[1]) + 1
            """, Long.class);

    /**
     * Removes key hashes from {@code api-keys}, each only while it names the company. KEYS: api-keys hash. ARGV: the
     * company, then the hashes.
     */
    private static final RedisScript<Long> UNMAP = RedisScript.of("""
            local removed = 0
            for i = 2, #ARGV do
                if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[1] then
                    removed = removed + redis.call('HDEL', KEYS[1], ARGV[i])
                end
            end
            return removed
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
        // Mapped first and unmapped again when the company is gone: a company deleted meanwhile (its listed keys
        // unmapped) keeps no key that works. A gateway that stops between the two leaves a mapped key nobody was given.
        return redis.<String, String>opsForHash()
                .put(keys.apiKeys(), hash, companySlug)
                .then(redis.execute(
                                LIST,
                                List.of(keys.companyApiKeys(companySlug), keys.companyProfile(companySlug)),
                                List.of(hash))
                        .next())
                .flatMap(listed -> listed > 0
                        ? Mono.just(new Issued(keyId(hash), key))
                        : unmap(companySlug, List.of(hash)).then(Mono.empty()));
    }

    /** The ids of a company's keys, sorted. */
    public Mono<List<String>> ids(String companySlug) {
        return redis.opsForSet()
                .members(keys.companyApiKeys(companySlug))
                .map(ApiKeys::keyId)
                .sort()
                .collectList();
    }

    /**
     * Revokes one key of a company; false when the company has no key with that id. The key stops working before it
     * leaves the company's list, so a revoke cut short is seen and done again by its retry.
     */
    public Mono<Boolean> revoke(String companySlug, String keyId) {
        return redis.opsForSet()
                .members(keys.companyApiKeys(companySlug))
                .filter(hash -> keyId(hash).equals(keyId))
                .next()
                .flatMap(hash -> unmap(companySlug, List.of(hash))
                        .then(redis.opsForSet().remove(keys.companyApiKeys(companySlug), hash))
                        .doOnNext(removed -> known.forget(hash)))
                .map(removed -> removed == 1L)
                .defaultIfEmpty(false);
    }

    /** Revokes every key of a company; says how many there were. */
    public Mono<Long> revokeAll(String companySlug) {
        return redis.opsForSet()
                .members(keys.companyApiKeys(companySlug))
                .collectList()
                .flatMap(hashes -> hashes.isEmpty()
                        ? Mono.just(0L)
                        : unmap(companySlug, hashes)
                                .then(redis.opsForSet().remove(keys.companyApiKeys(companySlug), hashes.toArray())))
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

    /** Unmaps {@code hashes} that still name the company. */
    private Mono<Long> unmap(String companySlug, List<String> hashes) {
        List<String> args = new ArrayList<>(hashes.size() + 1);
        args.add(companySlug);
        args.addAll(hashes);
        return redis.execute(UNMAP, List.of(keys.apiKeys()), args).next();
    }
}
