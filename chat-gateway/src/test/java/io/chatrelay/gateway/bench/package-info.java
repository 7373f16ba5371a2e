/**
 * The gateway benchmarks, printed by mains ({@code bin/chatrelay bench gateway}, {@code bin/chatrelay bench sse}):
 * accept throughput and latency against a bare endpoint, and event delivery to many SSE subscribers.
 */
package io.chatrelay.gateway.bench;
