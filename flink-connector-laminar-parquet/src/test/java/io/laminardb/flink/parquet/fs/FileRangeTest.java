package io.laminardb.flink.parquet.fs;

import org.apache.parquet.bytes.DirectByteBufferAllocator;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.ParquetFileRange;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The range planner ({@link FileRange#coalesce}) and reads served from loaded ranges. */
class FileRangeTest {

    private static FileRange r(long offset, long length) {
        return new FileRange(offset, length);
    }

    @Test
    void rangesFurtherApartThanTheGapStaySeparate() {
        assertThat(FileRange.coalesce(List.of(r(0, 10), r(20, 10), r(100, 5)), 9))
                .containsExactly(r(0, 10), r(20, 10), r(100, 5));
    }

    @Test
    void aGapExactlyAtTheThresholdJoins() {
        // [0, 10) and [20, 30): 10 bytes apart
        assertThat(FileRange.coalesce(List.of(r(0, 10), r(20, 10)), 10)).containsExactly(r(0, 30));
        assertThat(FileRange.coalesce(List.of(r(0, 10), r(20, 10)), 9))
                .containsExactly(r(0, 10), r(20, 10));
    }

    @Test
    void touchingRangesJoinWithGapZero() {
        assertThat(FileRange.coalesce(List.of(r(0, 10), r(10, 5), r(16, 4)), 0))
                .containsExactly(r(0, 15), r(16, 4));
    }

    @Test
    void overlappingAndContainedRangesJoin() {
        assertThat(FileRange.coalesce(List.of(r(0, 10), r(5, 10), r(6, 2), r(40, 1)), 0))
                .containsExactly(r(0, 15), r(40, 1));
    }

    @Test
    void unorderedInputComesOutSortedByOffset() {
        assertThat(FileRange.coalesce(List.of(r(300, 10), r(0, 10), r(100, 10), r(105, 1)), 0))
                .containsExactly(r(0, 10), r(100, 10), r(300, 10));
        assertThat(FileRange.coalesce(List.of(r(300, 10), r(0, 10), r(100, 10)), 1 << 20))
                .containsExactly(r(0, 310));
    }

    @Test
    void emptyRangesAreDroppedAndBadRangesRejected() {
        assertThat(FileRange.coalesce(List.of(r(5, 0)), 100)).isEmpty();
        assertThat(FileRange.coalesce(List.of(), 100)).isEmpty();
        assertThatThrownBy(() -> r(-1, 3)).hasMessageContaining("negative offset");
        assertThatThrownBy(() -> r(1, -3)).hasMessageContaining("negative length");
        assertThatThrownBy(() -> FileRange.coalesce(List.of(r(0, 1)), -1))
                .hasMessageContaining("negative");
        assertThat(FileRange.totalLength(List.of(r(0, 10), r(50, 7)))).isEqualTo(17);
    }

    @Test
    void loadedRangesServeReadsAndReadsOutsideFailNamingTheFileAndOffset() throws IOException {
        byte[] a = {1, 2, 3, 4};
        byte[] b = {9, 8};
        LoadedRanges loaded = new LoadedRanges(List.of(r(10, 4), r(20, 2)), new byte[][] {a, b});
        assertThat(loaded.bytes()).isEqualTo(6);
        try (LoadedRangesInputStream in = new LoadedRangesInputStream("f.parquet", null)) {
            in.load(loaded);
            in.seek(11);
            byte[] out = new byte[3];
            in.readFully(out);
            assertThat(out).containsExactly(2, 3, 4);
            in.seek(20);
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocateDirect(2);
            in.readFully(buffer);
            assertThat(buffer.get(0)).isEqualTo((byte) 9);
            assertThat(buffer.get(1)).isEqualTo((byte) 8);
            in.seek(12);
            assertThatThrownBy(() -> in.readFully(new byte[4]))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("f.parquet")
                    .hasMessageContaining("offset 14");
        }
    }

    @Test
    void vectoredReadsAreViewsOfTheLoadedBuffersWhereALoadedRangeHoldsThemWhole()
            throws IOException {
        byte[] a = {1, 2, 3, 4, 5, 6};
        byte[] b = {9, 8, 7};
        LoadedRanges loaded = new LoadedRanges(List.of(r(10, 6), r(16, 3)), new byte[][] {a, b});
        HeapByteBufferAllocator heap = HeapByteBufferAllocator.getInstance();
        try (LoadedRangesInputStream in = new LoadedRangesInputStream("f.parquet", null)) {
            assertThat(in.readVectoredAvailable(heap)).as("nothing loaded").isFalse();
            in.load(loaded);
            assertThat(in.readVectoredAvailable(heap)).isTrue();
            assertThat(in.readVectoredAvailable(new DirectByteBufferAllocator())).isFalse();

            ParquetFileRange inside = new ParquetFileRange(11, 4);
            ParquetFileRange across = new ParquetFileRange(14, 4); // ends in the second range
            in.readVectored(List.of(inside, across), heap);

            ByteBuffer view = inside.getDataReadFuture().join();
            assertThat(view.array()).as("no copy").isSameAs(a);
            assertThat(bytes(view)).containsExactly(2, 3, 4, 5);
            ByteBuffer copied = across.getDataReadFuture().join();
            assertThat(bytes(copied)).containsExactly(5, 6, 9, 8);
            assertThat(in.getPos()).as("after the last range").isEqualTo(18);

            ParquetFileRange outside = new ParquetFileRange(17, 4);
            assertThatThrownBy(() -> in.readVectored(List.of(outside), heap))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("f.parquet")
                    .hasMessageContaining("offset 19");
        }
    }

    /**
     * Through parquet-java's reader with the connector's read options: the pages of a row group
     * whose column chunk was loaded are views of the loaded buffer (overwriting it shows in them),
     * and nothing is read from storage (the stream has no file to fall back on).
     */
    @Test
    void aLoadedRowGroupsPagesAreViewsOfTheLoadedBuffer(@TempDir Path dir) throws IOException {
        MessageType schema = MessageTypeParser.parseMessageType("message m { required int64 v; }");
        Path file = dir.resolve("longs.parquet");
        try (ParquetWriter<Group> writer =
                ExampleParquetWriter.builder(new LocalOutputFile(file))
                        .withType(schema)
                        .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                        .withDictionaryEncoding(false)
                        .build()) {
            SimpleGroupFactory groups = new SimpleGroupFactory(schema);
            for (long v = 1; v <= 1000; v++) {
                writer.write(groups.newGroup().append("v", v));
            }
        }
        ParquetMetadata footer;
        try (ParquetFileReader plain = ParquetFileReader.open(new LocalInputFile(file))) {
            footer = plain.getFooter();
        }
        ColumnChunkMetaData chunk = footer.getBlocks().get(0).getColumns().get(0);
        long start = chunk.getStartingPos();
        byte[] bytes =
                Arrays.copyOfRange(
                        Files.readAllBytes(file),
                        (int) start,
                        (int) (start + chunk.getTotalSize()));
        LoadedRangesInputStream stream = new LoadedRangesInputStream(file.toString(), null);
        stream.load(new LoadedRanges(List.of(r(start, bytes.length)), new byte[][] {bytes}));
        ColumnDescriptor column = schema.getColumns().get(0);
        try (ParquetFileReader reader =
                ParquetFileReader.open(
                        new LocalInputFile(file),
                        footer,
                        ParquetReadOptionsFactory.create(),
                        stream)) {
            PageReadStore pages = reader.readRowGroup(0);
            stream.release();
            Arrays.fill(bytes, (byte) 0x5a);
            DataPageV1 page = (DataPageV1) pages.getPageReader(column).readPage();
            assertThat(page.getBytes().toByteArray()).isNotEmpty().containsOnly((byte) 0x5a);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
