package io.laminardb.flink.parquet.fs;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.core.fs.ByteBufferReadable;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A parquet-java {@link InputFile} over Flink's {@link FileSystem}, so that every file system Flink
 * has (local, s3, abfs, gs, hdfs, and plugins) serves Parquet files. The length is passed in when
 * it is already known (from a listing or a split), saving a metadata call per file.
 *
 * <p>What parquet-java reads through {@link #newStream()} (the page index, dictionaries and bloom
 * filters of a filter, the pages a page index keeps, row groups read in place) is read with
 * positioned reads where the file system's stream has them ({@link ByteBufferReadable}: every
 * Hadoop-based plugin stream and Flink's local one), by {@link PositionedInputStream}: a seek only
 * moves the position, each read of at least a block is one positioned read, and smaller reads are
 * served from a block fetched at their position (64 KiB on distributed file systems and object
 * stores, 8 KiB on a local disk); each positioned read is counted as one request and its bytes as
 * bytes read. A stream without positioned reads is read seek-then-read and counted at seeks and at
 * close: a request for the stream opened and each seek to another position than the stream's, and
 * the bytes read as the distance the stream advanced between seeks. Footers ({@link
 * ParquetFooters}) and column chunks ({@link RangeReader}) are ranged reads, each one request. No
 * counter is updated per read call served from memory.
 */
@Internal
public final class FlinkInputFile implements InputFile {

    private final Path path;
    private final StorageSettings storage;
    private final IoCounter io;
    private long length;

    /** Counts a file's storage I/O; called on the thread that reads the stream. */
    public interface IoCounter {
        IoCounter NONE =
                new IoCounter() {
                    @Override
                    public void requests(long count) {}

                    @Override
                    public void bytesRead(long bytes) {}
                };

        /** Read requests issued: a stream opened, or a seek to another position. */
        void requests(long count);

        /** Bytes read from storage. */
        void bytesRead(long bytes);
    }

    /**
     * A file of a known length (-1: unknown), opened through the storage settings' file system, its
     * reads counted by {@code io}.
     */
    public FlinkInputFile(Path path, long length, StorageSettings storage, IoCounter io) {
        this.path = path;
        this.length = length;
        this.storage = storage;
        this.io = io;
    }

    /** A file of a known length (-1: unknown), opened through the storage settings' file system. */
    public FlinkInputFile(Path path, long length, StorageSettings storage) {
        this(path, length, storage, IoCounter.NONE);
    }

    /** A file of a known length on a file system as the cluster configured it. */
    public FlinkInputFile(Path path, long length) {
        this(path, length, StorageSettings.CLUSTER);
    }

    public FlinkInputFile(Path path) {
        this(path, -1L);
    }

    public Path getPath() {
        return path;
    }

    @Override
    public long getLength() throws IOException {
        if (length < 0) {
            length = storage.fileSystem(path).getFileStatus(path).getLen();
        }
        return length;
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
        FileSystem fs = storage.fileSystem(path);
        return stream(
                fs.open(path),
                path.toString(),
                this::getLength,
                io,
                fs.isDistributedFS()
                        ? PositionedInputStream.BLOCK_BYTES
                        : PositionedInputStream.LOCAL_BLOCK_BYTES);
    }

    /**
     * The stream parquet-java reads {@code in} through: positioned reads where {@code in} has them,
     * else seek-then-read, counted as the class comment says.
     */
    @VisibleForTesting
    static SeekableInputStream stream(
            FSDataInputStream in,
            String file,
            PositionedInputStream.Length length,
            IoCounter io,
            int blockBytes) {
        if (in instanceof ByteBufferReadable) {
            // Never seek-then-read: see PositionedInputStream.
            return new PositionedInputStream(in, file, length, io, blockBytes);
        }
        io.requests(1);
        return new DelegatingSeekableInputStream(in) {
            /** Where the current run of sequential reads started. */
            private long runStart = 0L;

            private boolean closed;

            @Override
            public long getPos() throws IOException {
                return in.getPos();
            }

            @Override
            public void seek(long newPos) throws IOException {
                long pos = in.getPos();
                if (newPos != pos) {
                    io.bytesRead(pos - runStart);
                    io.requests(1);
                    runStart = newPos;
                }
                in.seek(newPos);
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    try {
                        io.bytesRead(in.getPos() - runStart);
                    } catch (IOException | RuntimeException e) {
                        // the position of a failed stream: nothing more to count
                    }
                }
                super.close();
            }
        };
    }

    /**
     * One ranged read: {@code length} bytes at {@code position} into {@code buffer} from {@code
     * offset}, counted as one request (on an object store, one ranged GET: the stream is opened
     * lazily at the position read). The calling thread.
     */
    public void readFully(long position, byte[] buffer, int offset, int length) throws IOException {
        try (FSDataInputStream in = storage.fileSystem(path).open(path)) {
            io.requests(1);
            if (in instanceof ByteBufferReadable) {
                PositionedInputStream.readFully(
                        (ByteBufferReadable) in,
                        path.toString(),
                        position,
                        ByteBuffer.wrap(buffer, offset, length),
                        io);
                return;
            }
            if (position != 0) {
                in.seek(position);
            }
            int done = 0;
            try {
                while (done < length) {
                    int n = in.read(buffer, offset + done, length - done);
                    if (n < 0) {
                        throw new java.io.EOFException(
                                "Reached the end of "
                                        + path
                                        + " after "
                                        + (position + done)
                                        + " bytes, reading "
                                        + length
                                        + " bytes at "
                                        + position);
                    }
                    done += n;
                }
            } finally {
                io.bytesRead(done);
            }
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
