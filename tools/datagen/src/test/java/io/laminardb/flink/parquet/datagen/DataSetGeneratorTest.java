package io.laminardb.flink.parquet.datagen;

import io.laminardb.flink.parquet.datagen.DataSetGenerator.DataSet;
import io.laminardb.flink.parquet.datagen.DataSetGenerator.Settings;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.MessageType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link DataSetGenerator}: determinism, the values each data set holds for its format
 * version, and the cache rule (reuse with the same data set and settings only; what a rewrite
 * removes). The trades' own layout and values: {@link TradeDataGeneratorTest}.
 */
class DataSetGeneratorTest {

    private static final Settings SMALL_TRADES = new Settings(3_000, 7, 500);
    private static final Settings SMALL_EXECUTIONS = new Settings(5_000, 3, 1_000);
    private static final Settings SMALL_WIDE = new Settings(3_000, 2, 1_000);
    private static final Settings SMALL_TYPED = new Settings(4_000, 2, 1_000);

    @TempDir Path tmp;

    @Test
    void sameSettingsWriteTheSameFilesForEveryDataSet() throws IOException {
        for (DataSetSpec spec :
                List.of(TradeData.SPEC, ExecutionData.SPEC, WideData.SPEC, TypedData.SPEC)) {
            Settings settings =
                    spec == TradeData.SPEC
                            ? SMALL_TRADES
                            : spec == ExecutionData.SPEC
                                    ? SMALL_EXECUTIONS
                                    : spec == WideData.SPEC ? SMALL_WIDE : SMALL_TYPED;
            Path root = tmp.resolve(spec.name());
            DataSet a = DataSetGenerator.generate(root.resolve("a"), spec, settings, true, n -> {});
            DataSet b = DataSetGenerator.generate(root.resolve("b"), spec, settings, true, n -> {});
            assertThat(names(a)).isEqualTo(names(b)).hasSize(settings.files());
            assertThat(a.bytes()).isEqualTo(b.bytes());
            for (int i = 0; i < a.files().size(); i++) {
                assertThat(a.files().get(i)).hasSameBinaryContentAs(b.files().get(i));
            }
        }
    }

    /**
     * The values of each data set at its format version. When this fails because the rows were
     * changed on purpose, bump the data set's format version (so that data sets written before are
     * written again rather than reused) and update the checksum here.
     */
    @Test
    void valuesAreThoseOfTheDataSetsFormatVersion() throws IOException {
        DataSet trades =
                DataSetGenerator.generate(
                        tmp.resolve("trades"), TradeData.SPEC, SMALL_TRADES, true, n -> {});
        assertThat(TradeData.SPEC.formatVersion()).isEqualTo(3);
        assertThat(DataSetFiles.valueChecksum(trades)).isEqualTo(3769877505032962650L);

        DataSet executions =
                DataSetGenerator.generate(
                        tmp.resolve("executions"),
                        ExecutionData.SPEC,
                        SMALL_EXECUTIONS,
                        true,
                        n -> {});
        assertThat(ExecutionData.SPEC.formatVersion()).isEqualTo(1);
        assertThat(DataSetFiles.valueChecksum(executions)).isEqualTo(364703539749747894L);

        DataSet wide =
                DataSetGenerator.generate(
                        tmp.resolve("wide"), WideData.SPEC, SMALL_WIDE, true, n -> {});
        assertThat(WideData.SPEC.formatVersion()).isEqualTo(1);
        assertThat(DataSetFiles.valueChecksum(wide)).isEqualTo(6618329557279305940L);

        DataSet typed =
                DataSetGenerator.generate(
                        tmp.resolve("typed"), TypedData.SPEC, SMALL_TYPED, true, n -> {});
        assertThat(TypedData.SPEC.formatVersion()).isEqualTo(2);
        assertThat(DataSetFiles.valueChecksum(typed)).isEqualTo(6738452657219036760L);
    }

