package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.schema.ParquetSchemaConverter;

import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast flat-column path decodes exactly what parquet-java's column reader decodes: random files
 * (nulls, dictionary, plain and BYTE_STREAM_SPLIT pages, page v1 and v2, small pages, dictionary
 * fallback to plain, PLAIN and RLE booleans, decimals of every length), read in random batch sizes
 * from random starting rows, column by column and row by row.
 */
class FlatColumnReaderTest {

    private static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message m {\n"
                            + "  required int64 id;\n"
                            + "  required int32 a;\n"
                            + "  optional int32 b (INTEGER(16,true));\n"
                            + "  optional int64 c;\n"
                            + "  optional int64 ts (TIMESTAMP(MICROS,false));\n"
                            + "  optional int64 ms (TIMESTAMP(MILLIS,true));\n"
                            + "  optional float f;\n"
                            + "  optional double d;\n"
                            + "  optional binary s (STRING);\n"
                            + "  required binary raw;\n"
                            + "  optional int32 dec (DECIMAL(9,2));\n"
                            + "  optional binary text (STRING);\n"
                            + "  optional binary bytes;\n"
                            + "  optional boolean flag;\n"
                            + "  required boolean on;\n"
                            + "  optional fixed_len_byte_array(16) big (DECIMAL(38,6));\n"
                            + "  optional fixed_len_byte_array(5) cents (DECIMAL(10,2));\n"
                            + "  optional binary wide (DECIMAL(30,4));\n"
                            + "  optional fixed_len_byte_array(16) uuid (UUID);\n"
                            + "  optional fixed_len_byte_array(3) rgb;\n"
                            + "  optional int96 legacy;\n"
                            + "  optional int32 tiny (INTEGER(8,true));\n"
                            + "}");

    @TempDir Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void decodesLikeParquetJava(int seed) throws Exception {
        Random random = new Random(seed);
        Path file = dir.resolve("f" + seed + ".parquet");
        write(file, seed, random, ParquetProperties.DEFAULT_PAGE_SIZE);
        assertThat(compareColumns(file, seed, ParquetReadOptions.builder().build(), random))
                .as("rows the page index skipped")
                .isZero();
        if (seed > 4) {
            assertThat(DecoderComparison.encodings(file))
                    .as("encodings written")
                    .contains(Encoding.BYTE_STREAM_SPLIT);
        }
        if (seed == 4) {
            // pages v2 whose dictionaries fell back: integers DELTA_BINARY_PACKED, strings
            // DELTA_BYTE_ARRAY
            assertThat(DecoderComparison.encodings(file))
                    .as("encodings written")
                    .contains(Encoding.DELTA_BINARY_PACKED, Encoding.DELTA_BYTE_ARRAY);
        }
    }

