package io.laminardb.flink.parquet.fs;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.ByteBufferReadable;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Fetches ranges of one file into heap buffers, one positioned read per range (the stream's {@link
 * ByteBufferReadable} positioned read where it has one, else seek, then read fully), through one
 * stream opened at the first fetch and kept until {@link #close()}. Each range counts as one
 * storage request and its length as bytes read ({@link FlinkInputFile.IoCounter}).
 *
 * <p>Thread contract: {@link #read} may be called from the fetcher thread and from a prefetch
 * thread; calls run one at a time (a second waits for the first). {@link #close()} may be called
 * from any thread at any time and never waits for a fetch in flight: the stream is then closed when
 * that fetch ends, and later fetches fail.
 */
@Internal
public final class RangeReader implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(RangeReader.class);

    private final Path path;
    private final StorageSettings storage;
    private final FlinkInputFile.IoCounter io;

    private final Object lock = new Object();

    @Nullable private FSDataInputStream in;
    private boolean reading;
    private boolean closed;

    public RangeReader(Path path, StorageSettings storage, FlinkInputFile.IoCounter io) {
        this.path = path;
        this.storage = storage;
        this.io = io;
    }

    /** Fetches the ranges, in the order given (sorted, from {@link FileRange#coalesce}). */
    public LoadedRanges read(List<FileRange> ranges) throws IOException {
        FSDataInputStream stream;
        synchronized (lock) {
            while (reading && !closed) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException(
                            "Interrupted waiting to read Parquet file " + path);
                }
            }
            if (closed) {
                throw new IOException("Parquet file " + path + " is closed: cannot read " + ranges);
            }
            if (in == null) {
                in = storage.fileSystem(path).open(path);
            }
            reading = true;
            stream = in;
        }
        try {
            byte[][] buffers = new byte[ranges.size()][];
            for (int i = 0; i < buffers.length; i++) {
                buffers[i] = readRange(stream, ranges.get(i));
            }
            return new LoadedRanges(ranges, buffers);
        } finally {
            synchronized (lock) {
                reading = false;
                if (closed) {
                    closeStream();
                }
                lock.notifyAll();
            }
        }
    }

    private byte[] readRange(FSDataInputStream stream, FileRange range) throws IOException {
        if (range.length() > Integer.MAX_VALUE - 8) {
            throw new IOException(
                    "Cannot read range " + range + " of Parquet file " + path + ": over 2 GiB");
        }
        byte[] buffer = new byte[(int) range.length()];
        io.requests(1);
        if (stream instanceof ByteBufferReadable) {
            PositionedInputStream.readFully(
                    (ByteBufferReadable) stream,
                    path.toString(),
                    range.offset(),
                    ByteBuffer.wrap(buffer),
                    io);
            return buffer;
        }
        stream.seek(range.offset());
        int done = 0;
        try {
            while (done < buffer.length) {
                int n = stream.read(buffer, done, buffer.length - done);
                if (n < 0) {
                    throw new EOFException(endsInside(range, range.offset() + done));
                }
                done += n;
            }
        } finally {
            io.bytesRead(done);
        }
        return buffer;
    }

    private String endsInside(FileRange range, long position) {
        return "Parquet file "
                + path
                + " ends at offset "
                + position
                + ", inside the range "
                + range
                + " read";
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (!reading) {
                closeStream();
            }
            lock.notifyAll();
        }
    }

    private void closeStream() {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                LOG.debug("Failed to close a stream of Parquet file {}", path, e);
            }
            in = null;
        }
    }
}
