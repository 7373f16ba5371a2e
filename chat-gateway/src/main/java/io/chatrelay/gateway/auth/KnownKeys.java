package io.chatrelay.gateway.auth;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The API keys this instance found in Redis a moment ago, by hash, so that a client's run of requests costs one read
 * of {@code api-keys} per TTL instead of one per request. Unknown keys are never remembered: a key issued a moment
 * later works at once, and a stream of wrong keys cannot fill the map. A revoke through this instance forgets the key
 * at once; one through another instance (or straight in Redis) takes effect here when the entry expires, so the TTL is
 * how long a revoked key may still work.
 *
 * <p>Bounded: once {@link #MAX_ENTRIES} keys are remembered, expired entries are dropped, and while it stays full new
 * keys are simply read from Redis each time.
 */
final class KnownKeys {

    static final int MAX_ENTRIES = 10_000;

    private record Entry(String company, long expiresAt) {}

    private final Map<String, Entry> byHash = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final LongSupplier nanoTime;

    /**
     * @param ttl how long a key is remembered; zero remembers none
     * @param nanoTime the clock, {@link System#nanoTime} but in tests
     */
    KnownKeys(Duration ttl, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The company of a remembered, unexpired key hash; null otherwise. */
    String companyOf(String hash) {
        Entry entry = byHash.get(hash);
        if (entry == null) {
            return null;
        }
        if (nanoTime.getAsLong() - entry.expiresAt() >= 0) {
            byHash.remove(hash, entry);
            return null;
        }
        return entry.company();
    }

    void remember(String hash, String company) {
        if (ttlNanos <= 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (byHash.size() >= MAX_ENTRIES) {
            byHash.values().removeIf(entry -> now - entry.expiresAt() >= 0);
            if (byHash.size() >= MAX_ENTRIES) {
                return;
            }
        }
        byHash.put(hash, new Entry(company, now + ttlNanos));
    }

    void forget(String hash) {
        byHash.remove(hash);
    }

    void forgetCompany(String company) {
        byHash.values().removeIf(entry -> entry.company().equals(company));
    }
}
