package io.chatrelay.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The gateway: accepts chat messages over HTTP, publishes them to Kafka and relays progress over SSE. */
@SpringBootApplication
@ConfigurationPropertiesScan(basePackages = {"io.chatrelay.gateway", "io.chatrelay.common.naming"})
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }
}
