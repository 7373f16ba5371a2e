package io.chatrelay.sim.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A server-sent event stream; {@link #send} returns false once the client has gone. */
public final class SseStream implements AutoCloseable {

    private final HttpExchange exchange;
    private final OutputStream out;
    private boolean open = true;

    SseStream(HttpExchange exchange) {
        this.exchange = exchange;
        this.out = exchange.getResponseBody();
    }

    /** Writes {@code event: name} (when not null) and one {@code data:} line, then flushes. */
    public boolean send(String event, String data) {
        if (!open) {
            return false;
        }
        StringBuilder frame = new StringBuilder(data.length() + 40);
        if (event != null) {
            frame.append("event: ").append(event).append('\n');
        }
        frame.append("data: ").append(data).append("\n\n");
        try {
            out.write(frame.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        } catch (IOException e) {
            open = false;
            return false;
        }
    }

    @Override
    public void close() {
        open = false;
        try {
            out.close();
        } catch (IOException e) {
            // Already gone.
        }
        exchange.close();
    }
}
