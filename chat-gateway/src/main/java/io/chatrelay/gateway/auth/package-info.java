/**
 * Who is calling: the admin token, company API keys (stored as hashes) and signed stream tokens, checked by web filters
 * before any feature runs.
 */
package io.chatrelay.gateway.auth;
