package io.chatrelay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keep-alive connections stay open between calls, however many clients hold one idle. */
class KeepAliveTests {

    private static final int CONNECTIONS = 300;
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length: *(\\d+)");

    @Test
    void answersASecondCallOnEveryIdleKeepAliveConnection() throws IOException {
        try (OpenAiSimulator simulator = SimFixtures.aFastSimulator()) {
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    Socket socket = new Socket(simulator.settings().host(), simulator.port());
                    sockets.add(socket);
                    assertThat(call(socket)).startsWith("HTTP/1.1 404");
                }
                // Every connection has answered once and now waits idle, as in a client's pool.
                int answered = 0;
                for (Socket socket : sockets) {
                    if (call(socket).startsWith("HTTP/1.1 404")) {
                        answered++;
                    }
                }
                assertThat(answered).isEqualTo(CONNECTIONS);
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
        }
    }

    /** One call on an open connection; its status line and headers, or "" when the server had closed it. */
    private static String call(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        socket.getOutputStream()
                .write(("GET /v1/nowhere HTTP/1.1\r\nHost: sim\r\nAuthorization: Bearer " + SimFixtures.API_KEY
                                + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return "";
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        Matcher length = CONTENT_LENGTH.matcher(headers);
        assertThat(length.find()).as("a fixed-length answer").isTrue();
        assertThat(in.readNBytes(Integer.parseInt(length.group(1)))).isNotEmpty();
        return headers;
    }
}