    @Test
    void executionsAreFlatFilesWithAscendingTimestampsAndTheMiddleWindowsRows() throws IOException {
        DataSet dataSet =
                DataSetGenerator.generate(tmp, ExecutionData.SPEC, SMALL_EXECUTIONS, true, n -> {});
        assertThat(names(dataSet))
                .containsExactly("part-00000.parquet", "part-00001.parquet", "part-00002.parquet");
        TimeSortedDataSet.TimeWindow window =
                ExecutionData.SPEC.middleWindow(SMALL_EXECUTIONS, 0.05);
        long id = 0;
        long previousTs = Long.MIN_VALUE;
        long inWindow = 0;
        long nullFees = 0;
        for (Path file : dataSet.files()) {
            for (Group row : DataSetFiles.read(file)) {
                assertThat(row.getLong("id", 0)).isEqualTo(id);
                long ts = row.getLong("ts", 0);
                assertThat(ts).isEqualTo(ExecutionData.tsMillis(id)).isGreaterThan(previousTs);
                previousTs = ts;
                if (ts >= window.loMillis() && ts <= window.hiMillis()) {
                    inWindow++;
                }
                if (row.getFieldRepetitionCount("fee") == 0) {
                    nullFees++;
                }
                id++;
            }
        }
        assertThat(id).isEqualTo(5_000);
        assertThat(inWindow).isEqualTo(window.rows()).isBetween(240L, 260L);
        assertThat(nullFees).isBetween(150L, 350L);
    }

    @Test
    void theDataSetAndItsFormatVersionArePartOfTheCacheKey() throws IOException {
        DataSetGenerator.generate(tmp, TradeData.SPEC, SMALL_TRADES, false, n -> {});
        assertThat(DataSetGenerator.existing(tmp, TradeData.SPEC, SMALL_TRADES)).isNotNull();
        assertThat(DataSetGenerator.existing(tmp, ExecutionData.SPEC, SMALL_TRADES)).isNull();
        assertThat(DataSetGenerator.existing(tmp, newerVersionOf(TradeData.SPEC), SMALL_TRADES))
                .isNull();
        assertThat(DataSetGenerator.existing(tmp, TradeData.SPEC, new Settings(3_000, 6, 500)))
                .isNull();
    }

    @Test
    void writingAnotherDataSetRemovesTheEarlierOnesFiles() throws IOException {
        DataSet trades =
                DataSetGenerator.generate(tmp, TradeData.SPEC, SMALL_TRADES, false, n -> {});
        Files.writeString(tmp.resolve("_dataset.properties"), "the benchmark's old marker");
        Files.writeString(tmp.resolve("README.txt"), "not the generator's");

        DataSet executions =
                DataSetGenerator.generate(
                        tmp, ExecutionData.SPEC, SMALL_EXECUTIONS, false, n -> {});
        assertThat(executions.reused()).isFalse();
        assertThat(allFiles())
                .containsExactly(
                        "README.txt",
                        "_generator.properties",
                        "part-00000.parquet",
                        "part-00001.parquet",
                        "part-00002.parquet");

        DataSet again =
                DataSetGenerator.generate(tmp, TradeData.SPEC, SMALL_TRADES, false, n -> {});
        assertThat(again.reused()).isFalse();
        assertThat(names(again)).isEqualTo(names(trades));
        assertThat(allFiles()).contains("README.txt").doesNotContain("part-00000.parquet");
    }

    @Test
    void doesNotRemoveAPartitionDirectoryHoldingFilesItDidNotWrite() throws IOException {
        Path notes = tmp.resolve("date=2024-01-02").resolve("notes.txt");
        Files.createDirectories(notes.getParent());
        Files.writeString(notes, "mine");
        assertThatThrownBy(
                        () ->
                                DataSetGenerator.generate(
                                        tmp, TradeData.SPEC, SMALL_TRADES, false, n -> {}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("date=2024-01-02 holds notes.txt");
        assertThat(notes).hasContent("mine");
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new Settings(0, 1, 1)).hasMessageContaining("rows");
        assertThatThrownBy(() -> new Settings(10, 0, 1)).hasMessageContaining("files");
        assertThatThrownBy(() -> new Settings(10, 11, 1))
                .hasMessage("files (11) must not exceed rows (10)");
        assertThatThrownBy(() -> new Settings(10, 1, 0)).hasMessageContaining("row-group-rows");
    }

    /** The data set's files relative to its directory, in file order. */
    private static List<String> names(DataSet dataSet) {
        return dataSet.files().stream()
                .map(f -> dataSet.directory().relativize(f).toString().replace('\\', '/'))
                .toList();
    }

    private List<String> allFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(tmp)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> tmp.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
    }

    /** {@code spec} with the next format version: what a change to its rows must bring. */
    private static DataSetSpec newerVersionOf(DataSetSpec spec) {
        return new DataSetSpec() {
            @Override
            public String name() {
                return spec.name();
            }

            @Override
            public int formatVersion() {
                return spec.formatVersion() + 1;
            }

            @Override
            public MessageType schema() {
                return spec.schema();
            }

            @Override
            public String partitionDirectory(Settings settings, int file) {
                return spec.partitionDirectory(settings, file);
            }

            @Override
            public RowFiller rows(Settings settings, int file) {
                return spec.rows(settings, file);
            }
        };
    }
}
