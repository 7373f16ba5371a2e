package io.chatrelay.worker.retry;

/** An upstream step that failed for good: permanently, or transiently until the retry budget ran out. */
public final class UpstreamStepFailed extends RuntimeException {

    private final String operation;
    private final Verdict verdict;

    public UpstreamStepFailed(String operation, Verdict verdict, Throwable cause) {
        super(operation + " failed: " + verdict.reason(), cause);
        this.operation = operation;
        this.verdict = verdict;
    }

    public String operation() {
        return operation;
    }

    public Verdict verdict() {
        return verdict;
    }
}
