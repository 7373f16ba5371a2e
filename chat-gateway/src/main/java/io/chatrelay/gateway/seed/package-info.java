/**
 * The original system's endpoints, {@code POST /api/chat} and {@code /api/chat-stream}, in the request and answer
 * shapes its clients already parse. They accept through the same intake as {@code /v1}; new clients use {@code /v1}.
 */
package io.chatrelay.gateway.seed;
