package io.laminardb.flink.parquet.split;

import org.apache.flink.core.fs.Path;
import org.apache.flink.core.memory.DataOutputSerializer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests of {@link ParquetSplitSerializer}. */
class ParquetSplitSerializerTest {

    private static final ParquetSplitSerializer SERIALIZER = ParquetSplitSerializer.INSTANCE;

    /** Where the committed bytes of version 1 live, relative to the module directory. */
    private static final String V1_RESOURCE = "serializer/split-v1.bin";

    /**
     * The split stored in {@code split-v1.bin}. Never change it: the committed bytes were written
     * from it, and {@link #readsCommittedVersion1Bytes()} checks each decoded field by value.
     */
    static ParquetSplit v1Fixture() {
        Map<String, String> partitions = new LinkedHashMap<>();
        partitions.put("year", "2024");
        partitions.put("month", "01");
        partitions.put("region", "us%20east");
        return new ParquetSplit(
                        new Path(
                                "s3://bucket/trades/year=2024/month=01/région=ü/part-0001.parquet"),
                        123_456_789L,
                        1_704_067_200_123L,
                        2,
                        new long[] {1000L, 2000L, 3L},
                        partitions)
                .withPosition(3, 17L);
    }

    @Test
    void roundTripsASplitWithPartitionValues() throws IOException {
        Map<String, String> partitions = new LinkedHashMap<>();
        partitions.put("year", "2024");
        partitions.put("month", "02");
        partitions.put("empty", "");
        partitions.put("encoded", "us%20east");
        ParquetSplit split =
                new ParquetSplit(
                        new Path("file:/data/year=2024/month=02/part-0.parquet"),
                        4096L,
                        1_700_000_000_000L,
                        0,
                        new long[] {10L},
                        partitions);

        ParquetSplit copy = roundTrip(split);

        assertThat(copy).isEqualTo(split);
        assertThat(copy.splitId()).isEqualTo(split.splitId());
        assertThat(copy.partitionValues()).containsExactlyEntriesOf(partitions);
        // the order of the partition columns is kept
        assertThat(copy.partitionValues().keySet())
                .containsExactly("year", "month", "empty", "encoded");
    }

    @Test
    void roundTripsUnicodeAndVeryLongPaths() throws IOException {
        ParquetSplit unicode =
                new ParquetSplit(
                        new Path("file:/données/日本語/ünïcödé 😀/ファイル.parquet"),
                        1L,
                        2L,
                        0,
                        new long[] {1L},
                        Map.of("città", "Zürich 😀"));
        assertThat(roundTrip(unicode)).isEqualTo(unicode);
        assertThat(roundTrip(unicode).path().toString()).contains("日本語", "😀");

        // longer than writeUTF's 65535 bytes limit
        char[] longName = new char[70_000];
        Arrays.fill(longName, 'é');
        ParquetSplit longPath =
                new ParquetSplit(
                        new Path("file:/data/" + new String(longName) + ".parquet"),
                        1L,
                        2L,
                        0,
                        new long[] {1L},
                        Map.of());
        assertThat(roundTrip(longPath)).isEqualTo(longPath);
    }

    @Test
    void roundTripsManyRowGroups() throws IOException {
        long[] counts = new long[10_000];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = i * 7L + 1;
        }
        counts[9_999] = Long.MAX_VALUE / 2;
        ParquetSplit split =
                new ParquetSplit(
                        new Path("file:/data/huge.parquet"),
                        Long.MAX_VALUE,
                        Long.MIN_VALUE,
                        5,
                        counts,
                        Map.of());

        ParquetSplit copy = roundTrip(split);

        assertThat(copy).isEqualTo(split);
        assertThat(copy.firstRowGroup()).isEqualTo(5);
        assertThat(copy.endRowGroup()).isEqualTo(10_005);
        assertThat(copy.rowGroupRowCounts()).containsExactly(counts);
        assertThat(copy.fileSize()).isEqualTo(Long.MAX_VALUE);
        assertThat(copy.modificationTime()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void roundTripsResumedPositions() throws IOException {
        ParquetSplit split =
                new ParquetSplit(
                        new Path("file:/data/a.parquet"),
                        100L,
                        5L,
                        3,
                        new long[] {10L, 20L, 30L},
                        Map.of("k", "v"));

        for (int next = split.firstRowGroup(); next <= split.endRowGroup(); next++) {
            for (long skip : new long[] {0L, 1L, 9L}) {
                ParquetSplit resumed = split.withPosition(next, skip);
                ParquetSplit copy = roundTrip(resumed);
                assertThat(copy).isEqualTo(resumed);
                assertThat(copy.nextRowGroup()).isEqualTo(next);
                assertThat(copy.rowsToSkip()).isEqualTo(skip);
                assertThat(copy.remainingRows()).isEqualTo(resumed.remainingRows());
                // the id does not change when the position does
                assertThat(copy.splitId()).isEqualTo(split.splitId());
            }
        }
    }

    @Test
    void roundTripsThroughTheSplitState() throws IOException {
        ParquetSplit split =
                new ParquetSplit(
                        new Path("file:/data/a.parquet"),
                        100L,
                        5L,
                        0,
                        new long[] {10L, 20L},
                        Map.of());
        ParquetSplitState state = new ParquetSplitState(split);
        state.setPosition(1, 7L);

        ParquetSplit copy = roundTrip(state.toSplit());

        assertThat(copy.nextRowGroup()).isEqualTo(1);
        assertThat(copy.rowsToSkip()).isEqualTo(7L);
        assertThat(copy.remainingRows()).isEqualTo(13L);
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        byte[] bytes = SERIALIZER.serialize(v1Fixture());
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);

        assertThatThrownBy(() -> SERIALIZER.deserialize(SERIALIZER.getVersion(), longer))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("3 trailing bytes");
    }

