package io.laminardb.flink.parquet.testutils;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real S3 server in the test's JVM: S3Proxy on 127.0.0.1 (a free port) over jclouds' in-memory
 * blob store, with AWS v2/v4 signatures checked against one access key and secret. What clients ask
 * of it is counted at the server ({@link #counts()}: GETs, HEADs, listings, body bytes sent).
 * Register it as a static JUnit 5 extension, one per test class; it starts before the class's tests
 * and stops after them, or call {@link #start()} and {@link #stop()}.
 */
public final class S3ProxyServer implements BeforeAllCallback, AfterAllCallback {

    private final String accessKey;
    private final String secretKey;
    private BlobStoreContext context;
    private CountingBlobStore counting;
    private S3Proxy proxy;

    public S3ProxyServer(String accessKey, String secretKey) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    @Override
    public void beforeAll(ExtensionContext extensionContext) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext extensionContext) throws Exception {
        stop();
    }

    public void start() throws Exception {
        context =
                ContextBuilder.newBuilder("transient")
                        .credentials("identity", "credential")
                        .build(BlobStoreContext.class);
        counting = new CountingBlobStore(context.getBlobStore());
        proxy =
                S3Proxy.builder()
                        .blobStore(counting.counted())
                        .endpoint(URI.create("http://127.0.0.1:0"))
                        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                        .build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(20);
        }
    }

    public void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
        }
        if (context != null) {
            context.close();
        }
    }

    public int port() {
        return proxy.getPort();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    public String accessKey() {
        return accessKey;
    }

    /**
     * The storage options of a source reading this server: its endpoint, path-style access and its
     * key pair (as {@code storage.s3.*} without the prefix, or a cluster's {@code s3.*}).
     */
    public Map<String, String> storageOptions() {
        return Map.of(
                "s3.endpoint", endpoint(),
                "s3.path.style.access", "true",
                "s3.access-key", accessKey(),
                "s3.secret-key", secretKey());
    }

    public String secretKey() {
        return secretKey;
    }

    /** What clients asked of the server so far, counted at the server. */
    public CountingBlobStore.Counts counts() {
        return counting.counts();
    }

    /** The store the server serves, uncounted (what the test puts there is not counted). */
    public BlobStore blobStore() {
        return context.getBlobStore();
    }

    public void createBucket(String bucket) {
        blobStore().createContainerInLocation(null, bucket);
    }

    /** Uploads one object. */
    public void put(String bucket, String key, byte[] bytes) {
        BlobStore store = blobStore();
        store.putBlob(
                bucket, store.blobBuilder(key).payload(bytes).contentLength(bytes.length).build());
    }

    /**
     * Uploads every file below {@code localDir} under {@code prefix} (the relative path joined with
     * '/'); returns the keys, in name order.
     */
    public List<String> putTree(String bucket, String prefix, Path localDir) throws IOException {
        List<String> keys = new ArrayList<>();
        try (Stream<Path> files = Files.walk(localDir)) {
            for (Path file :
                    (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                String relative = localDir.relativize(file).toString().replace('\\', '/');
                String key = prefix + relative;
                put(bucket, key, Files.readAllBytes(file));
                keys.add(key);
            }
        }
        return keys;
    }
}
