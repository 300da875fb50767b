package io.laminardb.flink.parquet.testutils;

import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.io.Payload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an S3 server was asked, counted at the server: a jclouds {@link BlobStore} that S3Proxy
 * serves from, wrapping another. Each object GET (whole or ranged) is one {@code getBlob}, each
 * HEAD one {@code blobMetadata}, each listing one {@code list}; the bytes of object bodies are
 * counted as the server reads them from the blob's payload to send them (a client that closes a
 * ranged GET early stops the server within its send buffer, so this is what went over the wire,
 * give or take that buffer). The same counts for every client, whatever it counts itself.
 */
public final class CountingBlobStore {

    private final BlobStore store;
    private final AtomicLong gets = new AtomicLong();
    private final AtomicLong heads = new AtomicLong();
    private final AtomicLong lists = new AtomicLong();
    private final AtomicLong bodyBytes = new AtomicLong();

    public CountingBlobStore(BlobStore store) {
        this.store = store;
    }

    /** The store to serve: every call goes to the wrapped store, counted. */
    public BlobStore counted() {
        return (BlobStore)
                Proxy.newProxyInstance(
                        BlobStore.class.getClassLoader(),
                        new Class<?>[] {BlobStore.class},
                        new StoreHandler());
    }

    /** The counts so far. */
    public Counts counts() {
        return new Counts(gets.get(), heads.get(), lists.get(), bodyBytes.get());
    }

    /** Counts of requests and body bytes; {@link #minus} gives those of an interval. */
    public record Counts(long gets, long heads, long lists, long bodyBytes) {
        public Counts minus(Counts before) {
            return new Counts(
                    gets - before.gets,
                    heads - before.heads,
                    lists - before.lists,
                    bodyBytes - before.bodyBytes);
        }
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private final class StoreHandler implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "getBlob":
                    gets.incrementAndGet();
                    Blob blob = (Blob) CountingBlobStore.invoke(store, method, args);
                    return blob == null ? null : countedBlob(blob);
                case "blobMetadata":
                    heads.incrementAndGet();
                    break;
                case "list":
                    lists.incrementAndGet();
                    break;
                default:
                    break;
            }
            return CountingBlobStore.invoke(store, method, args);
        }
    }

    /** The blob, its payload's streams counting the bytes read from them. */
    private Blob countedBlob(Blob blob) {
        return (Blob)
                Proxy.newProxyInstance(
                        Blob.class.getClassLoader(),
                        new Class<?>[] {Blob.class},
                        (proxy, method, args) -> {
                            Object result = invoke(blob, method, args);
                            if (result instanceof Payload
                                    && method.getName().equals("getPayload")) {
                                return countedPayload((Payload) result);
                            }
                            return result;
                        });
    }

    private Payload countedPayload(Payload payload) {
        return (Payload)
                Proxy.newProxyInstance(
                        Payload.class.getClassLoader(),
                        new Class<?>[] {Payload.class},
                        (proxy, method, args) -> {
                            Object result = invoke(payload, method, args);
                            if (result instanceof InputStream
                                    && method.getName().equals("openStream")) {
                                return new CountingStream((InputStream) result);
                            }
                            return result;
                        });
    }

    private final class CountingStream extends FilterInputStream {
        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                bodyBytes.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                bodyBytes.addAndGet(n);
            }
            return n;
        }
    }
}
