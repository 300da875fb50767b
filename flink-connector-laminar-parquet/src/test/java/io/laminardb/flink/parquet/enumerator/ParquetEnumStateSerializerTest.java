package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.split.ParquetSplit;
import io.laminardb.flink.parquet.split.ParquetSplitSerializer;

import org.apache.flink.core.fs.Path;
import org.apache.flink.core.memory.DataOutputSerializer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests of {@link ParquetEnumStateSerializer}. */
class ParquetEnumStateSerializerTest {

    private static final ParquetEnumStateSerializer SERIALIZER = new ParquetEnumStateSerializer();

    /** Where the committed bytes of version 1 live, relative to the module directory. */
    private static final String V1_RESOURCE = "serializer/enum-state-v1.bin";

    /** Where the committed bytes of version 2 live, relative to the module directory. */
    private static final String V2_RESOURCE = "serializer/enum-state-v2.bin";

    /**
     * The state stored in {@code enum-state-v1.bin}. Never change it: the committed bytes were
     * written from it, and {@link #readsCommittedVersion1Bytes()} checks each decoded field.
     */
    static ParquetEnumState v1Fixture() {
        Map<String, String> partitions = new LinkedHashMap<>();
        partitions.put("year", "2024");
        partitions.put("month", "03");
        List<DiscoveredFile> files =
                List.of(
                        new DiscoveredFile(
                                new Path("file:/data/year=2024/month=03/a.parquet"),
                                1000L,
                                1_710_000_000_000L,
                                partitions),
                        new DiscoveredFile(
                                new Path("file:/data/ünïcödé/b 😀.parquet"),
                                0L,
                                1_710_000_000_001L,
                                Map.of()));
        ParquetSplit first =
                new ParquetSplit(
                        new Path("file:/data/year=2024/month=02/c.parquet"),
                        5000L,
                        1_709_000_000_000L,
                        0,
                        new long[] {100L, 200L},
                        Map.of("year", "2024"));
        ParquetSplit resumed =
                new ParquetSplit(
                                new Path("file:/data/d.parquet"),
                                7000L,
                                1_709_000_000_002L,
                                4,
                                new long[] {50L},
                                Map.of())
                        .withPosition(4, 25L);
        return new ParquetEnumState(true, files, List.of(first, resumed));
    }

    @Test
    void roundTripsTheInitialState() throws IOException {
        ParquetEnumState state = ParquetEnumState.initial();

        ParquetEnumState copy = roundTrip(state);

        assertThat(copy).isEqualTo(state);
        assertThat(copy.discoveryDone()).isFalse();
        assertThat(copy.unplannedFiles()).isEmpty();
        assertThat(copy.unassignedSplits()).isEmpty();
    }

    @Test
    void roundTripsFilesAndSplits() throws IOException {
        ParquetEnumState state = v1Fixture();

        ParquetEnumState copy = roundTrip(state);

        assertThat(copy).isEqualTo(state);
        assertThat(copy.unplannedFiles()).containsExactlyElementsOf(state.unplannedFiles());
        assertThat(copy.unplannedFiles().get(0).partitionValues().keySet())
                .containsExactly("year", "month");
        assertThat(copy.unassignedSplits()).containsExactlyElementsOf(state.unassignedSplits());
        assertThat(copy.unassignedSplits().get(1).rowsToSkip()).isEqualTo(25L);
    }

    @Test
    void roundTripsALargeState() throws IOException {
        List<DiscoveredFile> files = new ArrayList<>();
        List<ParquetSplit> splits = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            files.add(
                    new DiscoveredFile(
                            new Path("file:/data/part=" + i + "/f-" + i + ".parquet"),
                            i,
                            i * 1000L,
                            Map.of("part", String.valueOf(i))));
            splits.add(
                    new ParquetSplit(
                            new Path("file:/data/g-" + i + ".parquet"),
                            i + 1L,
                            i,
                            i % 7,
                            new long[] {i + 1L, 3L},
                            Map.of()));
        }
        ParquetEnumState state = new ParquetEnumState(false, files, splits);

