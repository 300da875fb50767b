package io.laminardb.flink.parquet.testutils;

import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystemFactory;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.local.LocalFileSystem;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local file system under the scheme {@code slowfile://} (registered for the tests through
 * {@code META-INF/services}), whose output streams sleep {@link #setWriteDelayMillis} for every
 * {@value #BYTES_PER_DELAY} bytes written: an output of limited bandwidth for a sink, with the time
 * slept counted. Everything else is Flink's {@link LocalFileSystem}.
 */
public final class SlowLocalFileSystem extends LocalFileSystem {

    public static final String SCHEME = "slowfile";

    /** How many bytes each delay lets through. */
    public static final int BYTES_PER_DELAY = 4096;

    private static volatile long writeDelayMillis;
    private static final AtomicLong SLEPT_NANOS = new AtomicLong();

    /** Sets the delay per {@value #BYTES_PER_DELAY} bytes (0: none), resets the time slept. */
    public static void setWriteDelayMillis(long millis) {
        writeDelayMillis = millis;
        SLEPT_NANOS.set(0);
    }

    /** The time writes slept since the last {@link #setWriteDelayMillis}, in total. */
    public static long sleptMillis() {
        return SLEPT_NANOS.get() / 1_000_000;
    }

    /** {@code slowfile://} + the absolute local path. */
    public static String uri(java.nio.file.Path local) {
        return SCHEME + "://" + local.toAbsolutePath();
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public FSDataOutputStream create(Path path, WriteMode overwrite) throws IOException {
        return new SlowOutputStream(super.create(path, overwrite));
    }

    /** Registers the scheme. */
    public static final class Factory implements FileSystemFactory {
        @Override
        public String getScheme() {
            return SCHEME;
        }

        @Override
        public FileSystem create(URI fsUri) {
            return new SlowLocalFileSystem();
        }
    }

    private static final class SlowOutputStream extends FSDataOutputStream {
        private final FSDataOutputStream out;
        private long undelayedBytes;

        SlowOutputStream(FSDataOutputStream out) {
            this.out = out;
        }

        private void delay(int bytes) throws IOException {
            long millis = writeDelayMillis;
            undelayedBytes += bytes;
            if (millis > 0 && undelayedBytes >= BYTES_PER_DELAY) {
                undelayedBytes -= BYTES_PER_DELAY;
                long start = System.nanoTime();
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted in a slow write");
                }
                SLEPT_NANOS.addAndGet(System.nanoTime() - start);
            }
        }

        @Override
        public void write(int b) throws IOException {
            delay(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            delay(len);
            out.write(b, off, len);
        }

        @Override
        public long getPos() throws IOException {
            return out.getPos();
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void sync() throws IOException {
            out.sync();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
