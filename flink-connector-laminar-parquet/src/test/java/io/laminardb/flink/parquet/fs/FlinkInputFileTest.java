package io.laminardb.flink.parquet.fs;

import org.apache.flink.core.fs.ByteBufferReadable;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.local.LocalDataInputStream;

import org.apache.parquet.io.SeekableInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The streams of {@link FlinkInputFile#newStream()}: positioned reads where the file system's
 * stream has them ({@link PositionedInputStream}: no I/O at a seek, a small read fetches one block
 * at its position, a large one is one positioned read of what it asks), seek-then-read where it has
 * not; and the storage I/O each counts.
 */
class FlinkInputFileTest {

    private static final int BLOCK = PositionedInputStream.BLOCK_BYTES;

    @TempDir java.nio.file.Path dir;

    private static final class Counts implements FlinkInputFile.IoCounter {
        long requests;
        long bytes;

        @Override
        public void requests(long count) {
            requests += count;
        }

        @Override
        public void bytesRead(long bytes) {
            this.bytes += bytes;
        }
    }

    /**
     * A file in memory with positioned reads that behave like Flink's Hadoop stream: a heap buffer
     * is filled from its array offset through its whole remainder and its position is left alone,
     * past the end is an EOFException; each positioned read is recorded. {@code maxPerRead} limits
     * what one call returns for other buffers, like a file channel may.
     */
    private static final class PositionedBytes extends FSDataInputStream
            implements ByteBufferReadable {
        final byte[] data;
        final List<long[]> reads = new ArrayList<>();
        final int maxPerRead;
        boolean closed;

        PositionedBytes(byte[] data, int maxPerRead) {
            this.data = data;
            this.maxPerRead = maxPerRead;
        }

        @Override
        public int read(long position, ByteBuffer buffer) throws IOException {
            int n = buffer.remaining();
            reads.add(new long[] {position, n});
            if (position + n > data.length) {
                throw new EOFException("past the end");
            }
            if (buffer.hasArray()) {
                System.arraycopy(data, (int) position, buffer.array(), buffer.arrayOffset(), n);
                return n;
            }
            n = Math.min(n, maxPerRead);
            buffer.put(data, (int) position, n);
            return n;
        }

        @Override
        public int read(ByteBuffer buffer) {
            throw new UnsupportedOperationException("only positioned reads");
        }

        @Override
        public void seek(long desired) {
            throw new UnsupportedOperationException("only positioned reads");
        }

        @Override
        public long getPos() {
            throw new UnsupportedOperationException("only positioned reads");
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("only positioned reads");
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A local file's stream without positioned reads (it hides them). */
    private static final class SeekOnly extends FSDataInputStream {
        final LocalDataInputStream in;

        SeekOnly(java.nio.file.Path file) throws IOException {
            in = new LocalDataInputStream(file.toFile());
        }

        @Override
        public void seek(long desired) throws IOException {
            in.seek(desired);
        }

        @Override
        public long getPos() throws IOException {
            return in.getPos();
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static byte[] bytes(int length) {
        byte[] data = new byte[length];
        new Random(7).nextBytes(data);
        return data;
    }

    @Test
    void seeksReadNothingAndSmallReadsAreServedFromOneBlockAtTheirPosition() throws Exception {
        byte[] data = bytes(5 * BLOCK);
        PositionedBytes file = new PositionedBytes(data, Integer.MAX_VALUE);
        Counts counts = new Counts();
        try (SeekableInputStream in =
                FlinkInputFile.stream(file, "f", () -> data.length, counts, BLOCK)) {
            assertThat(counts.requests).isZero(); // opening is no request
            in.seek(3 * BLOCK);
            in.seek(1000);
            assertThat(file.reads).isEmpty();

            // single bytes and small reads, as Thrift decodes a header: one block
            assertThat(in.read()).isEqualTo(data[1000] & 0xff);
            byte[] small = new byte[100];
            in.readFully(small);
            assertThat(small).isEqualTo(Arrays.copyOfRange(data, 1001, 1101));
            in.seek(1000 + BLOCK - 10); // the block's last bytes, then past it
            byte[] across = new byte[30];
            in.readFully(across);
            assertThat(across).isEqualTo(Arrays.copyOfRange(data, 990 + BLOCK, 1020 + BLOCK));
            assertThat(in.getPos()).isEqualTo(1020 + BLOCK);

            // the first block, then the next one from where the first ended
            assertThat(file.reads)
                    .containsExactly(new long[] {1000, BLOCK}, new long[] {1000 + BLOCK, BLOCK});
            assertThat(counts.requests).isEqualTo(2);
            assertThat(counts.bytes).isEqualTo(2L * BLOCK);

            // back inside the block held (the last one fetched): no request
            in.seek(1010 + BLOCK);
            assertThat(in.read()).isEqualTo(data[1010 + BLOCK] & 0xff);
            assertThat(file.reads).hasSize(2);
        }
        assertThat(file.closed).isTrue();
    }

    @Test
    void aReadOfABlockOrMoreIsOnePositionedReadOfWhatItAsks() throws Exception {
        byte[] data = bytes(5 * BLOCK);
        PositionedBytes file = new PositionedBytes(data, 1000);
        Counts counts = new Counts();
        try (SeekableInputStream in =
                FlinkInputFile.stream(file, "f", () -> data.length, counts, BLOCK)) {
            in.seek(7);
            byte[] large = new byte[2 * BLOCK + 3];
            in.readFully(large);
            assertThat(large).isEqualTo(Arrays.copyOfRange(data, 7, 7 + large.length));
            assertThat(file.reads).containsExactly(new long[] {7, large.length});

            // into a direct buffer, which the stream fills 1000 bytes per call: one request
            in.seek(3 * BLOCK);
            ByteBuffer direct = ByteBuffer.allocateDirect(BLOCK + 1);
            in.readFully(direct);
            direct.flip();
            byte[] read = new byte[direct.remaining()];
            direct.get(read);
            assertThat(read).isEqualTo(Arrays.copyOfRange(data, 3 * BLOCK, 4 * BLOCK + 1));
            assertThat(counts.requests).isEqualTo(2);
            assertThat(counts.bytes).isEqualTo(large.length + BLOCK + 1L);
            assertThat(in.getPos()).isEqualTo(4 * BLOCK + 1);
        }
    }

    @Test
    void theFilesEndClipsBlocksAndEndsReads() throws Exception {
        byte[] data = bytes(BLOCK + 100);
        PositionedBytes file = new PositionedBytes(data, Integer.MAX_VALUE);
        Counts counts = new Counts();
        try (SeekableInputStream in =
                FlinkInputFile.stream(file, "s3://b/f.parquet", () -> data.length, counts, BLOCK)) {
            in.seek(BLOCK);
            byte[] tail = new byte[100];
            in.readFully(tail);
            assertThat(tail).isEqualTo(Arrays.copyOfRange(data, BLOCK, BLOCK + 100));
            assertThat(file.reads).containsExactly(new long[] {BLOCK, 100});
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.read(new byte[10], 0, 10)).isEqualTo(-1);
            in.seek(BLOCK + 50);
            assertThatThrownBy(() -> in.readFully(new byte[60]))
                    .isInstanceOf(EOFException.class)
                    .hasMessageContaining("s3://b/f.parquet");
            assertThat(counts.requests).isEqualTo(1);
        }
    }

    @Test
    void localFilesArePositionedAndReadTheFilesBytes() throws Exception {
        java.nio.file.Path local = dir.resolve("f.bin");
        byte[] data = bytes(3 * BLOCK + 17);
        Files.write(local, data);
        Counts counts = new Counts();
        FlinkInputFile input =
                new FlinkInputFile(new Path(local.toUri()), -1, StorageSettings.CLUSTER, counts);
        Random random = new Random(3);
        try (SeekableInputStream in = input.newStream()) {
            assertThat(in).isInstanceOf(PositionedInputStream.class);
            for (int i = 0; i < 200; i++) {
                int at = random.nextInt(data.length);
                int length = Math.min(data.length - at, random.nextInt(i % 2 == 0 ? 200 : 90_000));
                in.seek(at);
                byte[] read = new byte[length];
                in.readFully(read);
                assertThat(read).isEqualTo(Arrays.copyOfRange(data, at, at + length));
            }
        }
        assertThat(counts.requests).isPositive().isLessThanOrEqualTo(200);
    }

    @Test
    void streamsWithoutPositionedReadsCountOpensSeeksToAnotherPositionAndTheBytesOfEachRun()
            throws Exception {
        java.nio.file.Path file = dir.resolve("f.bin");
        Files.write(file, new byte[1000]);
        Counts counts = new Counts();
        try (SeekableInputStream in =
                FlinkInputFile.stream(new SeekOnly(file), "f", () -> 1000, counts, BLOCK)) {
            assertThat(counts.requests).isEqualTo(1); // the open
            in.seek(10);
            in.readFully(new byte[5]);
            in.seek(15); // where the stream is: no request
            in.readFully(new byte[20]);
            in.seek(900);
            in.readFully(new byte[100]);
            assertThat(counts.requests).isEqualTo(3);
            assertThat(counts.bytes).isEqualTo(25); // the run 10..35; 900..1000 not yet
        }
        assertThat(counts.requests).isEqualTo(3);
        assertThat(counts.bytes).isEqualTo(125);
    }
}
