/** The HTTP error contract shared by every endpoint: a JSON body {error: {code, message, field?}}. */
package io.chatrelay.gateway.api;
