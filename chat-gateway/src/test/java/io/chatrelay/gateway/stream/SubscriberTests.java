package io.chatrelay.gateway.stream;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class SubscriberTests {

    @Test
    void deliversBufferedEventsInOrder() {
        Subscriber subscriber = new Subscriber("req-1", 8);
        subscriber.offer(queued(1));
        subscriber.offer(queued(2));

        StepVerifier.create(subscriber.events())
                .expectNextMatches(event -> event.seq() == 1)
                .expectNextMatches(event -> event.seq() == 2)
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void endsTheFeedWhenTheClientFallsBehindTheBuffer() {
        Subscriber subscriber = new Subscriber("req-1", 8);
        for (int seq = 1; seq <= 9; seq++) {
            subscriber.offer(queued(seq));
        }
        subscriber.offer(queued(10));

        StepVerifier.create(subscriber.events())
                .expectNextCount(8)
                .expectError(Subscriber.TooSlow.class)
                .verify(Duration.ofSeconds(5));
    }

    private static WireEvent queued(long seq) {
        return new WireEvent(seq, "queued", "{\"type\":\"queued\",\"seq\":" + seq + "}");
    }
}
