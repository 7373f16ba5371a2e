/** The simulator's HTTP plumbing: exchanges, JSON, OpenAI-shaped errors, server-sent events and ids. */
package io.chatrelay.sim.http;
