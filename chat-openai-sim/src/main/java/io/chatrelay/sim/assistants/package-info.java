/** The legacy Assistants v2 API: assistants, threads, messages and runs, with one active run per thread. */
package io.chatrelay.sim.assistants;
