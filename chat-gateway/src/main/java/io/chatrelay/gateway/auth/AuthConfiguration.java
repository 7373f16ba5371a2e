package io.chatrelay.gateway.auth;

import io.chatrelay.common.naming.RedisKeys;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

    @Bean
    AdminTokenFilter adminTokenFilter(AuthProperties properties) {
        return new AdminTokenFilter(properties.adminToken());
    }

    @Bean
    ApiKeyFilter apiKeyFilter(AuthProperties properties, ApiKeys apiKeys, StreamTokens streamTokens) {
        return new ApiKeyFilter(properties.enabled(), apiKeys, streamTokens);
    }

    @Bean
    StreamTokens streamTokens(AuthProperties properties) {
        return new StreamTokens(properties.streamTokenSecret(), properties.streamTokenTtl(), Clock.systemUTC());
    }

    @Bean
    ApiKeys apiKeys(ReactiveStringRedisTemplate redis, RedisKeys keys, AuthProperties properties) {
        return new ApiKeys(redis, keys, new KnownKeys(properties.apiKeyCacheTtl(), System::nanoTime));
    }
}
