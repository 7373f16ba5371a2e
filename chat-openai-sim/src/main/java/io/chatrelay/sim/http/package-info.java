/** The simulator's HTTP plumbing: exchanges, JSON, OpenAI-shaped errors and list pages, server-sent events and ids. */
package io.chatrelay.sim.http;
