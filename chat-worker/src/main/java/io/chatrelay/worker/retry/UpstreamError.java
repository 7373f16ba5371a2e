package io.chatrelay.worker.retry;

/**
 * The parts of an upstream error answer worth keeping.
 *
 * @param status HTTP status (0 when there was no answer)
 * @param code the error code, or null
 * @param requestId the upstream {@code x-request-id}, or null
 */
public record UpstreamError(int status, String code, String requestId) {

    public static final UpstreamError NONE = new UpstreamError(0, null, null);
}
