/** Relaying a request's events over SSE: history replay from Redis, then live events from Kafka, resumable. */
package io.chatrelay.gateway.stream;
