/**
 * The HTTP contract shared by every endpoint: the JSON error body {error: {code, message, field?}}, the alphabet of
 * company slugs, and the shared parts of the OpenAPI description (security schemes, error answers with examples).
 */
package io.chatrelay.gateway.api;
