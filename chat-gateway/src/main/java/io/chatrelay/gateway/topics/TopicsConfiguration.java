package io.chatrelay.gateway.topics;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
class TopicsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TopicsConfiguration.class);

    /** How long the gateway waits at startup to count the brokers. */
    private static final Duration COUNT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Counted once at startup. A cluster that does not answer in time leaves the factor to the broker's default; the
     * topics are then created by whoever first writes them.
     */
    @Bean
    TopicReplication topicReplication(KafkaAdmin admin, TopicProperties properties) {
        TopicReplication replication = TopicReplication.of(properties, brokers(admin));
        log.info(
                "Topics the gateway creates get {} replica(s)",
                replication.factor().isPresent() ? replication.factor().getAsInt() : "the broker's default number of");
        return replication;
    }

    private static OptionalInt brokers(KafkaAdmin admin) {
        Map<String, Object> config = new HashMap<>(admin.getConfigurationProperties());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) COUNT_TIMEOUT.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) COUNT_TIMEOUT.toMillis());
        try (Admin client = Admin.create(config)) {
            return OptionalInt.of(client.describeCluster()
                    .nodes()
                    .get(COUNT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .size());
        } catch (ExecutionException | TimeoutException e) {
            log.warn(
                    "Could not count the Kafka brokers ({}); topics get the broker's default replication",
                    e.toString());
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }
}
