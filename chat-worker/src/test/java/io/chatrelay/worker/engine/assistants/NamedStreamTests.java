package io.chatrelay.worker.engine.assistants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIIoException;
import io.chatrelay.worker.retry.FailureClassifier;
import io.chatrelay.worker.retry.Verdict;
import java.io.UncheckedIOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class NamedStreamTests {

    @Test
    void handsOnTheEventsReadToLearnTheNameThenTheRest() {
        Events events = new Events(Stream.of("queued", "created", "delta", "completed"));

        NamedStream<String> named = NamedStream.awaitName(events, "created"::equals, "response");

        assertThat(events.closed).isFalse();
        assertThat(named.stream()).containsExactly("queued", "created", "delta", "completed");
        named.close();
        assertThat(events.closed).isTrue();
    }

    @Test
    void aStreamThatEndsBeforeTheNameIsAClosedTransientFailure() {
        Events events = new Events(Stream.of("queued"));

        assertThatThrownBy(() -> NamedStream.awaitName(events, "created"::equals, "run"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("the run stream ended before it named the run")
                .satisfies(e -> assertThat(FailureClassifier.classify(e)).isInstanceOf(Verdict.Transient.class));
        assertThat(events.closed).isTrue();
    }

    @Test
    void aStreamThatBreaksBeforeTheNameIsAClosedTransientFailureWithItsCause() {
        OpenAIIoException broken = new OpenAIIoException("Stream failed", null);
        Events events = new Events(Stream.<String>of("queued").map(event -> {
            throw broken;
        }));

        assertThatThrownBy(() -> NamedStream.awaitName(events, "created"::equals, "response"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("the response stream broke before it named the response")
                .hasRootCause(broken)
                .satisfies(e -> assertThat(FailureClassifier.classify(e)).isInstanceOf(Verdict.Transient.class));
        assertThat(events.closed).isTrue();
    }

    /** A stream of fixed events that records whether it was closed. */
    private static final class Events implements StreamResponse<String> {
        private final Stream<String> events;
        boolean closed;

        Events(Stream<String> events) {
            this.events = events;
        }

        @Override
        public Stream<String> stream() {
            return events;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
