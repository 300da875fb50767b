package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.source.LaminarParquetSource;

import org.apache.flink.table.data.RowData;

import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Damaged column chunks (random bytes of page headers, levels, dictionaries and values overwritten
 * in an uncompressed file, so nothing but the decoders notices) never hang a read and never fail it
 * without naming the file: a read either ends (values may be wrong: the format has no checksum
 * here) or fails with an exception that names it. Flat and nested columns (an array of rows that
 * hold arrays among them), pages v1 and v2, dictionary and PLAIN.
 */
class CorruptPagesTest {

    private static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message m {\n"
                            + "  required int64 id;\n"
                            + "  optional binary name (STRING);\n"
                            + "  optional group ints (LIST) {\n"
                            + "    repeated group list { optional int32 element; }\n"
                            + "  }\n"
                            + "  optional group attrs (MAP) {\n"
                            + "    repeated group key_value {\n"
                            + "      required binary key (STRING);\n"
                            + "      optional double value;\n"
                            + "    }\n"
                            + "  }\n"
                            + "  optional group point { optional double x; required int32 y; }\n"
                            + "  optional group flags (LIST) {\n"
                            + "    repeated group list { required boolean element; }\n"
                            + "  }\n"
                            + "  optional group orders (LIST) {\n"
                            + "    repeated group list {\n"
                            + "      optional group element {\n"
                            + "        required int64 sku;\n"
                            + "        optional group tags (LIST) {\n"
                            + "          repeated group list { optional binary element (STRING); }\n"
                            + "        }\n"
                            + "      }\n"
                            + "    }\n"
                            + "  }\n"
                            + "}");

    @TempDir Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void aDamagedPageNeverHangsAndFailsNamingTheFile(int seed) throws Exception {
        Random random = new Random(seed);
        Path file = dir.resolve("damaged-" + seed + ".parquet");
        write(file, seed % 2 == 0, random);
        long[] chunks = columnChunks(file);
        byte[] intact = Files.readAllBytes(file);
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData().path(file.toString()).build();
        int failed = 0;
        for (int round = 0; round < 12; round++) {
            byte[] damaged = intact.clone();
            int flips = 1 + random.nextInt(6);
            for (int f = 0; f < flips; f++) {
                long at = chunks[0] + (long) (random.nextDouble() * (chunks[1] - chunks[0]));
                damaged[(int) at] = (byte) random.nextInt(256);
            }
            Files.write(file, damaged);
            String what = "round " + round + " of seed " + seed;
            boolean ended =
                    assertTimeoutPreemptively(
                            Duration.ofSeconds(30),
                            () -> {
                                try {
                                    SplitReads.read(source, file, false, 0);
                                    return true;
                                } catch (Exception e) {
                                    assertThat(messages(e))
                                            .as(what)
                                            .contains(file.getFileName().toString());
                                    return false;
                                }
                            },
                            "a read of a damaged file hung");
            failed += ended ? 0 : 1;
        }
        // the damage is found in some rounds: the failures checked above happen
        assertThat(failed).as("reads that failed").isPositive();
    }

    /** The messages of an exception and its causes. */
    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }

    /** Where the column chunks of the file's row groups start and end. */
    private static long[] columnChunks(Path file) throws Exception {
        long start = Long.MAX_VALUE;
        long end = 0;
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            for (BlockMetaData block : reader.getFooter().getBlocks()) {
                for (ColumnChunkMetaData chunk : block.getColumns()) {
                    start = Math.min(start, chunk.getStartingPos());
                    end = Math.max(end, chunk.getStartingPos() + chunk.getTotalSize());
                }
            }
        }
        return new long[] {start, end};
    }

    private static void write(Path file, boolean v2, Random random) throws Exception {
        try (ParquetWriter<Group> writer =
                ExampleParquetWriter.builder(new LocalOutputFile(file))
                        .withType(SCHEMA)
                        .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                        .withDictionaryEncoding(random.nextBoolean())
                        .withWriterVersion(
                                v2
                                        ? ParquetProperties.WriterVersion.PARQUET_2_0
                                        : ParquetProperties.WriterVersion.PARQUET_1_0)
                        .withPageRowCountLimit(100)
                        .withRowGroupRowCountLimit(600)
                        .withPageWriteChecksumEnabled(false)
                        .build()) {
            SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
            for (int i = 0; i < 1_500; i++) {
                Group g = groups.newGroup().append("id", (long) i);
                if (random.nextInt(10) > 0) {
                    g.append("name", "n" + random.nextInt(40));
                }
                if (random.nextInt(10) > 0) {
                    Group ints = g.addGroup("ints");
                    for (int e = random.nextInt(5); e > 0; e--) {
                        Group element = ints.addGroup("list");
                        if (random.nextInt(8) > 0) {
                            element.append("element", random.nextInt(100));
                        }
                    }
                }
                if (random.nextInt(10) > 0) {
                    Group attrs = g.addGroup("attrs");
                    for (int e = random.nextInt(3); e > 0; e--) {
                        Group entry = attrs.addGroup("key_value").append("key", "k" + e);
                        if (random.nextBoolean()) {
                            entry.append("value", random.nextDouble());
                        }
                    }
                }
                if (random.nextInt(10) > 0) {
                    Group point = g.addGroup("point").append("y", random.nextInt());
                    if (random.nextBoolean()) {
                        point.append("x", random.nextDouble());
                    }
                }
                Group flags = g.addGroup("flags");
                for (int e = random.nextInt(4); e > 0; e--) {
                    flags.addGroup("list").append("element", random.nextBoolean());
                }
                Group orders = g.addGroup("orders");
                for (int e = random.nextInt(4); e > 0; e--) {
                    Group entry = orders.addGroup("list");
                    if (random.nextInt(8) == 0) {
                        continue; // a NULL order
                    }
                    Group order = entry.addGroup("element").append("sku", random.nextLong() >> 40);
                    Group tags = order.addGroup("tags");
                    for (int t = random.nextInt(3); t > 0; t--) {
                        tags.addGroup("list").append("element", "t" + random.nextInt(9));
                    }
                }
                writer.write(g);
            }
        }
    }
}
