package io.chatrelay.gateway.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.config.TopicBuilder;

class TopicReplicationTests {

    private static final TopicProperties FIT = new TopicProperties(0, 1);

    @Test
    void fitsTheClusterWithThreeReplicasAtMost() {
        assertThat(factorOn(FIT, 1)).isEqualTo(1);
        assertThat(factorOn(FIT, 2)).isEqualTo(2);
        assertThat(factorOn(FIT, 3)).isEqualTo(3);
        assertThat(factorOn(FIT, 5)).isEqualTo(3);
    }

    @Test
    void threeReplicasAcknowledgeAWriteOnceTwoHoldIt() {
        NewTopic topic = TopicReplication.of(FIT, OptionalInt.of(3))
                .apply(TopicBuilder.name("t").partitions(1))
                .build();

        assertThat(topic.replicationFactor()).isEqualTo((short) 3);
        assertThat(topic.configs()).containsEntry("min.insync.replicas", "2");
    }

    @Test
    void takesAConfiguredFactorTheClusterCanHold() {
        assertThat(factorOn(new TopicProperties(2, 1), 3)).isEqualTo(2);
        assertThatThrownBy(() -> TopicReplication.of(new TopicProperties(3, 1), OptionalInt.of(1)))
                .hasMessageContaining("the cluster has 1");
    }

    @Test
    void refusesToStartBelowTheMinimum() {
        assertThatThrownBy(() -> TopicReplication.of(new TopicProperties(0, 3), OptionalInt.of(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("min-replication-factor=3")
                .hasMessageContaining("refusing to start");
    }

    @Test
    void leavesTheFactorToTheBrokerWhenTheClusterCouldNotBeCounted() {
        NewTopic topic = TopicReplication.of(FIT, OptionalInt.empty())
                .apply(TopicBuilder.name("t").partitions(1))
                .build();

        assertThat(topic.replicationFactor()).isEqualTo((short) -1);
    }

    private static int factorOn(TopicProperties properties, int brokers) {
        return TopicReplication.of(properties, OptionalInt.of(brokers)).factor().orElseThrow();
    }
}
