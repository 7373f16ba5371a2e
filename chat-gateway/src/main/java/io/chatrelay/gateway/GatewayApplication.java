package io.chatrelay.gateway;

import io.chatrelay.common.naming.NamingProperties;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.TopicNames;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** The gateway: accepts chat messages over HTTP, publishes them to Kafka and relays progress over SSE. */
@SpringBootApplication
@ConfigurationPropertiesScan(basePackages = {"io.chatrelay.gateway", "io.chatrelay.common.naming"})
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }

    @Bean
    TopicNames topicNames(NamingProperties naming) {
        return naming.topics();
    }

    @Bean
    RedisKeys redisKeys(NamingProperties naming) {
        return naming.redisKeys();
    }
}
