package io.chatrelay.worker.engine.responses;

import com.openai.core.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * A response's server-sent events, read from the raw body of the SDK's HTTP response: the SDK keeps the HTTP client,
 * authentication and error mapping, the events are read here ({@link ResponseJson}). Lines are split on bytes and each
 * {@code data:} payload goes to the parser as it came, with no character decoding in between.
 */
final class ResponseStream implements AutoCloseable {

    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

    private final HttpResponse response;
    private final InputStream body;
    private final Deque<StreamEvent> readAhead = new ArrayDeque<>();
    private byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private byte[] data = new byte[1024];
    private int dataLength;
    private boolean hasData;

    ResponseStream(HttpResponse response) {
        this.response = response;
        this.body = response.body();
    }

    /**
     * Reads up to {@code response.created}, which names the response, and answers its id; the events read on the way
     * are read again by {@link #next()}. A stream that ends or breaks first leaves no way to tell whether the create
     * took effect upstream, so that is a failure of the create call itself, and an I/O one: retried, the create step
     * looks for what the first attempt may have made before making it again. The stream is closed then.
     */
    String awaitCreated() {
        try {
            StreamEvent event;
            while ((event = read()) != null) {
                readAhead.add(event);
                if (event instanceof StreamEvent.Created(long sequence, String responseId)) {
                    return responseId;
                }
            }
        } catch (UncheckedIOException e) {
            close();
            throw new UncheckedIOException(new IOException(
                    "the response stream broke before it named the response (" + e.getMessage() + ")", e));
        }
        close();
        throw new UncheckedIOException(new IOException("the response stream ended before it named the response"));
    }

    /** The next event, or null when the stream ended; throws {@link UncheckedIOException} when it broke. */
    StreamEvent next() {
        return readAhead.isEmpty() ? read() : readAhead.poll();
    }

    @Override
    public void close() {
        response.close();
    }

    private StreamEvent read() {
        try {
            while (true) {
                int end = lineEnd();
                if (end < 0) {
                    return hasData ? dispatch() : null;
                }
                int length = end - position;
                if (length > 0 && buffer[end - 1] == '\r') {
                    length--;
                }
                int start = position;
                position = end + 1;
                if (length == 0) {
                    if (hasData) {
                        return dispatch();
                    }
                } else if (startsWith(start, length, DATA)) {
                    int from = start + DATA.length;
                    if (from < start + length && buffer[from] == ' ') {
                        from++;
                    }
                    appendData(from, start + length - from);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The index of the next line's {@code \n} in the buffer, reading more as needed; -1 at the end of the stream. */
    private int lineEnd() throws IOException {
        int scanned = position;
        while (true) {
            for (int i = scanned; i < limit; i++) {
                if (buffer[i] == '\n') {
                    return i;
                }
            }
            if (position > 0) {
                System.arraycopy(buffer, position, buffer, 0, limit - position);
                limit -= position;
                position = 0;
            }
            scanned = limit;
            if (limit == buffer.length) {
                // A line longer than the buffer (a final event carries the whole response): make room for it.
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            int read = body.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                return -1;
            }
            limit += read;
        }
    }

    private void appendData(int from, int length) {
        if (hasData) {
            // A second data: line of one event continues it after a line break.
            ensure(1);
            data[dataLength++] = '\n';
        }
        ensure(length);
        System.arraycopy(buffer, from, data, dataLength, length);
        dataLength += length;
        hasData = true;
    }

    private void ensure(int more) {
        if (dataLength + more > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, dataLength + more));
        }
    }

    private StreamEvent dispatch() {
        StreamEvent event = ResponseJson.event(data, dataLength);
        dataLength = 0;
        hasData = false;
        return event;
    }

    private boolean startsWith(int start, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buffer[start + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
