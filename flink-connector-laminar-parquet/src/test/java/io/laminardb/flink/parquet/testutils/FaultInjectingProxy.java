package io.laminardb.flink.parquet.testutils;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy on 127.0.0.1 between an S3 client and an S3 server that injects faults into chosen
 * requests: it resets the connection before forwarding, answers 503 SlowDown, or resets the
 * connection in the middle of the response body. Requests pass through unchanged (so signatures
 * still match) except that each is sent on a connection of its own ({@code Connection: close}).
 *
 * <p>Which requests fail: the {@link #faultEvery}-th of the ranged GETs (reads of file data),
 * cycling through the three faults, and the first listing and the first HEAD of each object path
 * (answered 503 and reset). Every fault is followed by at least one request that passes, so a
 * client that retries gets everything.
 */
public final class FaultInjectingProxy implements AutoCloseable {

    /** What is done to a request. */
    public enum Fault {
        NONE,
        RESET_BEFORE_RESPONSE,
        SERVICE_UNAVAILABLE,
        RESET_IN_BODY
    }

    private final int upstreamPort;
    private final int faultEvery;
    private final ServerSocket server;
    private final ExecutorService threads =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread t = new Thread(r, "fault-injecting-proxy");
                        t.setDaemon(true);
                        return t;
                    });
    private final AtomicInteger rangedGets = new AtomicInteger();
    private final AtomicInteger listings = new AtomicInteger();
    private final AtomicInteger heads = new AtomicInteger();
    private final AtomicInteger resetsBefore = new AtomicInteger();
    private final AtomicInteger unavailable = new AtomicInteger();
    private final AtomicInteger resetsInBody = new AtomicInteger();
    private final AtomicInteger forwarded = new AtomicInteger();
    private volatile boolean enabled = true;

    /**
     * @param upstreamPort the S3 server's port on 127.0.0.1
     * @param faultEvery every this many ranged GETs, one fails (at least 2)
     */
    public FaultInjectingProxy(int upstreamPort, int faultEvery) throws IOException {
        if (faultEvery < 2) {
            throw new IllegalArgumentException("faultEvery must be at least 2: " + faultEvery);
        }
        this.upstreamPort = upstreamPort;
        this.faultEvery = faultEvery;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        threads.execute(this::acceptLoop);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Whether faults are injected (true at start); off, requests only pass through. */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int resetsBeforeResponse() {
        return resetsBefore.get();
    }

    public int serviceUnavailable() {
        return unavailable.get();
    }

    public int resetsInBody() {
        return resetsInBody.get();
    }

    /** Requests forwarded to the server (including those reset in the body). */
    public int forwarded() {
        return forwarded.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> handle(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private Fault faultOf(String method, String target, boolean ranged) {
        if (!enabled) {
            return Fault.NONE;
        }
        if (method.equals("GET") && ranged) {
            int n = rangedGets.incrementAndGet();
            if (n % faultEvery != 0) {
                return Fault.NONE;
            }
            switch ((n / faultEvery) % 3) {
                case 0:
                    return Fault.RESET_BEFORE_RESPONSE;
                case 1:
                    return Fault.SERVICE_UNAVAILABLE;
                default:
                    return Fault.RESET_IN_BODY;
            }
        }
        if (method.equals("GET") && target.contains("list-type=")) {
            return listings.incrementAndGet() == 1 ? Fault.SERVICE_UNAVAILABLE : Fault.NONE;
        }
        if (method.equals("HEAD")) {
            return heads.incrementAndGet() == 1 ? Fault.RESET_BEFORE_RESPONSE : Fault.NONE;
        }
        return Fault.NONE;
    }

    private void handle(Socket client) {
        try (Socket c = client) {
            InputStream in = new BufferedInputStream(c.getInputStream());
            String requestLine = readLine(in);
            if (requestLine == null || requestLine.isEmpty()) {
                return;
            }
            String[] parts = requestLine.split(" ");
            String method = parts[0];
            String target = parts.length > 1 ? parts[1] : "";
            List<String> headers = new ArrayList<>();
            long contentLength = 0;
            boolean ranged = false;
            for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("connection:")) {
                    continue;
                }
                if (lower.startsWith("content-length:")) {
                    contentLength = Long.parseLong(line.substring(15).trim());
                }
                if (lower.startsWith("transfer-encoding:")) {
                    throw new IOException("chunked requests are not supported: " + requestLine);
                }
                if (lower.startsWith("range:")) {
                    ranged = true;
                }
                headers.add(line);
            }
            byte[] body = in.readNBytes((int) contentLength);

            Fault fault = faultOf(method, target, ranged);
            switch (fault) {
                case RESET_BEFORE_RESPONSE:
                    resetsBefore.incrementAndGet();
                    reset(c);
                    return;
                case SERVICE_UNAVAILABLE:
                    unavailable.incrementAndGet();
                    serviceUnavailable(c.getOutputStream(), method);
                    return;
                default:
                    break;
            }
            forwarded.incrementAndGet();
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
                OutputStream up = upstream.getOutputStream();
                StringBuilder head = new StringBuilder(requestLine).append("\r\n");
                for (String h : headers) {
                    head.append(h).append("\r\n");
                }
                head.append("Connection: close\r\n\r\n");
                up.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                up.write(body);
                up.flush();
                relay(upstream.getInputStream(), c, fault == Fault.RESET_IN_BODY);
            }
        } catch (IOException e) {
            // the client went away, or a reset: nothing to do
        }
    }

    /** Copies the response to the client; with {@code cut}, resets it halfway through the body. */
    private void relay(InputStream upstream, Socket client, boolean cut) throws IOException {
        OutputStream out = client.getOutputStream();
        if (!cut) {
            upstream.transferTo(out);
            out.flush();
            return;
        }
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        String headText = "";
        while (!headText.endsWith("\r\n\r\n")) {
            int b = upstream.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            headText = head.toString(StandardCharsets.ISO_8859_1);
        }
        long length = -1;
        for (String line : headText.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).trim());
            }
        }
        out.write(head.toByteArray());
        if (length < 2) {
            upstream.transferTo(out); // nothing to cut in the middle of
            out.flush();
            return;
        }
        out.write(upstream.readNBytes((int) (length / 2)));
        out.flush();
        resetsInBody.incrementAndGet();
        reset(client);
    }

    private static void serviceUnavailable(OutputStream out, String method) throws IOException {
        String xml =
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
                        + "<Message>Please reduce your request rate.</Message></Error>";
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        String head =
                "HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: "
                        + body.length
                        + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        if (!method.equals("HEAD")) {
            out.write(body);
        }
        out.flush();
    }

    /** Closes the connection with a TCP reset. */
    private static void reset(Socket socket) throws SocketException, IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                int len = line.length();
                if (len > 0 && line.charAt(len - 1) == '\r') {
                    line.setLength(len - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
        return line.length() == 0 ? null : line.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
