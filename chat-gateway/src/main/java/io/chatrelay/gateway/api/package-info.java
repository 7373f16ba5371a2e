/**
 * The HTTP contract shared by every endpoint: the JSON error body {error: {code, message, field?}} and the alphabet of
 * company slugs.
 */
package io.chatrelay.gateway.api;
