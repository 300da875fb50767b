package io.laminardb.flink.parquet.benchmark;

import io.laminardb.flink.parquet.datagen.DataSetGenerator;
import io.laminardb.flink.parquet.datagen.DataSetGenerator.DataSet;
import io.laminardb.flink.parquet.datagen.DataSetGenerator.Settings;
import io.laminardb.flink.parquet.datagen.ExecutionData;

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
        DataSet benchmark = ThroughputBenchmark.prepare(tmp.resolve("benchmark"), settings);
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
        assertThat(ThroughputBenchmark.prepare(benchmark.directory(), settings).reused()).isTrue();
        assertThat(
                        ThroughputBenchmark.prepare(
                                        benchmark.directory(), new Settings(4_000, 3, 500))
                                .reused())
                .isFalse();
    }
}
