/** The end-to-end benchmark: throughput, latency and what each process costs per chat, at given upstream latencies. */
package io.chatrelay.bench.e2e;
