package io.laminardb.flink.parquet.benchmark;

import io.laminardb.flink.parquet.datagen.DataSetGenerator;
import io.laminardb.flink.parquet.datagen.DataSetGenerator.DataSet;
import io.laminardb.flink.parquet.datagen.DataSetGenerator.Settings;
import io.laminardb.flink.parquet.datagen.ExecutionData;
import io.laminardb.flink.parquet.datagen.WideData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's data set is the order executions of the tools' one generator. */
class BenchmarkDataSetTest {

    @TempDir Path tmp;

    @Test
    void writesAndReusesTheExecutionsOfTheSharedGenerator() throws Exception {
        Settings settings = new Settings(4_000, 3, 1_000);
        DataSet benchmark =
                ThroughputBenchmark.prepare(
                        tmp.resolve("benchmark"), BenchmarkTable.TRADE, settings);
        DataSet generator =
                DataSetGenerator.generate(
                        tmp.resolve("generator"), ExecutionData.SPEC, settings, true, n -> {});
        assertThat(benchmark.reused()).isFalse();
        assertThat(benchmark.files()).hasSameSizeAs(generator.files());
        for (int i = 0; i < benchmark.files().size(); i++) {
            assertThat(benchmark.directory().relativize(benchmark.files().get(i)))
                    .isEqualTo(generator.directory().relativize(generator.files().get(i)));
            assertThat(Files.readAllBytes(benchmark.files().get(i)))
                    .isEqualTo(Files.readAllBytes(generator.files().get(i)));
        }

        // The next run with the same settings reuses it; other settings write it again.
        assertThat(
                        ThroughputBenchmark.prepare(
                                        benchmark.directory(), BenchmarkTable.TRADE, settings)
                                .reused())
                .isTrue();
        assertThat(
                        ThroughputBenchmark.prepare(
                                        benchmark.directory(),
                                        BenchmarkTable.TRADE,
                                        new Settings(4_000, 3, 500))
                                .reused())
                .isFalse();
    }

    @Test
    void theWideTableIsTheGeneratorsWideDataAndNeverReusesAnotherTablesDirectory()
            throws Exception {
        Settings settings = new Settings(2_000, 1, 1_000);
        Path dir = tmp.resolve("data");
        DataSet trade = ThroughputBenchmark.prepare(dir, BenchmarkTable.TRADE, settings);
        DataSet wide = ThroughputBenchmark.prepare(dir, BenchmarkTable.WIDE, settings);
        assertThat(wide.reused()).isFalse();
        assertThat(DataSetGenerator.existing(dir, WideData.SPEC, settings)).isNotNull();
        assertThat(DataSetGenerator.existing(dir, ExecutionData.SPEC, settings)).isNull();
        assertThat(wide.bytes()).isGreaterThan(trade.bytes() * 4);
        assertThat(BenchmarkTable.of("WIDE")).isEqualTo(BenchmarkTable.WIDE);
        assertThat(BenchmarkTable.WIDE.spec.schema().getFieldCount()).isEqualTo(14);
        for (BenchmarkTable table : BenchmarkTable.values()) {
            for (String column : table.projection) {
                assertThat(table.spec.schema().containsField(column)).as(column).isTrue();
            }
        }
    }
}
