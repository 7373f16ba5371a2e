/** The legacy engine: Assistants threads, messages and runs, for compatible servers. */
package io.chatrelay.worker.engine.assistants;
