/** The demo chat page at {@code /}: plain HTML and EventSource over the public API, nothing of its own. */
package io.chatrelay.gateway.demo;