    /**
     * The page index keeps a few runs of rows (a filter on the ascending {@code id}); small pages
     * start at other rows in each column, so the reader skips pages and values within pages to line
     * the columns up, as parquet-java's synchronizing column reader does.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void decodesTheRowsThePageIndexKeptLikeParquetJava(int seed) throws Exception {
        Random random = new Random(seed);
        Path file = dir.resolve("kept" + seed + ".parquet");
        int rows = write(file, seed, random, 256 + random.nextInt(2048));
        ParquetReadOptions filtered = IdRangesKept.options(random, rows);
        assertThat(compareColumns(file, seed, filtered, random))
                .as("rows the page index skipped")
                .isPositive();
    }

    /** Writes a random file of the test's schema; returns its row count. */
    private static int write(Path file, int seed, Random random, int pageSize) throws Exception {
        int rows = 3_000 + random.nextInt(5_000);
        boolean dictionary = seed % 3 != 0;
        try (ParquetWriter<Group> writer =
                ExampleParquetWriter.builder(new LocalOutputFile(file))
                        .withType(SCHEMA)
                        .withPageSize(pageSize)
                        .withDictionaryEncoding(dictionary)
                        // a small dictionary page makes big columns fall back to plain mid-chunk
                        .withDictionaryPageSize(seed % 4 == 0 ? 512 : 1 << 20)
                        // numbers and fixed-length values BYTE_STREAM_SPLIT where not dictionary
                        .withByteStreamSplitEncoding(seed > 4)
                        .withWriterVersion(
                                seed % 2 == 0
                                        ? ParquetProperties.WriterVersion.PARQUET_2_0
                                        : ParquetProperties.WriterVersion.PARQUET_1_0)
                        .withCompressionCodec(CompressionCodecName.SNAPPY)
                        .withPageRowCountLimit(50 + random.nextInt(400))
                        .withRowGroupRowCountLimit(1_000 + random.nextInt(3_000))
                        .build()) {
            SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
            int nullPercent = random.nextInt(60);
            for (int i = 0; i < rows; i++) {
                Group g = groups.newGroup();
                g.append("id", (long) i);
                g.append("a", random.nextInt());
                if (random.nextInt(100) >= nullPercent) {
                    g.append("b", random.nextInt(65536) - 32768);
                }
                if (random.nextInt(100) >= nullPercent) {
                    g.append("c", random.nextBoolean() ? random.nextLong() : random.nextInt(20));
                }
                if (random.nextInt(100) >= nullPercent) {
                    g.append("ts", random.nextLong() / 1000);
                }
                if (random.nextInt(100) >= nullPercent) {
                    // a few distinct values (dictionary pages) or many
                    g.append(
                            "ms",
                            random.nextBoolean()
                                    ? 1_700_000_000_000L + random.nextInt(50)
                                    : random.nextLong() / 1_000_000);
                }
                if (random.nextInt(100) >= nullPercent) {
                    g.append("f", random.nextFloat() * 100);
                }
                if (random.nextInt(100) >= nullPercent) {
                    g.append("d", random.nextInt(10) == 0 ? Double.NaN : random.nextGaussian());
                }
                if (random.nextInt(100) >= nullPercent) {
                    g.append(
                            "s",
                            random.nextInt(3) == 0
                                    ? "ü€" + random.nextInt()
                                    : "k" + random.nextInt(30));
                }
                g.append(
                        "raw",
                        org.apache.parquet.io.api.Binary.fromConstantByteArray(
                                new byte[random.nextInt(5)]));
                if (random.nextInt(100) >= nullPercent) {
                    g.append("dec", random.nextInt(2_000_000) - 1_000_000);
                }
                // long, mostly unique strings: PLAIN pages (or a dictionary that falls back)
                if (random.nextInt(100) >= nullPercent) {
                    g.append("text", text(random));
                }
                if (random.nextInt(100) >= nullPercent) {
                    byte[] raw = new byte[random.nextInt(4) == 0 ? 0 : random.nextInt(200)];
                    random.nextBytes(raw);
                    g.append("bytes", org.apache.parquet.io.api.Binary.fromConstantByteArray(raw));
                }
                if (random.nextInt(100) >= nullPercent) {
                    // runs of one value (RLE runs in v2 pages) and scattered values
                    g.append(
                            "flag",
                            random.nextInt(4) == 0 ? random.nextBoolean() : i / 70 % 2 == 0);
                }
                g.append("on", random.nextBoolean());
                if (random.nextInt(100) >= nullPercent) {
                    // mostly values that fit a long, some of up to 120 bits (36 digits)
                    BigInteger big =
                            random.nextInt(5) == 0
                                    ? new BigInteger(120, random)
                                            .subtract(BigInteger.ONE.shiftLeft(119))
                                    : BigInteger.valueOf(random.nextLong() >> random.nextInt(60));
                    g.append("big", Binary.fromConstantByteArray(twosComplement(big, 16)));
                }
                if (random.nextInt(100) >= nullPercent) {
                    long cents = random.nextLong() % 10_000_000_000L;
                    g.append(
                            "cents",
                            Binary.fromConstantByteArray(
                                    twosComplement(BigInteger.valueOf(cents), 5)));
                }
                if (random.nextInt(100) >= nullPercent) {
                    BigInteger wide = new BigInteger(1 + random.nextInt(96), random);
                    g.append(
                            "wide",
                            Binary.fromConstantByteArray(
                                    (random.nextBoolean() ? wide : wide.negate()).toByteArray()));
                }
                if (random.nextInt(100) >= nullPercent) {
                    byte[] uuid = new byte[16];
                    random.nextBytes(uuid);
                    g.append("uuid", Binary.fromConstantByteArray(uuid));
                }
                if (random.nextInt(100) >= nullPercent) {
                    byte[] rgb = new byte[3];
                    rgb[random.nextInt(3)] = (byte) random.nextInt(4);
                    g.append("rgb", Binary.fromConstantByteArray(rgb));
                }
                if (random.nextInt(100) >= nullPercent) {
                    // nanoseconds of the day, then the Julian day (a few distinct: dictionaries)
                    ByteBuffer int96 = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
                    int96.putLong(
                            random.nextBoolean()
                                    ? random.nextInt(4) * 3_600_000_000_000L
                                    : (long) (random.nextDouble() * 86_400_000_000_000L));
                    int96.putInt(2_440_588 + random.nextInt(40_000) - 20_000);
                    g.append("legacy", Binary.fromConstantByteArray(int96.array()));
                }
                if (random.nextInt(100) >= nullPercent) {
                    g.append("tiny", random.nextInt(256) - 128);
                }
                writer.write(g);
            }
        }
        return rows;
    }

