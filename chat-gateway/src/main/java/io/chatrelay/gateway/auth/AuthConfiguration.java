package io.chatrelay.gateway.auth;

import io.chatrelay.common.naming.RedisKeys;
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
    ApiKeyFilter apiKeyFilter(AuthProperties properties, ApiKeys apiKeys) {
        return new ApiKeyFilter(properties.enabled(), apiKeys);
    }

    @Bean
    ApiKeys apiKeys(ReactiveStringRedisTemplate redis, RedisKeys keys) {
        return new ApiKeys(redis, keys);
    }
}
