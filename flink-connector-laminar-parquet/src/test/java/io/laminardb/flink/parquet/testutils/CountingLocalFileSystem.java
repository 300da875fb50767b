package io.laminardb.flink.parquet.testutils;

import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystemFactory;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.local.LocalFileSystem;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local file system under the scheme {@code countfile://} (registered for the tests through
 * {@code META-INF/services}), counting the input streams opened per file: how often a file is read,
 * whoever reads it. Everything else is Flink's {@link LocalFileSystem}.
 */
public final class CountingLocalFileSystem extends LocalFileSystem {

    public static final String SCHEME = "countfile";

    private static final Map<String, AtomicInteger> OPENS = new ConcurrentHashMap<>();

    /** {@code countfile://} + the absolute local path. */
    public static String uri(java.nio.file.Path local) {
        return SCHEME + "://" + local.toAbsolutePath();
    }

    /** Forgets the counts. */
    public static void reset() {
        OPENS.clear();
    }

    /** Streams opened per file name (the path's last segment) since the last {@link #reset}. */
    public static Map<String, Integer> opensByName() {
        Map<String, Integer> byName = new TreeMap<>();
        OPENS.forEach(
                (path, count) -> byName.merge(new Path(path).getName(), count.get(), Integer::sum));
        return byName;
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public FSDataInputStream open(Path path, int bufferSize) throws IOException {
        return open(path);
    }

    @Override
    public FSDataInputStream open(Path path) throws IOException {
        FSDataInputStream in = super.open(path);
        OPENS.computeIfAbsent(path.toUri().getPath(), p -> new AtomicInteger()).incrementAndGet();
        return in;
    }

    /** Registers the scheme. */
    public static final class Factory implements FileSystemFactory {
        @Override
        public String getScheme() {
            return SCHEME;
        }

        @Override
        public FileSystem create(URI fsUri) {
            return new CountingLocalFileSystem();
        }
    }
}
