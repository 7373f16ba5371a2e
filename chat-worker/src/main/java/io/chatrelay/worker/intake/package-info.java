/** Kafka intake: a sliding window per partition, per-conversation order on virtual threads, ordered acks. */
package io.chatrelay.worker.intake;
