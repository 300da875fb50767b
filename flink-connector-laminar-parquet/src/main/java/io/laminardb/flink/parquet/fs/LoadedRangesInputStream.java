package io.laminardb.flink.parquet.fs;

import org.apache.flink.annotation.Internal;

import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.ParquetFileRange;
import org.apache.parquet.io.SeekableInputStream;

import javax.annotation.Nullable;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The stream parquet-java reads a file's data through: reads inside the {@link LoadedRanges} last
 * {@link #load loaded} are served from memory, without a request to storage; reads elsewhere (page
 * indexes, dictionaries and bloom filters for a filter, pages a page index selected) go to a real
 * stream of the file, opened at the first such read, or fail naming the file and the offset when
 * there is none.
 *
 * <p>A row group's column chunks are asked for with {@link #readVectored} while ranges are loaded:
 * each part that lies inside one loaded buffer is handed over as a view of it, so parquet-java
 * slices the pages out of the bytes fetched instead of copying them into buffers of its own first
 * (a row group's compressed bytes were allocated and copied twice).
 *
 * <p>Thread contract: one thread (the fetcher thread) reads, loads and closes it.
 */
@Internal
public final class LoadedRangesInputStream extends SeekableInputStream {

    private final String file;
    @Nullable private final InputFile fallback;

    @Nullable private LoadedRanges loaded;
    @Nullable private SeekableInputStream fallbackStream;
    private long position;

    /**
     * @param file the file's name, for messages
     * @param fallback the file, read for what is not loaded; null: such reads fail
     */
    public LoadedRangesInputStream(String file, @Nullable InputFile fallback) {
        this.file = file;
        this.fallback = fallback;
    }

    /** Serves reads inside {@code ranges} from memory from now on (null: nothing loaded). */
    public void load(@Nullable LoadedRanges ranges) {
        this.loaded = ranges;
    }

    /**
     * Drops this stream's reference to the loaded buffers (after parquet-java read the row group;
     * its pages may still be views of them, which keep them alive while they are read).
     */
    public void release() {
        this.loaded = null;
    }

    @Override
    public long getPos() {
        return position;
    }

    @Override
    public void seek(long newPos) throws IOException {
        if (newPos < 0) {
            throw new EOFException("Cannot seek Parquet file " + file + " to offset " + newPos);
        }
        position = newPos;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int index = loaded == null ? -1 : loaded.find(position);
        int n;
        if (index >= 0) {
            FileRange range = loaded.range(index);
            n = (int) Math.min(length, range.end() - position);
            System.arraycopy(
                    loaded.buffer(index), (int) (position - range.offset()), bytes, offset, n);
        } else {
            SeekableInputStream in = fallback(length);
            in.seek(position);
            n = in.read(bytes, offset, Math.min(length, untilLoaded(length)));
            if (n < 0) {
                return -1;
            }
        }
        position += n;
        return n;
    }

    /** How many bytes from the position on are not loaded, at most {@code length}. */
    private int untilLoaded(int length) {
        if (loaded == null) {
            return length;
        }
        return (int) Math.min(length, loaded.nextStartAfter(position) - position);
    }

    private SeekableInputStream fallback(int length) throws IOException {
        if (fallbackStream == null) {
            if (fallback == null) {
                throw new IOException(
                        "Read of "
                                + length
                                + " bytes of Parquet file "
                                + file
                                + " at offset "
                                + position
                                + " lies outside the ranges loaded");
            }
            fallbackStream = fallback.newStream();
        }
        return fallbackStream;
    }

    @Override
    public void readFully(byte[] bytes) throws IOException {
        readFully(bytes, 0, bytes.length);
    }

    @Override
    public void readFully(byte[] bytes, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int n = read(bytes, offset + done, length - done);
            if (n < 0) {
                throw new EOFException(
                        "Parquet file "
                                + file
                                + " ends at offset "
                                + position
                                + ", "
                                + (length - done)
                                + " bytes before the end of a read");
            }
            done += n;
        }
    }

    @Override
    public int read(ByteBuffer buffer) throws IOException {
        int length = buffer.remaining();
        if (length == 0) {
            return 0;
        }
        if (buffer.hasArray()) {
            int n = read(buffer.array(), buffer.arrayOffset() + buffer.position(), length);
            if (n > 0) {
                buffer.position(buffer.position() + n);
            }
            return n;
        }
        byte[] bytes = new byte[Math.min(length, 1 << 16)];
        int n = read(bytes, 0, bytes.length);
        if (n > 0) {
            buffer.put(bytes, 0, n);
        }
        return n;
    }

    @Override
    public void readFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (read(buffer) < 0) {
                throw new EOFException(
                        "Parquet file "
                                + file
                                + " ends at offset "
                                + position
                                + ", "
                                + buffer.remaining()
                                + " bytes before the end of a read");
            }
        }
    }

    /** While ranges are loaded, for buffers on the heap (the loaded buffers are heap arrays). */
    @Override
    public boolean readVectoredAvailable(ByteBufferAllocator allocator) {
        return loaded != null && !allocator.isDirect();
    }

    /**
     * Completes each range at once: with a view of the loaded buffer that holds it whole, else with
     * a new heap buffer filled as {@link #readFully(ByteBuffer)} would (not the allocator's:
     * parquet-java releases no buffer of a vectored read). Leaves the position after the last
     * range, where reading the ranges in turn would leave it.
     */
    @Override
    public void readVectored(List<ParquetFileRange> ranges, ByteBufferAllocator allocator)
            throws IOException {
        for (ParquetFileRange range : ranges) {
            range.setDataReadFuture(CompletableFuture.completedFuture(bytesOf(range)));
        }
        if (!ranges.isEmpty()) {
            ParquetFileRange last = ranges.get(ranges.size() - 1);
            seek(last.getOffset() + last.getLength());
        }
    }

    private ByteBuffer bytesOf(ParquetFileRange range) throws IOException {
        long offset = range.getOffset();
        int length = range.getLength();
        int index = loaded == null ? -1 : loaded.find(offset);
        if (index >= 0 && offset + length <= loaded.range(index).end()) {
            int start = (int) (offset - loaded.range(index).offset());
            return ByteBuffer.wrap(loaded.buffer(index), start, length).slice();
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        seek(offset);
        readFully(buffer);
        buffer.flip();
        return buffer;
    }

    @Override
    public void close() throws IOException {
        loaded = null;
        if (fallbackStream != null) {
            SeekableInputStream closing = fallbackStream;
            fallbackStream = null;
            closing.close();
        }
    }
}
