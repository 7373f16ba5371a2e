/**
 * The objects the Assistants v2 API sends, as records written field for field: assistants, threads, messages, runs, run
 * steps.
 */
package io.chatrelay.sim.assistants.wire;
