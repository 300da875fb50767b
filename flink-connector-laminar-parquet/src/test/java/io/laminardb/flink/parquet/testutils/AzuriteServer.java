package io.laminardb.flink.parquet.testutils;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import javax.annotation.Nullable;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Azure Blob Storage server for the tests: Azurite (npm {@code azurite}, which the module's
 * build installs into {@code target/azurite/}), started as its own process on 127.0.0.1 (a free
 * port, in-memory storage) with one account, {@code devstoreaccount1}, whose key is made per run.
 * Register it as a static JUnit 5 extension, one per test class; it starts before the class's tests
 * and stops after them.
 *
 * <p>Hadoop's WASB driver addresses an account as the host of the path ({@code
 * wasb://container@devstoreaccount1.blob.localhost:PORT/}), and Azurite takes the account from that
 * host name. Such names do not resolve here, so while the server runs, the JVM's default {@link
 * ProxySelector} sends HTTP requests for hosts ending in {@code .blob.localhost} to Azurite as
 * their proxy (Azurite reads requests in the proxy form, {@code GET http://host:port/path}); every
 * other request goes as before.
 *
 * <p>{@link #overTls()} serves HTTPS instead ({@code wasbs://}), with a self-signed certificate
 * made per run for {@code *.blob.localhost} and 127.0.0.1 ({@link SelfSignedCertificate}). While it
 * runs, HTTPS requests for {@code *.blob.localhost} go through a {@link ConnectTunnel} to Azurite
 * (the TLS session stays end to end, and the host name is checked against the certificate), and
 * {@link HttpsURLConnection}'s default socket factory trusts the JDK's CAs plus that certificate:
 * Hadoop's WASB driver talks to Blob Storage through the Azure Storage SDK's {@code
 * HttpsURLConnection}s with the JDK defaults, also inside Flink's plugin class loader.
 *
 * <p>Without node or Azurite the tests cannot run: under CI (the environment variable {@code CI} is
 * set, as {@code .ci/run} sets it) that fails the test class, saying what is missing; elsewhere the
 * class is skipped, saying so.
 */
public final class AzuriteServer implements BeforeAllCallback, AfterAllCallback {

    public static final String ACCOUNT = "devstoreaccount1";

    private final String accountKey;
    private final boolean tls;
    private Process process;
    private int port;
    private ProxySelector previousSelector;
    @Nullable private Path tlsDir;
    @Nullable private ConnectTunnel tunnel;
    @Nullable private SSLSocketFactory previousSocketFactory;

    /** Azurite over HTTP ({@code wasb://}). */
    public AzuriteServer() {
        this(false);
    }

    /** Azurite over HTTPS ({@code wasbs://}), with a self-signed certificate made per run. */
    public static AzuriteServer overTls() {
        return new AzuriteServer(true);
    }

    private AzuriteServer(boolean tls) {
        this.tls = tls;
        byte[] key = new byte[64];
        new SecureRandom().nextBytes(key);
        this.accountKey = Base64.getEncoder().encodeToString(key);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** The Azurite installation, or a failure (CI) or skip (elsewhere) saying what is missing. */
    private static Path azuriteBlob() {
        Path dir = Paths.get(System.getProperty("azurite.dir", "target/azurite")).toAbsolutePath();
        Path bin = dir.resolve("node_modules/.bin/azurite-blob");
        String missing = null;
        if (!commandWorks(List.of("node", "--version"))) {
            missing = "node is not on the PATH";
        } else if (!Files.isExecutable(bin)) {
            missing =
                    "Azurite is not installed at "
                            + bin
                            + " (the module's build installs it: npm install azurite into"
                            + " target/azurite, which needs npm on the PATH and the npm registry)";
        }
        if (missing != null) {
            String message = "Cannot run the Azure tests against Azurite: " + missing;
            String ci = System.getenv("CI");
            if (ci != null && !ci.isEmpty() && !ci.equalsIgnoreCase("false")) {
                throw new IllegalStateException(message + " (CI is set, so this fails)");
            }
            // a class-level skip shows up as no tests at all: say it on the console too
            System.err.println(message + ": skipping the test class (under CI this fails)");
            Assumptions.abort(message + ": skipping (under CI this fails)");
        }
        return bin;
    }

    private static boolean commandWorks(List<String> command) {
        try {
            Process p =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public void start() throws Exception {
        Path bin = azuriteBlob();
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path installDir = bin.getParent().getParent().getParent();
        Path log = installDir.resolve("azurite-" + port + ".log");
        List<String> command =
                new ArrayList<>(
                        List.of(
                                bin.toString(),
                                "--blobHost",
                                "127.0.0.1",
                                "--blobPort",
                                String.valueOf(port),
                                "--inMemoryPersistence",
                                "--skipApiVersionCheck",
                                "--loose",
                                "--silent"));
        SelfSignedCertificate certificate = null;
        if (tls) {
            tlsDir = Files.createTempDirectory(installDir, "tls-" + port + "-");
            certificate =
                    SelfSignedCertificate.create(
                            tlsDir,
                            List.of(ACCOUNT + ".blob.localhost", "*.blob.localhost", "localhost"));
            command.addAll(
                    List.of(
                            "--cert",
                            certificate.certificatePem().toString(),
                            "--key",
                            certificate.privateKeyPem().toString()));
        }
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("AZURITE_ACCOUNTS", ACCOUNT + ":" + accountKey);
        process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!accepts(port)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Azurite exited with "
                                + process.exitValue()
                                + " before it listened: "
                                + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new IllegalStateException("Azurite did not listen within 60 s: " + log);
            }
            Thread.sleep(50);
        }
        previousSelector = ProxySelector.getDefault();
        if (certificate != null) {
            tunnel = new ConnectTunnel(port);
            previousSocketFactory = HttpsURLConnection.getDefaultSSLSocketFactory();
            HttpsURLConnection.setDefaultSSLSocketFactory(certificate.trustingSocketFactory());
            ProxySelector.setDefault(
                    new BlobLocalhostSelector(previousSelector, "https", tunnel.port()));
        } else {
            ProxySelector.setDefault(new BlobLocalhostSelector(previousSelector, "http", port));
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the server (SIGTERM, which Azurite may ignore the first time, then SIGKILL). */
    public void stop() {
        if (previousSelector != null) {
            ProxySelector.setDefault(previousSelector);
            previousSelector = null;
        }
        if (previousSocketFactory != null) {
            HttpsURLConnection.setDefaultSSLSocketFactory(previousSocketFactory);
            previousSocketFactory = null;
        }
        if (tunnel != null) {
            try {
                tunnel.close();
            } catch (IOException e) {
                // closing a server socket
            }
        }
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
        if (tlsDir != null) {
            deleteQuietly(tlsDir);
            tlsDir = null;
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory under target/
        }
    }

    public int port() {
        return port;
    }

    /** The account's host as WASB paths name it: {@code devstoreaccount1.blob.localhost:PORT}. */
    public String accountHost() {
        return ACCOUNT + ".blob.localhost:" + port;
    }

    /**
     * {@code wasb://container@devstoreaccount1.blob.localhost:PORT/}, or {@code wasbs://...} over
     * TLS.
     */
    public String wasbRoot(String container) {
        return (tls ? "wasbs://" : "wasb://") + container + "@" + accountHost() + "/";
    }

    /** The tunnel HTTPS requests go through (over TLS only). */
    public ConnectTunnel tunnel() {
        if (tunnel == null) {
            throw new IllegalStateException("Azurite over HTTP has no tunnel");
        }
        return tunnel;
    }

    /** The Flink configuration key of the account's key, without {@code storage.}. */
    public String accountKeyOption() {
        return "azure.account.key." + accountHost();
    }

    /** The account's key (a secret: base64 of 64 random bytes). */
    public String accountKey() {
        return accountKey;
    }

    /**
     * Sends requests of one scheme for {@code *.blob.localhost} to a proxy on 127.0.0.1: Azurite
     * itself for HTTP, the tunnel for HTTPS.
     */
    private static final class BlobLocalhostSelector extends ProxySelector {
        private final ProxySelector delegate;
        private final String scheme;
        private final Proxy azurite;

        BlobLocalhostSelector(ProxySelector delegate, String scheme, int proxyPort) {
            this.delegate = delegate;
            this.scheme = scheme;
            this.azurite =
                    new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", proxyPort));
        }

        @Override
        public List<Proxy> select(URI uri) {
            String host = uri.getHost();
            if (host != null
                    && scheme.equalsIgnoreCase(uri.getScheme())
                    && host.toLowerCase(Locale.ROOT).endsWith(".blob.localhost")) {
                return List.of(azurite);
            }
            return delegate == null ? List.of(Proxy.NO_PROXY) : delegate.select(uri);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress address, IOException e) {
            if (delegate != null) {
                delegate.connectFailed(uri, address, e);
            }
        }
    }
}