    @Test
    void rejectsTruncatedBytes() throws IOException {
        byte[] bytes = SERIALIZER.serialize(v1Fixture());
        byte[] shorter = Arrays.copyOf(bytes, bytes.length - 1);

        assertThatThrownBy(() -> SERIALIZER.deserialize(SERIALIZER.getVersion(), shorter))
                .isInstanceOf(IOException.class);
    }

    @Test
    void rejectsNegativeCounts() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        ParquetSplitSerializer.writeString("id", out);
        ParquetSplitSerializer.writeString("file:/a.parquet", out);
        out.writeLong(1L);
        out.writeLong(2L);
        out.writeInt(0);
        out.writeInt(-5); // row group count
        byte[] bytes = out.getCopyOfBuffer();

        assertThatThrownBy(() -> SERIALIZER.deserialize(ParquetSplitSerializer.VERSION_1, bytes))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("negative number of row groups: -5");
    }

    @Test
    void rejectsUnknownVersions() throws IOException {
        byte[] bytes = SERIALIZER.serialize(v1Fixture());

        assertThatThrownBy(() -> SERIALIZER.deserialize(2, bytes))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Unknown ParquetSplit serializer version 2");
        assertThatThrownBy(() -> SERIALIZER.deserialize(0, bytes))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 0");
    }

    @Test
    void currentVersionIsVersion1() {
        // When this changes, add split-v<new>.bin and keep split-v1.bin and its test.
        assertThat(SERIALIZER.getVersion()).isEqualTo(ParquetSplitSerializer.VERSION_1);
    }

    /**
     * Reads the committed bytes of version 1 ({@code src/test/resources/serializer/split-v1.bin}).
     * The bytes must never be regenerated once released: they stand for checkpoints already
     * written. They were generated with {@link #regenerateVersion1Bytes()}.
     */
    @Test
    void readsCommittedVersion1Bytes() throws IOException {
        byte[] bytes = resource(V1_RESOURCE);

        ParquetSplit split = SERIALIZER.deserialize(ParquetSplitSerializer.VERSION_1, bytes);

        assertThat(split.splitId())
                .isEqualTo(
                        "s3://bucket/trades/year=2024/month=01/région=ü/part-0001.parquet"
                                + "@1704067200123#2+3");
        assertThat(split.path())
                .isEqualTo(
                        new Path(
                                "s3://bucket/trades/year=2024/month=01/région=ü/part-0001.parquet"));
        assertThat(split.fileSize()).isEqualTo(123_456_789L);
        assertThat(split.modificationTime()).isEqualTo(1_704_067_200_123L);
        assertThat(split.firstRowGroup()).isEqualTo(2);
        assertThat(split.endRowGroup()).isEqualTo(5);
        assertThat(split.rowGroupRowCounts()).containsExactly(1000L, 2000L, 3L);
        assertThat(split.partitionValues())
                .containsExactly(
                        Map.entry("year", "2024"),
                        Map.entry("month", "01"),
                        Map.entry("region", "us%20east"));
        assertThat(split.nextRowGroup()).isEqualTo(3);
        assertThat(split.rowsToSkip()).isEqualTo(17L);
        assertThat(split.remainingRows()).isEqualTo(2000L - 17L + 3L);
        assertThat(split).isEqualTo(v1Fixture());
    }

    /**
     * Writes {@code split-v1.bin}. Run it only while version 1 is the current version and its
     * format is still being defined, from the repository root:
     *
     * <pre>
     * mvn -o -Dspotless.skip test -pl flink-connector-laminar-parquet \
     *     -Dtest='ParquetSplitSerializerTest#regenerateVersion1Bytes' \
     *     -DregenerateSerializerResources=true
     * </pre>
     */
    @Test
    @EnabledIfSystemProperty(named = "regenerateSerializerResources", matches = "true")
    void regenerateVersion1Bytes() throws IOException {
        assertThat(SERIALIZER.getVersion())
                .as("v1 bytes can only be written while version 1 is the current version")
                .isEqualTo(ParquetSplitSerializer.VERSION_1);
        java.nio.file.Path file = Paths.get("src/test/resources").resolve(V1_RESOURCE);
        Files.createDirectories(file.getParent());
        Files.write(file, SERIALIZER.serialize(v1Fixture()));
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in =
                ParquetSplitSerializerTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static ParquetSplit roundTrip(ParquetSplit split) throws IOException {
        byte[] bytes = SERIALIZER.serialize(split);
        return SERIALIZER.deserialize(SERIALIZER.getVersion(), bytes);
    }
}
