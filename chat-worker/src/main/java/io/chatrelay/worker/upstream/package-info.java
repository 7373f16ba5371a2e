/** The OpenAI client the engines share, configured with the SDK's own retries off. */
package io.chatrelay.worker.upstream;
