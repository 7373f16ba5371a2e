package io.chatrelay.worker.lifecycle;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.wire.AssistantProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Company profiles, read from Redis once and kept: a request costs no round trip for its company's profile. The gateway
 * announces every change of a profile on the profile channel, and the copy kept here is dropped at once; a copy is
 * also read again after {@code maxAge}, for an announcement missed while the channel's connection was down.
 */
final class CompanyProfiles implements MessageListener {

    private record Kept(AssistantProfile profile, long readAt) {}

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final long maxAgeNanos;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();
    /** Counts announcements, so that a read overtaken by one is not kept. */
    private final AtomicLong announcements = new AtomicLong();

    CompanyProfiles(StringRedisTemplate redis, RedisKeys keys, Duration maxAge) {
        this.redis = redis;
        this.keys = keys;
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** The company's profile; empty when it has none (not kept: the next request looks again). */
    Optional<AssistantProfile> of(String companySlug) {
        Kept copy = kept.get(companySlug);
        long now = System.nanoTime();
        if (copy != null && now - copy.readAt() < maxAgeNanos) {
            return Optional.of(copy.profile());
        }
        long seen = announcements.get();
        String stored = redis.opsForValue().get(keys.companyProfile(companySlug));
        if (stored == null || stored.isBlank()) {
            kept.remove(companySlug);
            return Optional.empty();
        }
        AssistantProfile profile = ChatCodec.instance().readProfile(stored);
        if (announcements.get() == seen) {
            kept.put(companySlug, new Kept(profile, now));
        }
        return Optional.of(profile);
    }

    /** A company's profile changed or was deleted. */
    @Override
    public void onMessage(Message message, byte[] pattern) {
        announcements.incrementAndGet();
        kept.remove(new String(message.getBody(), StandardCharsets.UTF_8));
    }
}
