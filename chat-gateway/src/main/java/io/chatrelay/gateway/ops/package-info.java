/**
 * Operations on dead letters: an index of {@code chat.requests.DLT} in Redis, the admin API to browse, replay and
 * discard them with an audit trail, and the {@code /ops} page.
 */
package io.chatrelay.gateway.ops;
