/** Kafka consumers that run for the gateway's lifetime: polled on a thread of their own, resumed after any failure. */
package io.chatrelay.gateway.consume;
