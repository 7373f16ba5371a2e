/** The worker benchmark: throughput against the ideal schedule, added latency and heap, printed by a main. */
package io.chatrelay.worker.bench;
