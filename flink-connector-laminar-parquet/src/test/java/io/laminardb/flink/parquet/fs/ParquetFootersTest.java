package io.laminardb.flink.parquet.fs;

import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.core.fs.Path;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Types;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ParquetFooters}: a footer in one ranged read of the file's tail (two when it is longer
 * than the tail), equal to parquet-java's own, and errors that name the file.
 */
class ParquetFootersTest {

    @TempDir java.nio.file.Path dir;

    /** Counts requests and bytes. */
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

    private static FlinkInputFile input(java.nio.file.Path file, Counts counts) throws IOException {
        return new FlinkInputFile(
                new Path(file.toUri()), Files.size(file), StorageSettings.CLUSTER, counts);
    }

    /** The footer as parquet-java reads it from the whole file, as JSON to compare. */
    private static String parquetJavaFooter(java.nio.file.Path file) throws IOException {
        LocalInputFile in = new LocalInputFile(file);
        try (SeekableInputStream stream = in.newStream()) {
            return ParquetMetadata.toJSON(
                    ParquetFileReader.readFooter(in, ParquetReadOptionsFactory.create(), stream));
        }
    }

    @Test
    void aSmallFooterTakesOneRequestAndEqualsParquetJavas() throws IOException {
        java.nio.file.Path file = dir.resolve("small.parquet");
        TradeFiles.write(file, 0, 3_000, 1_000);
        Counts counts = new Counts();

        ParquetMetadata footer = ParquetFooters.read(input(file, counts));

        assertThat(counts.requests).isEqualTo(1);
        assertThat(counts.bytes).isEqualTo(Math.min(Files.size(file), 64 * 1024));
        assertThat(footer.getBlocks()).hasSize(3);
        assertThat(ParquetMetadata.toJSON(footer)).isEqualTo(parquetJavaFooter(file));
    }

    @Test
    void aFileSmallerThanTheTailIsReadWholeInOneRequest() throws IOException {
        java.nio.file.Path file = dir.resolve("tiny.parquet");
        TradeFiles.write(file, 0, 3, 3);
        assertThat(Files.size(file)).isLessThan(ParquetFooters.TAIL_READ_BYTES);
        Counts counts = new Counts();

        ParquetMetadata footer = ParquetFooters.read(input(file, counts));

        assertThat(counts.requests).isEqualTo(1);
        assertThat(counts.bytes).isEqualTo(Files.size(file));
        assertThat(ParquetMetadata.toJSON(footer)).isEqualTo(parquetJavaFooter(file));
    }

    @Test
    void aFooterLongerThanTheTailTakesTwoRequests() throws IOException {
        java.nio.file.Path file = dir.resolve("wide.parquet");
        writeWide(file, 120, 12);
        ParquetMetadata expected;
        try (SeekableInputStream stream = new LocalInputFile(file).newStream()) {
            expected =
                    ParquetFileReader.readFooter(
                            new LocalInputFile(file), ParquetReadOptionsFactory.create(), stream);
        }
        Counts counts = new Counts();

        FooterTail tail = ParquetFooters.readTail(input(file, counts));
        assertThat(tail.problem()).isNull();
        assertThat(tail.holdsFooter()).isFalse(); // the footer is longer than 64 KiB
        assertThat(counts.requests).isEqualTo(1);
        ParquetMetadata footer = ParquetFooters.read(input(file, counts), tail);

        assertThat(counts.requests).isEqualTo(2);
        assertThat(counts.bytes).isEqualTo(tail.footerLength() + 8);
        assertThat(footer.getBlocks()).hasSize(12);
        assertThat(ParquetMetadata.toJSON(footer)).isEqualTo(ParquetMetadata.toJSON(expected));

        Counts again = new Counts();
        ParquetFooters.read(input(file, again));
        assertThat(again.requests).isEqualTo(2);
    }

    @Test
    void aTailThatHoldsTheFooterKeepsOnlyTheFooterAndParsesIt() throws IOException {
        java.nio.file.Path file = dir.resolve("kept.parquet");
        TradeFiles.write(file, 0, 20_000, 5_000);
        assertThat(Files.size(file)).isGreaterThan(ParquetFooters.TAIL_READ_BYTES);

        FooterTail tail = ParquetFooters.readTail(input(file, new Counts()));
        FooterTail kept = tail.footerOnly();

        assertThat(tail.byteSize()).isEqualTo(ParquetFooters.TAIL_READ_BYTES);
        assertThat(kept.byteSize()).isEqualTo(tail.footerLength() + 8).isLessThan(4096);
        assertThat(ParquetMetadata.toJSON(kept.footer())).isEqualTo(parquetJavaFooter(file));
    }

