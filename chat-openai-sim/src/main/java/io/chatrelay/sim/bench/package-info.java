/** A runnable benchmark that shows the simulator is never the bottleneck: throughput and concurrent streams. */
package io.chatrelay.sim.bench;
