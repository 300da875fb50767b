package io.laminardb.flink.parquet.corpus;

import io.laminardb.flink.parquet.source.LaminarParquetSource;

import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The corpus files that the corpus README lists as unreadable by parquet-java: reading them through
 * {@link LaminarParquetSource} must fail, within 60 s (no hang), and the failure must name the file
 * somewhere in its exception chain so that a user can tell which file is broken.
 *
 * <p>The files (the README's "Cannot be read by either reader" and "Only DuckDB reads" lists), what
 * is wrong with them, and the error the source gave when this test was written (innermost connector
 * message; every one of them carries the file's full path). "build" means {@code build()} already
 * throws (it reads the first file's footer for the schema); "run" means the job fails in the split
 * reader and {@code executeAndCollect} rethrows a {@code JobExecutionException} chain.
 *
 * <pre>
 * file                                      | wrong                                 | fails | error
 * ------------------------------------------+---------------------------------------+-------+------------------------------------------------
 * bad_data/PARQUET-1481.parquet             | footer: ColumnMetaData without 'type' | build | IllegalArgumentException: Cannot read the schema
 *                                           |                                       |       | of Parquet file file:...: IOException: can not read
 *                                           |                                       |       | class FileMetaData: Required field 'type' was not present!
 * bad_data/ARROW-GH-41317.parquet           | footer names a column the schema      | build | IllegalArgumentException: Cannot read the schema of
 *                                           | lacks (timestampWus_no_tz)            |       | Parquet file file:...: InvalidRecordException:
 *                                           |                                       |       | timestampWus_no_tz not found in message schema
 * bad_data/ARROW-GH-41321.parquet           | invalid RLE bit width in a page       | run   | IOException: Failed to decode Parquet file file:...,
 *                                           |                                       |       | row group 0: IllegalArgumentException: bitWidth must
 *                                           |                                       |       | be >= 0 and <= 32
 * bad_data/ARROW-GH-47662.parquet           | FLBA(4) page holds too few bytes      | run   | IOException: Failed to decode Parquet file file:...,
 *                                           |                                       |       | row group 0: ParquetDecodingException: Can't read value
 *                                           |                                       |       | in column [flba_field] ... at value 92 out of 1000
 * bad_data/ARROW-RS-GH-6229-DICTHEADER      | dictionary page header num_values     | run   | IOException: Failed to read Parquet file file:...,
 *   .parquet                                | wrong                                 |       | row group 0: EOFException: Reached the end of stream
 *                                           |                                       |       | with 2060 bytes left to read
 * bad_data/ARROW-RS-GH-6229-LEVELS.parquet  | 1 value declared, 21 in the page      | run   | IOException: Failed to read Parquet file file:...,
 *                                           |                                       |       | row group 0: IOException: Expected 1 values in column
 *                                           |                                       |       | chunk ... but got 21 values instead over 1 pages
 * non_hadoop_lz4_compressed.parquet         | raw LZ4 block under the Hadoop LZ4    | run   | IOException: Failed to decode Parquet file file:...,
 *                                           | codec id                              |       | row group 0: ArrayIndexOutOfBoundsException
 * nation.dict-malformed.parquet             | malformed dictionary page             | run   | IOException: Failed to read Parquet file file:...,
 *                                           |                                       |       | row group 0: EOFException
 * large_string_map.brotli.parquet           | BROTLI codec (none on Maven Central;  | run   | IOException: Failed to read Parquet file file:...,
 *                                           | > 2 GiB once decompressed)            |       | row group 0: BadConfigurationException: Class
 *                                           |                                       |       | org.apache.hadoop.io.compress.BrotliCodec was not found
 * </pre>
 *
 * <p>large_string_map.brotli fails before anything is decompressed (no codec), so it needs no
 * memory and takes well under a second; the test also checks that its failure says "brotli".
 *
 * <p>The two other {@code bad_data/} files, ARROW-GH-43605 (21186 rows) and ARROW-GH-45185 (5
 * rows), are invalid on purpose but DuckDB and parquet-java both accept them. For those the source
 * may either read the same row count as the other readers or fail cleanly (in time, naming the
 * file). When this test was written it read both, with the same row counts.
 */
class CorpusUnreadableFilesITCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = CorpusSupport.newMiniCluster();

    static Stream<Arguments> unreadableFiles() {
        return CorpusSupport.UNREADABLE.stream().sorted().map(Arguments::of);
    }

    /** What reading a file came to: either a failure or a row count. */
    private static final class Outcome {
        final Throwable failure;
        final long rows;

        Outcome(Throwable failure, long rows) {
            this.failure = failure;
            this.rows = rows;
        }
    }

    /** Builds the source and runs it to the end, catching whatever fails. */
    private static Outcome read(String file) {
        Path path = CorpusSupport.corpusDir().resolve(file);
        return assertTimeoutPreemptively(
                TIMEOUT,
                () -> {
                    try {
                        LaminarParquetSource<RowData> source =
                                CorpusSupport.rowDataSource(path.toString());
                        Function<RowData, Object[]> converter =
                                CorpusSupport.rowConverter(source.getRowType());
                        long rows =
                                CorpusSupport.forEach(
                                        source, 1, "corpus unreadable: " + file, converter::apply);
                        return new Outcome(null, rows);
                    } catch (Throwable t) {
                        return new Outcome(t, -1);
                    }
                },
                () -> "reading " + file + " neither finished nor failed within " + TIMEOUT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableFiles")
    void failsNamingTheFile(String file) {
        Outcome outcome = read(file);
        assertThat(outcome.failure)
                .as(
                        "%s is unreadable, but the source read %d rows without an error",
                        file, outcome.rows)
                .isNotNull();
        String name = Paths.get(file).getFileName().toString();
        assertThat(CorpusSupport.chainMentions(outcome.failure, name))
                .as(
                        "the failure for %s does not name the file; its chain:%n%s",
                        file, CorpusSupport.describeChain(outcome.failure))
                .isTrue();
        if (file.contains("brotli")) {
            assertThat(CorpusSupport.describeChain(outcome.failure).toLowerCase())
                    .as("the failure for %s should say the BROTLI codec is missing", file)
                    .contains("brotli");
        }
    }

    /** bad_data files both other readers accept: read the same rows, or fail cleanly. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bad_data/ARROW-GH-43605.parquet", "bad_data/ARROW-GH-45185.parquet"})
    void toleratedInvalidFilesReadLikeTheOtherReadersOrFailCleanly(String file) {
        long expectedRows =
                CorpusSupport.manifest(CorpusSupport.corpusDir()).stream()
                        .filter(r -> file.equals(r.get("file")))
                        .map(r -> Long.parseLong(r.get("expected_rows")))
                        .findFirst()
                        .orElseThrow();
        Outcome outcome = read(file);
        if (outcome.failure == null) {
            assertThat(outcome.rows).as("%s: row count", file).isEqualTo(expectedRows);
        } else {
            String name = Paths.get(file).getFileName().toString();
            assertThat(CorpusSupport.chainMentions(outcome.failure, name))
                    .as(
                            "the failure for %s does not name the file; its chain:%n%s",
                            file, CorpusSupport.describeChain(outcome.failure))
                    .isTrue();
        }
    }
}