    @Test
    void aTruncatedFileFailsNamingTheFile() throws IOException {
        java.nio.file.Path good = dir.resolve("good.parquet");
        TradeFiles.write(good, 0, 100, 50);
        byte[] bytes = Files.readAllBytes(good);

        // the file's end is cut off: no magic at the end
        java.nio.file.Path cut = dir.resolve("cut.parquet");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 10));
        assertThatThrownBy(() -> ParquetFooters.read(input(cut, new Counts())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cut.parquet")
                .hasMessageContaining("not with the magic PAR1");

        // shorter than any footer
        java.nio.file.Path stub = dir.resolve("stub.parquet");
        Files.write(stub, Arrays.copyOf(bytes, 7));
        assertThatThrownBy(() -> ParquetFooters.read(input(stub, new Counts())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("stub.parquet")
                .hasMessageContaining("7 bytes, too few for a footer");

        // the end kept, the start cut off: the footer length goes beyond the file
        java.nio.file.Path headless = dir.resolve("headless.parquet");
        Files.write(headless, Arrays.copyOfRange(bytes, bytes.length - 40, bytes.length));
        assertThatThrownBy(() -> ParquetFooters.read(input(headless, new Counts())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("headless.parquet")
                .hasMessageContaining("does not fit in the file of 40 bytes");
    }

    @Test
    void garbageFailsNamingTheFile() throws IOException {
        java.nio.file.Path random = dir.resolve("random.parquet");
        byte[] bytes = new byte[4096];
        new Random(7).nextBytes(bytes);
        Files.write(random, bytes);
        assertThatThrownBy(() -> ParquetFooters.read(input(random, new Counts())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("random.parquet");

        // a good end with a footer that is not Thrift: parsing fails, naming the file
        java.nio.file.Path bad = dir.resolve("bad-footer.parquet");
        byte[] garbage = new byte[200];
        new Random(8).nextBytes(garbage);
        byte[] end = {100, 0, 0, 0, 'P', 'A', 'R', '1'};
        byte[] file = new byte[4 + garbage.length + end.length];
        System.arraycopy("PAR1".getBytes(), 0, file, 0, 4);
        System.arraycopy(garbage, 0, file, 4, garbage.length);
        System.arraycopy(end, 0, file, 4 + garbage.length, end.length);
        Files.write(bad, file);
        assertThatThrownBy(() -> ParquetFooters.read(input(bad, new Counts())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("bad-footer.parquet")
                .hasMessageContaining("Cannot read the Parquet footer");
    }

    @Test
    void aDeletedFileFailsWithFileNotFoundAsItsCause() {
        java.nio.file.Path gone = dir.resolve("gone.parquet");
        FlinkInputFile input =
                new FlinkInputFile(new Path(gone.toUri()), 1000, StorageSettings.CLUSTER);
        assertThatThrownBy(() -> ParquetFooters.read(input))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("gone.parquet")
                .hasRootCauseInstanceOf(java.io.FileNotFoundException.class);
    }

    @Test
    void theTailCheckTellsCompleteFilesFromFilesBeingWritten() throws IOException {
        java.nio.file.Path good = dir.resolve("complete.parquet");
        TradeFiles.write(good, 0, 100, 50);
        byte[] bytes = Files.readAllBytes(good);
        java.nio.file.Path partial = dir.resolve("partial.parquet");
        Files.write(partial, Arrays.copyOf(bytes, bytes.length / 2));

        assertThat(ParquetFooters.readTail(input(good, new Counts())).endsWithFooter()).isTrue();
        assertThat(ParquetFooters.readTail(input(good, new Counts())).holdsFooter()).isTrue();
        assertThat(ParquetFooters.readTail(input(partial, new Counts())).endsWithFooter())
                .isFalse();
        assertThat(ParquetFooters.readTail(input(partial, new Counts())).holdsFooter()).isFalse();
    }

    /** A file of {@code columns} int64 columns, one row per row group: a long footer. */
    static void writeWide(java.nio.file.Path file, int columns, int rowGroups) throws IOException {
        Types.MessageTypeBuilder builder = Types.buildMessage();
        for (int c = 0; c < columns; c++) {
            builder.required(PrimitiveType.PrimitiveTypeName.INT64).named("column_" + c);
        }
        MessageType schema = builder.named("wide");
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer =
                ExampleParquetWriter.builder(new LocalOutputFile(file))
                        .withType(schema)
                        .withRowGroupRowCountLimit(1)
                        .withPageRowCountLimit(1)
                        .build()) {
            for (int r = 0; r < rowGroups; r++) {
                Group g = groups.newGroup();
                for (int c = 0; c < columns; c++) {
                    g.append("column_" + c, (long) r * columns + c);
                }
                writer.write(g);
            }
        }
    }
}
