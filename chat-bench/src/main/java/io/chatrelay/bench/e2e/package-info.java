/** The end-to-end benchmark: throughput, latency and what each process costs, at two upstream latencies. */
package io.chatrelay.bench.e2e;
