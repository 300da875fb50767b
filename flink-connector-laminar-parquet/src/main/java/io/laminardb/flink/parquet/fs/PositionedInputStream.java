package io.laminardb.flink.parquet.fs;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.ByteBufferReadable;
import org.apache.flink.core.fs.FSDataInputStream;

import org.apache.parquet.io.SeekableInputStream;

import javax.annotation.Nullable;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The stream parquet-java reads a file through (footers aside: the page index, dictionaries and
 * bloom filters of a filter, the pages a page index keeps, row groups read in place) over a Flink
 * stream with positioned reads ({@link ByteBufferReadable#read(long, ByteBuffer)}): {@link #seek}
 * only records the position, and reads read at the position. Never seek-then-read: Flink's
 * Hadoop-based streams (S3A, Presto S3, GCS, Azure) turn a forward seek of up to 1 MiB into reading
 * and dropping the bytes in between, which S3A in its random policy serves with one more GET per 64
 * KiB skipped.
 *
 * <p>A read of at least a block ({@link #BLOCK_BYTES}; {@link #LOCAL_BLOCK_BYTES} on a local disk)
 * goes to storage as one positioned read of what it asks for. A smaller one (parquet-java decodes
 * page headers, column and offset indexes and bloom filter headers with Thrift, a few bytes per
 * call) fetches the block at the position (less at the file's end) with one positioned read, and it
 * and the reads after it are served from that block while they fall inside it: as many requests as
 * S3A's read-ahead would make (64 KiB by default, so each positioned read is one GET of what it
 * counts), not one per call.
 *
 * <p>Counted ({@link FlinkInputFile.IoCounter}): each positioned read as one request, its bytes as
 * bytes read (a block's whole length: fetched, whether used or not). Opening the stream is not a
 * request: an object store's stream issues its first GET at the first read.
 *
 * <p>Thread contract: one thread reads, seeks and closes it (the fetcher thread).
 */
@Internal
public final class PositionedInputStream extends SeekableInputStream {

    /**
     * What a small read fetches at its position on an object store or another distributed file
     * system, S3A's default read-ahead: 64 KiB.
     */
    public static final int BLOCK_BYTES = 64 * 1024;

    /**
     * What a small read fetches at its position on a local disk ({@code
     * FileSystem#isDistributedFS()} false), where a read costs a system call, not a request: 8 KiB,
     * enough for the headers and indexes parquet-java decodes a few bytes at a time.
     */
    public static final int LOCAL_BLOCK_BYTES = 8 * 1024;

    /** The file's length, asked for at the first read. */
    public interface Length {
        long get() throws IOException;
    }

    private final FSDataInputStream in;
    private final ByteBufferReadable positioned;
    private final String file;
    private final Length fileLength;
    private final FlinkInputFile.IoCounter io;
    private final int blockBytes;

    private long length = -1L;
    private long position;

    /** The block fetched last: {@code blockLength} bytes of the file from {@code blockStart}. */
    @Nullable private byte[] block;

    private long blockStart;
    private int blockLength;
    private boolean closed;

    /**
     * @param in a stream of the file with positioned reads ({@link ByteBufferReadable})
     * @param file the file's name, for messages
     * @param length the file's length, asked for at the first read
     */
    public PositionedInputStream(
            FSDataInputStream in, String file, Length length, FlinkInputFile.IoCounter io) {
        this(in, file, length, io, BLOCK_BYTES);
    }

    /** As above, fetching {@code blockBytes} for a small read. */
    public PositionedInputStream(
            FSDataInputStream in,
            String file,
            Length length,
            FlinkInputFile.IoCounter io,
            int blockBytes) {
        if (!(in instanceof ByteBufferReadable)) {
            throw new IllegalArgumentException(
                    "The stream of Parquet file " + file + " has no positioned reads: " + in);
        }
        this.in = in;
        this.positioned = (ByteBufferReadable) in;
        this.file = file;
        this.fileLength = length;
        this.io = io;
        this.blockBytes = blockBytes;
    }

    @Override
    public long getPos() {
        return position;
    }

    @Override
    public void seek(long newPos) throws IOException {
        checkOpen();
        if (newPos < 0) {
            throw new EOFException("Cannot seek Parquet file " + file + " to offset " + newPos);
        }
        position = newPos;
    }

    @Override
    public long skip(long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        long skipped = Math.min(n, Math.max(0, length() - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        return inBlock(position) ? (int) (blockStart + blockLength - position) : 0;
    }

    @Override
    public int read() throws IOException {
        checkOpen();
        if (!inBlock(position)) {
            if (position >= length()) {
                return -1;
            }
            fetchBlock();
        }
        return block[(int) (position++ - blockStart)] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int len) throws IOException {
        checkOpen();
        if (len == 0) {
            return 0;
        }
        return read(ByteBuffer.wrap(bytes, offset, len).slice());
    }

    @Override
    public int read(ByteBuffer buffer) throws IOException {
        checkOpen();
        if (!buffer.hasRemaining()) {
            return 0;
        }
        long left = length() - position;
        if (left <= 0) {
            return -1;
        }
        int n = (int) Math.min(buffer.remaining(), left);
        if (!inBlock(position)) {
            if (n >= blockBytes) {
                // one positioned read of what is asked, straight into the caller's buffer
                ByteBuffer target = buffer.duplicate();
                target.limit(target.position() + n);
                fetch(position, target.slice());
                buffer.position(buffer.position() + n);
                position += n;
                return n;
            }
            fetchBlock();
        }
        int from = (int) (position - blockStart);
        n = Math.min(n, blockLength - from);
        buffer.put(block, from, n);
        position += n;
        return n;
    }

    @Override
    public void readFully(byte[] bytes) throws IOException {
        readFully(bytes, 0, bytes.length);
    }

    @Override
    public void readFully(byte[] bytes, int offset, int len) throws IOException {
        readFully(ByteBuffer.wrap(bytes, offset, len));
    }

    @Override
    public void readFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            int wanted = buffer.remaining();
            if (read(buffer) < 0) {
                throw new EOFException(
                        "Parquet file "
                                + file
                                + " ends at offset "
                                + position
                                + ", "
                                + wanted
                                + " bytes before the end of a read");
            }
        }
    }

    private boolean inBlock(long pos) {
        return block != null && pos >= blockStart && pos < blockStart + blockLength;
    }

    /** Fetches the block at the position: {@link #blockBytes}, fewer at the file's end. */
    private void fetchBlock() throws IOException {
        int n = (int) Math.min(blockBytes, length() - position);
        if (block == null) {
            block = new byte[blockBytes];
        }
        blockLength = 0; // nothing valid while the read is in progress
        fetch(position, ByteBuffer.wrap(block, 0, n).slice());
        blockStart = position;
        blockLength = n;
    }

    /** One positioned read of {@code target}'s bytes at {@code at}, counted as one request. */
    private void fetch(long at, ByteBuffer target) throws IOException {
        io.requests(1);
        readFully(positioned, file, at, target, io);
    }

    /**
     * Fills {@code target} with the bytes of {@code file} at {@code at} by positioned reads of
     * {@code in}, counting the bytes read with {@code io} (not the request: the caller's). The one
     * place the connector reads at a position, for ranges ({@link RangeReader}), footer tails
     * ({@link FlinkInputFile#readFully}) and this stream's blocks: never seek-then-read, which
     * Flink's Hadoop-based streams (S3A, Presto S3, GCS, Azure) turn, for a forward seek of up to 1
     * MiB, into reading and dropping the bytes in between (S3A in its random policy serves that
     * with one more GET per 64 KiB skipped). Each call fills a slice starting at its position 0:
     * Flink's Hadoop stream fills a heap buffer's whole remainder from its array offset and does
     * not move its position.
     *
     * @throws EOFException naming the file and the offset where it ends, when it ends first
     */
    static void readFully(
            ByteBufferReadable in,
            String file,
            long at,
            ByteBuffer target,
            FlinkInputFile.IoCounter io)
            throws IOException {
        int wanted = target.remaining();
        int done = 0;
        try {
            while (done < wanted) {
                ByteBuffer rest = target.duplicate();
                rest.position(target.position() + done);
                int n;
                try {
                    n = in.read(at + done, rest.slice());
                } catch (EOFException e) {
                    EOFException named = new EOFException(endsAt(file, at + done, at, wanted));
                    named.initCause(e);
                    throw named;
                }
                if (n <= 0) {
                    throw new EOFException(endsAt(file, at + done, at, wanted));
                }
                done += n;
            }
        } finally {
            io.bytesRead(done);
        }
    }

    private static String endsAt(String file, long end, long at, int wanted) {
        return "Parquet file "
                + file
                + " ends at offset "
                + end
                + ", reading "
                + wanted
                + " bytes at "
                + at;
    }

    private long length() throws IOException {
        if (length < 0) {
            length = fileLength.get();
        }
        return length;
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("Parquet file " + file + ": the stream is closed");
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            block = null;
            in.close();
        }
    }
}
