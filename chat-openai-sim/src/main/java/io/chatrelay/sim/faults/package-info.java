/** Faults on demand: global rates and counts, and per-request directives written into a message or its metadata. */
package io.chatrelay.sim.faults;