    /**
     * Decodes every row group of the file (filtered as {@code options} say) column by column with
     * the fast path and with parquet-java's, and compares them row by row; returns how many rows
     * the page index skipped.
     */
    private static long compareColumns(
            Path file, int seed, ParquetReadOptions options, Random random) throws Exception {
        RowType rowType = ParquetSchemaConverter.toRowType(SCHEMA);
        int[] fastColumns = {0};
        long skippedRows =
                DecoderComparison.forEachRowGroup(
                        file,
                        options,
                        SCHEMA,
                        random,
                        group -> {
                            String createdBy = group.file().getCreatedBy();
                            for (int c = 0; c < SCHEMA.getFieldCount(); c++) {
                                Type column = SCHEMA.getType(c);
                                LogicalType type = rowType.getTypeAt(c);
                                // every encoding these writers use (PLAIN, dictionary, RLE
                                // booleans, BYTE_STREAM_SPLIT, DELTA_* of pages v2; BIT_PACKED
                                // levels of optional columns in pages v1) takes the fast path
                                assertThat(
                                                FlatColumnReader.canRead(
                                                        column, group.block().getColumns().get(c)))
                                        .as("fast path for %s", column.getName())
                                        .isTrue();
                                fastColumns[0]++;
                                FlinkVectorSink fastSink = new FlinkVectorSink(type);
                                FlinkVectorSink slowSink = new FlinkVectorSink(type);
                                DecoderComparison.assertSameRows(
                                        new FlatColumnReader(
                                                group.tested(),
                                                column.asPrimitiveType(),
                                                type,
                                                fastSink),
                                        fastSink,
                                        new PrimitiveFieldReader(
                                                group.reference(),
                                                (PrimitiveType) column,
                                                type,
                                                createdBy,
                                                slowSink),
                                        slowSink,
                                        type,
                                        group.start(),
                                        group.rows(),
                                        700,
                                        random,
                                        "column "
                                                + column.getName()
                                                + ", row group "
                                                + group.index());
                            }
                        });
        assertThat(fastColumns[0]).as("columns that took the fast path").isGreaterThan(0);
        return skippedRows;
    }

    /** {@code value} as a big-endian two's complement integer of exactly {@code length} bytes. */
    private static byte[] twosComplement(BigInteger value, int length) {
        byte[] minimal = value.toByteArray();
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(
                bytes, 0, length - minimal.length, (byte) (value.signum() < 0 ? -1 : 0));
        System.arraycopy(minimal, 0, bytes, length - minimal.length, minimal.length);
        return bytes;
    }

    /** Empty, ASCII and multi-byte UTF-8 strings of up to ~300 bytes, a few repeated. */
    private static String text(Random random) {
        switch (random.nextInt(6)) {
            case 0:
                return "";
            case 1:
                return "same value";
            default:
                StringBuilder b = new StringBuilder();
                int length = random.nextInt(120);
                for (int i = 0; i < length; i++) {
                    int kind = random.nextInt(10);
                    b.append(
                            kind == 0 ? "ü" : kind == 1 ? "€" : kind == 2 ? "\uD83D\uDE00" : "abc");
                }
                return b.toString();
        }
    }
}
