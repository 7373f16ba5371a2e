/** {@code bin/chatrelay ops}: a thin command-line client of the gateway's dead-letter admin API. */
package io.chatrelay.gateway.ops.cli;
