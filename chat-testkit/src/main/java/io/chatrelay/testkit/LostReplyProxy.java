package io.chatrelay.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy in front of a server that can lose one reply: once {@link #loseNextReply armed}, the next bytes the
 * server sends back are dropped and the client's connection is closed. The server did the work; the client never
 * hears of it. That is what a client sees when a server stops between executing a command and answering it, and
 * what a client that re-sends unanswered commands after reconnecting turns into a second execution. It can also
 * {@link #blackOut black out}: drop every connection and refuse new ones until {@link #restore restored}, as a
 * stopped server would.
 */
public final class LostReplyProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final AtomicBoolean loseNextReply = new AtomicBoolean();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile int repliesLost;
    private volatile boolean dark;

    private LostReplyProxy(ServerSocket listener, String targetHost, int targetPort) {
        this.listener = listener;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** Starts a proxy on a free loopback port in front of {@code host:port}. */
    public static LostReplyProxy start(String host, int port) {
        try {
            LostReplyProxy proxy =
                    new LostReplyProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), host, port);
            Thread.ofVirtual().name("lost-reply-proxy").start(proxy::acceptConnections);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("The proxy could not listen", e);
        }
    }

    public String host() {
        return listener.getInetAddress().getHostAddress();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Drops the next reply the server sends on any connection, and that connection with it. */
    public void loseNextReply() {
        loseNextReply.set(true);
    }

    /** Drops every connection and refuses new ones until {@link #restore}. */
    public void blackOut() {
        dark = true;
        open.forEach(LostReplyProxy::quietlyClose);
        open.clear();
    }

    /** Accepts connections again after {@link #blackOut}. */
    public void restore() {
        dark = false;
    }

    /** How many replies were lost so far. */
    public int repliesLost() {
        return repliesLost;
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        open.forEach(LostReplyProxy::quietlyClose);
    }

    private void acceptConnections() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (dark) {
                    quietlyClose(client);
                    continue;
                }
                Socket server = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(server);
                Thread.ofVirtual().start(() -> pipe(client, server, false));
                Thread.ofVirtual().start(() -> pipe(server, client, true));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pipe(Socket from, Socket to, boolean replies) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (replies && loseNextReply.compareAndSet(true, false)) {
                    repliesLost++;
                    break;
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // One side went away; the finally closes the other.
        } finally {
            quietlyClose(from);
            quietlyClose(to);
        }
    }

    private static void quietlyClose(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }
}
