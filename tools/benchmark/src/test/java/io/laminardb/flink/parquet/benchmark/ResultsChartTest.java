package io.laminardb.flink.parquet.benchmark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chart reads the ratios of our source from the Markdown that tools/benchmark/run writes. */
class ResultsChartTest {

    @TempDir Path tmp;

    @Test
    void readsOurRatiosPerTableCaseParallelismAndApi() throws Exception {
        Path results = tmp.resolve("wide.md");
        Files.writeString(
                results,
                String.join(
                        "\n",
                        "# LaminarParquetSource vs Flink FileSource: read throughput",
                        "- data set: the wide table, 1,000,000 rows, 1 files",
                        "| case | parallelism | API | source | rows | seconds (median) | rows/s"
                                + " | MB/s | ours/theirs | CPU s while reading |",
                        "|---|---:|---|---|---:|---:|---:|---:|---:|---:|",
                        "| full scan | 1 | DataStream | laminar | 1,000,000 | 1.38 | 725,163"
                                + " | 183.6 | 1.48 | 1.88 |",
                        "| full scan | 1 | DataStream | flink-filesource | 1,000,000 | 2.04 |"
                                + " 489,956 | 124.1 |  | 2.08 |",
                        "| projection (category, price) | 2 | SQL | laminar | 1,000,000 | 0.17"
                                + " | 5,780,347 | 1463.8 | 1.59 | 0.16 |",
                        "| filtered (ts in a 5% window) | 1 | DataStream | laminar-arrow |"
                                + " 50,000 | 0.2 | 1 | 1 | 3.00 | 0.1 |",
                        ""));

        Map<String, Double> ratios = ResultsChart.readRatios(results);

        assertThat(ratios)
                .containsOnly(
                        Map.entry("wide|full scan|1|DataStream", 1.48),
                        Map.entry("wide|projection|2|SQL", 1.59));
    }

    @Test
    void namesTheTableAsTheResultsDo() throws Exception {
        Path results = tmp.resolve("typed.md");
        Files.writeString(
                results,
                String.join(
                        "\n",
                        "- data set: the typed table, 5,000,000 rows, 4 files",
                        "| full scan | 2 | SQL | laminar | 5,000,000 | 1.07 | 4,694,836 | 299.5"
                                + " | 1.40 | 1.87 |",
                        ""));

        assertThat(ResultsChart.readRatios(results))
                .containsOnly(Map.entry("typed|full scan|2|SQL", 1.40));
    }

    @Test
    void refusesAFileWithoutOurRatiosNamingIt() throws Exception {
        Path notResults = tmp.resolve("notes.md");
        Files.writeString(notResults, "# notes\n| a | b |\n");

        assertThatThrownBy(() -> ResultsChart.readRatios(notResults))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(notResults.toString());
    }
}
