package io.chatrelay.gateway.support;

import io.chatrelay.gateway.GatewayApplication;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.testkit.TestNames;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One gateway application context of its own on a random port, against the JVM's real broker and Redis: for tests
 * that need several instances side by side. Instances started with the same {@link TestNames} share topics and keys,
 * as the instances of one deployment do.
 */
public final class GatewayInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final String baseUrl;

    private GatewayInstance(ConfigurableApplicationContext context) {
        this.context = context;
        int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        this.baseUrl = "http://localhost:" + port;
    }

    /** Starts an instance with the test's prefixes, two partitions per topic, and {@code settings} on top. */
    public static GatewayInstance start(TestNames names, Map<String, Object> settings) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", 0);
        properties.put("spring.kafka.bootstrap-servers", RealServices.kafkaBootstrapServers());
        properties.putAll(RealServices.redisProperties());
        properties.put("chatrelay.naming.topic-prefix", names.topicPrefix());
        properties.put("chatrelay.naming.redis-prefix", names.redisPrefix());
        properties.put("chatrelay.gateway.ingest.request-partitions", 2);
        properties.put("chatrelay.gateway.stream.event-partitions", 2);
        properties.putAll(settings);
        return new GatewayInstance(new SpringApplicationBuilder(GatewayApplication.class)
                .properties(properties)
                .run());
    }

    public String baseUrl() {
        return baseUrl;
    }

    public WebTestClient http() {
        return WebTestClient.bindToServer()
                .responseTimeout(GatewayFixtures.RESPONSE_TIMEOUT)
                .baseUrl(baseUrl)
                .build();
    }

    @Override
    public void close() {
        context.close();
    }
}
