/** Per-company rate limits: a token bucket in Redis that every gateway instance shares. */
package io.chatrelay.gateway.limit;
