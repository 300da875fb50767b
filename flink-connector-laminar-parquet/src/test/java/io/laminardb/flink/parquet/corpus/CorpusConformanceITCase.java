package io.laminardb.flink.parquet.corpus;

import io.laminardb.flink.parquet.source.LaminarParquetSource;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads every readable file of the Parquet conformance corpus ({@code ../shared/parquet-corpus})
 * through {@link LaminarParquetSource} with all columns, and checks the corpus fingerprint: the row
 * count ({@code MANIFEST.tsv expected_rows}) and, for each top-level primitive column listed in
 * {@code EXPECTED.tsv}, the number of rows where that column is non-null.
 *
 * <p>Which MANIFEST rows are read: {@code expected_rows} is a number (DuckDB counted the rows), and
 * parquet-java read the file ({@code parquet_java_rows} is a number, or the notes say that
 * parquet-java 1.18.1 or lz4-java reads it), less the files the corpus README lists as unreadable
 * by parquet-java and less the deliberately invalid {@code bad_data/} files (those are covered by
 * {@link CorpusUnreadableFilesITCase}). That leaves 61 parquet-testing files and the 6 generated
 * ones. {@code map_no_value.parquet} is out: DuckDB cannot count its rows, so it has no
 * expected_rows.
 *
 * <p>The expected non-null count of a column is EXPECTED's {@code non_null_count}, or, where DuckDB
 * could not decode the column ({@code duckdb-error: ...}), the independent {@code
 * parquet_java_non_null_count} (the README says the two agree wherever both exist). EXPECTED lists
 * only top-level columns of non-nested types, so every listed column must be in the source's row
 * type, under the same name.
 *
 * <p>Each file is one light job (parallelism 1, or 2 for files with several row groups) on the
 * shared MiniCluster; all 67 jobs take well under a minute.
 */
class CorpusConformanceITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = CorpusSupport.newMiniCluster();

    private static final Pattern JAVA_READS_IN_NOTES =
            Pattern.compile("(lz4-java|parquet-java 1\\.18\\.1)[^|]*?: reads \\d+ rows");

    /** The MANIFEST rows this test reads, as (file, expected_rows, row_groups). */
    static List<Map<String, String>> readableManifestRows(Path corpus) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, String> row : CorpusSupport.manifest(corpus)) {
            String file = row.get("file");
            boolean javaReads =
                    CorpusSupport.isNumber(row.get("parquet_java_rows"))
                            || JAVA_READS_IN_NOTES.matcher(row.get("notes")).find();
            if (CorpusSupport.isNumber(row.get("expected_rows"))
                    && javaReads
                    && !CorpusSupport.UNREADABLE.contains(file)
                    && !file.startsWith("bad_data/")) {
                out.add(row);
            }
        }
        return out;
    }

    static Stream<Arguments> readableFiles() {
        Path corpus = CorpusSupport.corpusDirOrNull();
        if (corpus == null) {
            // One placeholder so that JUnit has an invocation to skip (an empty source is an
            // error).
            return Stream.of(Arguments.of("<corpus absent>", -1L, 1));
        }
        return readableManifestRows(corpus).stream()
                .map(
                        row ->
                                Arguments.of(
                                        row.get("file"),
                                        Long.parseLong(row.get("expected_rows")),
                                        CorpusSupport.isNumber(row.get("row_groups"))
                                                ? Integer.parseInt(row.get("row_groups"))
                                                : 1));
    }

    @Test
    void selectionCoversTheReadableCorpus() {
        Path corpus = CorpusSupport.corpusDir();
        List<String> files =
                readableManifestRows(corpus).stream()
                        .map(r -> r.get("file"))
                        .collect(Collectors.toList());
        assertThat(files)
                .hasSize(67)
                .contains(
                        "hadoop_lz4_compressed.parquet",
                        "hadoop_lz4_compressed_larger.parquet",
                        "unknown-logical-type.parquet",
                        "byte_stream_split_extended.gzip.parquet",
                        "generated/all_primitive_types.parquet",
                        "generated/trades_hive/year=2025/month=02/data_0.parquet")
                .doesNotContainAnyElementsOf(CorpusSupport.UNREADABLE)
                .noneMatch(f -> f.startsWith("bad_data/"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readableFiles")
    @Timeout(120)
    void readsRowCountAndNonNullCounts(String file, long expectedRows, int rowGroups)
            throws Exception {
        Path corpus = CorpusSupport.corpusDir();
        LaminarParquetSource<RowData> source =
                CorpusSupport.rowDataSource(corpus.resolve(file).toString());
        RowType type = source.getRowType();

        // Count non-null values per top-level field; convert every value on the way so that a
        // value that cannot be materialized fails the test too.
        int fields = type.getFieldCount();
        long[] nonNull = new long[fields];
        Function<RowData, Object[]> converter = CorpusSupport.rowConverter(type);
        long rows =
                CorpusSupport.forEach(
                        source,
                        rowGroups > 1 ? 2 : 1,
                        "corpus conformance: " + file,
                        row -> {
                            converter.apply(row);
                            for (int i = 0; i < fields; i++) {
                                if (!row.isNullAt(i)) {
                                    nonNull[i]++;
                                }
                            }
                        });

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(rows)
                .as("%s: row count (row type %s)", file, type)
                .isEqualTo(expectedRows);
        for (Map<String, String> expectation : CorpusSupport.expected(corpus)) {
            if (!file.equals(expectation.get("file"))
                    || !"valid".equals(expectation.get("file_kind"))) {
                continue;
            }
            String column = expectation.get("column");
            String count =
                    CorpusSupport.isNumber(expectation.get("non_null_count"))
                            ? expectation.get("non_null_count")
                            : expectation.get("parquet_java_non_null_count");
            if (!CorpusSupport.isNumber(count)) {
                continue; // no reader produced a count for this column
            }
            int index = type.getFieldNames().indexOf(column);
            // EXPECTED lists top-level columns of non-nested types only: each must be present.
            softly.assertThat(index)
                    .as(
                            "%s: column '%s' (%s) missing from row type %s",
                            file, column, expectation.get("duckdb_type"), type)
                    .isNotNegative();
            if (index >= 0) {
                softly.assertThat(nonNull[index])
                        .as(
                                "%s: non-null count of column '%s' (%s, read as %s)",
                                file, column, expectation.get("duckdb_type"), type.getTypeAt(index))
                        .isEqualTo(Long.parseLong(count));
            }
        }
        softly.assertAll();
    }
}
