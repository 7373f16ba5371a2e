package io.chatrelay.worker.intake;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;

/** Thin adapter: hands each {@code chat.requests} record to the window and returns. */
class RequestListener {

    static final String ID = "chat-requests";

    private final RequestWindow window;

    RequestListener(RequestWindow window) {
        this.window = window;
    }

    @KafkaListener(
            id = ID,
            topics = "#{@topicNames.requests()}",
            groupId = "${chatrelay.worker.group-id:chat-worker}",
            containerFactory = "requestListenerFactory")
    void on(ConsumerRecord<String, byte[]> record, Acknowledgment ack) {
        window.accept(record, ack);
    }
}
