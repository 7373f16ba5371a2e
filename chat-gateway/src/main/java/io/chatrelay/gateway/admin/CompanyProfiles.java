package io.chatrelay.gateway.admin;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.wire.AssistantProfile;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * The company profiles in Redis, as the workers read them. Workers cache profiles: every change and every delete is
 * announced with the company's slug on {@link RedisKeys#profileChannel()}, after the write, so that a worker that
 * reads the profile again on that message reads the new one.
 */
final class CompanyProfiles {

    private final ReactiveStringRedisTemplate redis;
    private final RedisKeys keys;

    CompanyProfiles(ReactiveStringRedisTemplate redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Sets the profile and announces the change; true when the company is new. */
    Mono<Boolean> put(String companySlug, AssistantProfile profile) {
        String key = keys.companyProfile(companySlug);
        return redis.hasKey(key)
                .flatMap(existed -> redis.opsForValue()
                        .set(key, ChatCodec.instance().toJson(profile))
                        .then(announce(companySlug))
                        .thenReturn(!existed));
    }

    /** The profile; a bare assistant id stored by the original system reads as an assistants profile. */
    Mono<AssistantProfile> get(String companySlug) {
        return redis.opsForValue()
                .get(keys.companyProfile(companySlug))
                .map(stored -> ChatCodec.instance().readProfile(stored));
    }

    /**
     * Removes the profile and announces it; false when there was none. A delete that finds nothing is announced too: a
     * retried delete may follow one whose announcement was lost.
     */
    Mono<Boolean> delete(String companySlug) {
        return redis.delete(keys.companyProfile(companySlug))
                .flatMap(deleted -> announce(companySlug).thenReturn(deleted > 0));
    }

    private Mono<Void> announce(String companySlug) {
        return redis.convertAndSend(keys.profileChannel(), companySlug).then();
    }
}