        assertThat(roundTrip(state)).isEqualTo(state);
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        byte[] bytes = SERIALIZER.serialize(v1Fixture());
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);

        assertThatThrownBy(() -> SERIALIZER.deserialize(SERIALIZER.getVersion(), longer))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("1 trailing bytes");
    }

    @Test
    void rejectsTruncatedBytes() throws IOException {
        byte[] bytes = SERIALIZER.serialize(v1Fixture());
        byte[] shorter = Arrays.copyOf(bytes, bytes.length - 4);

        assertThatThrownBy(() -> SERIALIZER.deserialize(SERIALIZER.getVersion(), shorter))
                .isInstanceOf(IOException.class);
    }

    @Test
    void rejectsUnknownVersions() throws IOException {
        byte[] bytes = SERIALIZER.serialize(v1Fixture());

        assertThatThrownBy(() -> SERIALIZER.deserialize(3, bytes))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Unknown ParquetEnumState serializer version 3")
                .hasMessageContaining("reads versions up to 2");
        for (int version : new int[] {0, -1, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> SERIALIZER.deserialize(version, bytes))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("Unknown ParquetEnumState serializer version " + version);
        }
    }

    @Test
    void rejectsAnUnknownSplitVersionInsideTheState() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(32);
        out.writeBoolean(true);
        out.writeInt(0); // no files
        out.writeInt(99); // split serializer version
        out.writeInt(1); // one split
        out.writeInt(0);
        byte[] bytes = out.getCopyOfBuffer();

        assertThatThrownBy(
                        () -> SERIALIZER.deserialize(ParquetEnumStateSerializer.VERSION_1, bytes))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Unknown ParquetSplit serializer version 99");
    }

    @Test
    void rejectsNegativeCounts() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(32);
        out.writeBoolean(true);
        out.writeInt(-1);
        byte[] bytes = out.getCopyOfBuffer();

        assertThatThrownBy(
                        () -> SERIALIZER.deserialize(ParquetEnumStateSerializer.VERSION_1, bytes))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("negative count -1");
    }

    @Test
    void currentVersionIsVersion2() {
        // When this changes, add enum-state-v<new>.bin and keep the older .bin files and tests.
        assertThat(SERIALIZER.getVersion()).isEqualTo(ParquetEnumStateSerializer.VERSION_2);
        assertThat(ParquetSplitSerializer.INSTANCE.getVersion())
                .isEqualTo(ParquetSplitSerializer.VERSION_1);
    }

    /**
     * Reads the committed bytes of version 1 ({@code
     * src/test/resources/serializer/enum-state-v1.bin}), which embed splits of split serializer
     * version 1. The bytes must never be regenerated once released: they stand for checkpoints
     * already written. They were generated with {@link #regenerateVersion1Bytes()}.
     */
    @Test
    void readsCommittedVersion1Bytes() throws IOException {
        byte[] bytes = resource(V1_RESOURCE);

        ParquetEnumState state =
                SERIALIZER.deserialize(ParquetEnumStateSerializer.VERSION_1, bytes);

        assertThat(state.discoveryDone()).isTrue();
        assertThat(state.unplannedFiles()).hasSize(2);
        DiscoveredFile a = state.unplannedFiles().get(0);
        assertThat(a.path()).isEqualTo(new Path("file:/data/year=2024/month=03/a.parquet"));
        assertThat(a.size()).isEqualTo(1000L);
        assertThat(a.modificationTime()).isEqualTo(1_710_000_000_000L);
        assertThat(a.partitionValues())
                .containsExactly(Map.entry("year", "2024"), Map.entry("month", "03"));
        DiscoveredFile b = state.unplannedFiles().get(1);
        assertThat(b.path()).isEqualTo(new Path("file:/data/ünïcödé/b 😀.parquet"));
        assertThat(b.size()).isZero();
        assertThat(b.modificationTime()).isEqualTo(1_710_000_000_001L);
        assertThat(b.partitionValues()).isEmpty();

        assertThat(state.unassignedSplits()).hasSize(2);
        ParquetSplit c = state.unassignedSplits().get(0);
        assertThat(c.splitId())
                .isEqualTo("file:/data/year=2024/month=02/c.parquet@1709000000000#0+2");
        assertThat(c.path()).isEqualTo(new Path("file:/data/year=2024/month=02/c.parquet"));
        assertThat(c.fileSize()).isEqualTo(5000L);
        assertThat(c.modificationTime()).isEqualTo(1_709_000_000_000L);
        assertThat(c.firstRowGroup()).isZero();
        assertThat(c.rowGroupRowCounts()).containsExactly(100L, 200L);
        assertThat(c.partitionValues()).containsExactly(Map.entry("year", "2024"));
        assertThat(c.nextRowGroup()).isZero();
        assertThat(c.rowsToSkip()).isZero();
        ParquetSplit d = state.unassignedSplits().get(1);
        assertThat(d.splitId()).isEqualTo("file:/data/d.parquet@1709000000002#4+1");
        assertThat(d.firstRowGroup()).isEqualTo(4);
        assertThat(d.rowGroupRowCounts()).containsExactly(50L);
        assertThat(d.nextRowGroup()).isEqualTo(4);
        assertThat(d.rowsToSkip()).isEqualTo(25L);
        assertThat(d.remainingRows()).isEqualTo(25L);

        assertThat(state.position()).isNull();
        assertThat(state).isEqualTo(v1Fixture());
    }

    /**
     * The state stored in {@code enum-state-v2.bin}: version 1's fixture plus a discovery position
     * with two window files (one with a non-ASCII path). Never change it.
     */
    static ParquetEnumState v2Fixture() {
        ParquetEnumState v1 = v1Fixture();
        DiscoveryPosition position =
                new DiscoveryPosition(
                        1_720_000_060_000L,
                        60_000L,
                        List.of(
                                new DiscoveryPosition.WindowEntry(
                                        "file:/data/year=2024/month=07/e.parquet",
                                        4096L,
                                        1_720_000_060_000L),
                                new DiscoveryPosition.WindowEntry(
                                        "file:/data/ünïcödé/f 😀.parquet",
                                        0L,
                                        1_720_000_000_001L)));
        return new ParquetEnumState(false, v1.unplannedFiles(), v1.unassignedSplits(), position);
    }

    /**
     * Reads the committed bytes of version 2 ({@code
     * src/test/resources/serializer/enum-state-v2.bin}). Never regenerate them once released.
     */
    @Test
    void readsCommittedVersion2Bytes() throws IOException {
        byte[] bytes = resource(V2_RESOURCE);

        ParquetEnumState state =
                SERIALIZER.deserialize(ParquetEnumStateSerializer.VERSION_2, bytes);

        assertThat(state.discoveryDone()).isFalse();
        assertThat(state.unplannedFiles()).isEqualTo(v1Fixture().unplannedFiles());
        assertThat(state.unassignedSplits()).isEqualTo(v1Fixture().unassignedSplits());
        DiscoveryPosition position = state.position();
        assertThat(position).isNotNull();
        assertThat(position.maxModificationTime()).isEqualTo(1_720_000_060_000L);
        assertThat(position.settleWindowMillis()).isEqualTo(60_000L);
        assertThat(position.window())
                .containsExactly(
                        new DiscoveryPosition.WindowEntry(
                                "file:/data/year=2024/month=07/e.parquet",
                                4096L,
                                1_720_000_060_000L),
                        new DiscoveryPosition.WindowEntry(
                                "file:/data/ünïcödé/f 😀.parquet", 0L, 1_720_000_000_001L));
        assertThat(state).isEqualTo(v2Fixture());
        assertThat(SERIALIZER.serialize(v2Fixture())).isEqualTo(bytes);
    }

    @Test
    void roundTripsAPosition() throws IOException {
        assertThat(roundTrip(v2Fixture())).isEqualTo(v2Fixture());
        ParquetEnumState initialPosition =
                new ParquetEnumState(false, List.of(), List.of(), DiscoveryPosition.initial(1000L));
        assertThat(roundTrip(initialPosition)).isEqualTo(initialPosition);
        assertThat(roundTrip(initialPosition).position()).isNotNull();
        assertThat(roundTrip(v1Fixture()).position()).isNull();
    }

    /**
     * Writes {@code enum-state-v2.bin}. Run it only while version 2 is the current version and its
     * format is still being defined (as {@link #regenerateVersion1Bytes()}, with this method).
     */
    @Test
    @EnabledIfSystemProperty(named = "regenerateSerializerResources", matches = "true")
    void regenerateVersion2Bytes() throws IOException {
        assertThat(SERIALIZER.getVersion()).isEqualTo(ParquetEnumStateSerializer.VERSION_2);
        assertThat(ParquetSplitSerializer.INSTANCE.getVersion())
                .isEqualTo(ParquetSplitSerializer.VERSION_1);
        java.nio.file.Path file = Paths.get("src/test/resources").resolve(V2_RESOURCE);
        Files.createDirectories(file.getParent());
        Files.write(file, SERIALIZER.serialize(v2Fixture()));
    }

    /**
     * Writes {@code enum-state-v1.bin}. Run it only while version 1 is the current version of both
     * serializers and its format is still being defined, from the repository root:
     *
     * <pre>
     * mvn -o -Dspotless.skip test -pl flink-connector-laminar-parquet \
     *     -Dtest='ParquetEnumStateSerializerTest#regenerateVersion1Bytes' \
     *     -DregenerateSerializerResources=true
     * </pre>
     */
    @Test
    @EnabledIfSystemProperty(named = "regenerateSerializerResources", matches = "true")
    void regenerateVersion1Bytes() throws IOException {
        assertThat(SERIALIZER.getVersion()).isEqualTo(ParquetEnumStateSerializer.VERSION_1);
        assertThat(ParquetSplitSerializer.INSTANCE.getVersion())
                .isEqualTo(ParquetSplitSerializer.VERSION_1);
        java.nio.file.Path file = Paths.get("src/test/resources").resolve(V1_RESOURCE);
        Files.createDirectories(file.getParent());
        Files.write(file, SERIALIZER.serialize(v1Fixture()));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in =
                ParquetEnumStateSerializerTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static ParquetEnumState roundTrip(ParquetEnumState state) throws IOException {
        return SERIALIZER.deserialize(SERIALIZER.getVersion(), SERIALIZER.serialize(state));
    }
}
