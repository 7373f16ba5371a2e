package io.chatrelay.worker.engine.assistants;

import com.openai.core.http.StreamResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The event stream of a create call, once it has named what it created (a response, a run): the events read to
 * learn the name come first, then the rest as they arrive. A stream that ends or breaks before naming anything
 * leaves no way to tell whether the create took effect upstream, so that is a failure of the create call itself,
 * and an I/O one: retried, the create step looks for what the first attempt may have made before making it again.
 *
 * @param <T> the stream's event type
 */
final class NamedStream<T> implements StreamResponse<T> {

    private final StreamResponse<T> source;
    private final List<T> read;
    private final Iterator<T> rest;

    private NamedStream(StreamResponse<T> source, List<T> read, Iterator<T> rest) {
        this.source = source;
        this.read = read;
        this.rest = rest;
    }

    /**
     * Reads {@code stream} up to the first event that {@code names} what the call created (normally its first).
     *
     * @param what what the call creates, for the failure's message: {@code response}, {@code run}
     * @throws UncheckedIOException when the stream ends or fails first; the stream is closed then
     */
    static <T> NamedStream<T> awaitName(StreamResponse<T> stream, Predicate<T> names, String what) {
        List<T> read = new ArrayList<>();
        try {
            Iterator<T> events = stream.stream().iterator();
            while (events.hasNext()) {
                T event = events.next();
                read.add(event);
                if (names.test(event)) {
                    return new NamedStream<>(stream, read, events);
                }
            }
        } catch (RuntimeException e) {
            closeQuietly(stream, e);
            throw new UncheckedIOException(new IOException(
                    "the " + what + " stream broke before it named the " + what + " (" + e.getMessage() + ")", e));
        }
        IOException ended = new IOException("the " + what + " stream ended before it named the " + what);
        closeQuietly(stream, ended);
        throw new UncheckedIOException(ended);
    }

    /** The events read so far, then the rest of the stream; call once. */
    @Override
    public Stream<T> stream() {
        return Stream.concat(
                read.stream(),
                StreamSupport.stream(Spliterators.spliteratorUnknownSize(rest, Spliterator.ORDERED), false));
    }

    @Override
    public void close() {
        source.close();
    }

    private static void closeQuietly(StreamResponse<?> stream, Exception failure) {
        try {
            stream.close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
