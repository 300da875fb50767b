package io.laminardb.flink.parquet.testutils;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy on 127.0.0.1 that only tunnels ({@code CONNECT host:port}), always to one port on
 * 127.0.0.1, whatever host the client asked for: how an HTTPS client in the test's JVM reaches a
 * local server under a host name that does not resolve here (the TLS session, and so the host name
 * checked against the server's certificate, stays the client's). It counts the tunnels and those
 * whose first byte from the client was a TLS handshake record (0x16), so a test can show that its
 * traffic was encrypted.
 */
public final class ConnectTunnel implements AutoCloseable {

    private static final int TLS_HANDSHAKE_RECORD = 0x16;

    private final int targetPort;
    private final ServerSocket server;
    private final ExecutorService threads =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread t = new Thread(r, "connect-tunnel");
                        t.setDaemon(true);
                        return t;
                    });
    private final AtomicInteger tunnels = new AtomicInteger();
    private final AtomicInteger tlsTunnels = new AtomicInteger();

    public ConnectTunnel(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        threads.execute(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Tunnels opened so far. */
    public int tunnels() {
        return tunnels.get();
    }

    /** Tunnels whose client began with a TLS handshake record. */
    public int tlsTunnels() {
        return tlsTunnels.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> tunnel(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void tunnel(Socket client) {
        try (client) {
            InputStream fromClient = client.getInputStream();
            String head = readHead(fromClient);
            OutputStream toClient = client.getOutputStream();
            if (!head.startsWith("CONNECT ")) {
                toClient.write(
                        "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                return;
            }
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
                tunnels.incrementAndGet();
                toClient.write(
                        "HTTP/1.1 200 Connection Established\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                toClient.flush();
                int first = fromClient.read();
                if (first < 0) {
                    return;
                }
                if (first == TLS_HANDSHAKE_RECORD) {
                    tlsTunnels.incrementAndGet();
                }
                OutputStream toUpstream = upstream.getOutputStream();
                toUpstream.write(first);
                threads.execute(() -> pipe(upstream, client));
                pipe(client, upstream);
            }
        } catch (IOException e) {
            // a client or the server closed the connection: the tunnel ends
        }
    }

    /** Copies until {@code from} ends, then half-closes {@code to}. */
    private static void pipe(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // closed
        }
    }

    /** The request line and headers, up to the empty line. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
