package io.chatrelay.gateway.admin;

import io.chatrelay.common.naming.RedisKeys;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

    @Bean
    CompanyProfiles companyProfiles(ReactiveStringRedisTemplate redis, RedisKeys keys) {
        return new CompanyProfiles(redis, keys);
    }
}
