package io.chatrelay.gateway.admin;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.wire.AssistantProfile;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/** The company profiles in Redis, as the workers read them. */
final class CompanyProfiles {

    private final ReactiveStringRedisTemplate redis;
    private final RedisKeys keys;

    CompanyProfiles(ReactiveStringRedisTemplate redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Sets the profile; true when the company is new. */
    Mono<Boolean> put(String companySlug, AssistantProfile profile) {
        String key = keys.companyProfile(companySlug);
        return redis.hasKey(key)
                .flatMap(existed -> redis.opsForValue()
                        .set(key, ChatCodec.instance().toJson(profile))
                        .thenReturn(!existed));
    }

    /** The profile; a bare assistant id stored by the original system reads as an assistants profile. */
    Mono<AssistantProfile> get(String companySlug) {
        return redis.opsForValue()
                .get(keys.companyProfile(companySlug))
                .map(stored -> ChatCodec.instance().readProfile(stored));
    }

    /** Removes the profile; false when there was none. */
    Mono<Boolean> delete(String companySlug) {
        return redis.delete(keys.companyProfile(companySlug)).map(deleted -> deleted > 0);
    }
}
