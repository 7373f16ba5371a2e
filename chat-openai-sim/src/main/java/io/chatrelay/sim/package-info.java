/** An OpenAI-compatible server for tests, benchmarks and the dev stack: real HTTP, deterministic replies, faults on demand. */
package io.chatrelay.sim;
