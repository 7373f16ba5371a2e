package io.chatrelay.testkit;

import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** A single-node KRaft broker running inside this JVM: the tests' shared one, or the dev stack's. */
public final class KafkaBroker {

    private final EmbeddedKafkaKraftBroker broker;

    private KafkaBroker(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    public static KafkaBroker start() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.kafkaPorts(0);
        broker.brokerProperties(Map.of(
                // Tests create topics with the partition counts they need; auto-created ones get one partition.
                "auto.create.topics.enable", "true",
                "num.partitions", "1",
                // A consumer group forms at once instead of after the default 3 s delay.
                "group.initial.rebalance.delay.ms", "0",
                "offsets.topic.num.partitions", "5",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
        return new KafkaBroker(broker);
    }

    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    public void stop() {
        broker.destroy();
    }
}
