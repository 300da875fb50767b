package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.enumerator.SplitPlanner;
import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.metrics.ParquetSourceReaderMetrics;
import io.laminardb.flink.parquet.split.ParquetSplit;
import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.annotation.Nullable;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The row-group scanner: which row groups it opens, where it resumes, what it skips and checks. */
class RowGroupScannerTest {

    @TempDir static Path dir;

    private static ExecutorService executor;

    private static final RowType ID_COLUMN =
            new RowType(List.of(new RowType.RowField("id", new BigIntType())));

    @BeforeAll
    static void start() {
        executor = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void stop() {
        executor.shutdownNow();
    }

    /** The one split of a file, all its row groups together. */
    private static ParquetSplit wholeFile(Path file, @Nullable ParquetFilter filter)
            throws IOException {
        List<ParquetSplit> splits =
                new SplitPlanner(executor, Long.MAX_VALUE, filter)
                        .plan(new FileDiscovery(file.toString(), false).discover(FileOrder.NAME));
        assertThat(splits).hasSize(1);
        return splits.get(0);
    }

    private static RowGroupScanner scanner(
            ParquetSplit split, RowType columns, @Nullable ParquetFilter filter)
            throws IOException {
        return new RowGroupScanner(
                split,
                columns,
                filter,
                columns,
                new ParquetSourceReaderMetrics(
                        UnregisteredMetricsGroup.createSourceReaderMetricGroup()),
                new FooterCache(),
                SplitReadSettings.defaults(1024),
                null);
    }

    @Test
    void resumesInTheRowGroupTheSplitStoppedInThenReadsTheRest() throws Exception {
        Path file = dir.resolve("three-groups.parquet");
        TradeFiles.write(file, 0, 3_000, 1_000);
        ParquetSplit split = wholeFile(file, null).withPosition(1, 250);
        try (RowGroupScanner scanner = scanner(split, ID_COLUMN, null)) {
            assertThat(scanner.endsFile()).isTrue();
            ScannedRowGroup second = scanner.next();
            assertThat(second.index()).isEqualTo(1);
            assertThat(second.consumed()).isEqualTo(250);
            assertThat(second.remaining()).isEqualTo(750);
            assertThat(second.firstRowInFile()).isEqualTo(1_000);
            assertThat(second.pagesSkipped()).isFalse();
            assertThat(second.consume(750)).isNull(); // contiguous rows
            assertThat(second.nextRowGroupAfterConsumed()).isEqualTo(2);
            ScannedRowGroup third = scanner.next();
            assertThat(third.index()).isEqualTo(2);
            assertThat(third.consumed()).isZero();
            assertThat(third.firstRowInFile()).isEqualTo(2_000);
            third.consume(10);
            assertThat(third.nextRowGroupAfterConsumed()).isEqualTo(2);
            assertThat(third.rowsToSkipAfter(9)).isEqualTo(10);
            assertThat(scanner.next()).isNull();
        }
    }

    @Test
    void opensOnlyThePagesThePageIndexKeepsAndGivesTheirRowsFilePositions() throws Exception {
        Path file = dir.resolve("pages.parquet");
        TradeFiles.write(file, 0, 6_000, 6_000); // one row group, pages of 1,000 rows
        ParquetFilter filter = ParquetFilter.between("id", 2_100L, 2_200L);
        try (RowGroupScanner scanner = scanner(wholeFile(file, filter), ID_COLUMN, filter)) {
            ScannedRowGroup group = scanner.next();
            assertThat(group.pagesSkipped()).isTrue();
            assertThat(group.remaining()).isEqualTo(1_000); // the page of ids 2000..2999
            assertThat(group.consume(3)).containsExactly(2_000L, 2_001L, 2_002L);
            assertThat(group.rowsToSkipAfter(2_002)).isEqualTo(2_003);
            assertThat(scanner.next()).isNull();
        }
    }

    @Test
    void aResumeWithSkippedPagesSkipsTheDecodedRowsBeforeThePosition() throws Exception {
        Path file = dir.resolve("pages-resume.parquet");
        TradeFiles.write(file, 0, 6_000, 6_000);
        ParquetFilter filter = ParquetFilter.between("id", 4_100L, 4_200L);
        ParquetSplit split = wholeFile(file, filter).withPosition(0, 4_150);
        try (RowGroupScanner scanner = scanner(split, ID_COLUMN, filter)) {
            ScannedRowGroup group = scanner.next();
            assertThat(group.consumed()).isEqualTo(150); // ids 4000..4149 of the kept page
            assertThat(group.consume(1)).containsExactly(4_150L);
        }
    }

    @Test
    void passesOverRowGroupsThePageIndexProvesEmpty() throws Exception {
        Path file = dir.resolve("none.parquet");
        TradeFiles.write(file, 0, 3_000, 1_000);
        ParquetFilter filter =
                ParquetFilter.or(
                        ParquetFilter.between("id", -10L, -1L), ParquetFilter.eq("id", 1_500L));
        // Planned without the filter: the scanner itself passes over row groups 0 and 2.
        try (RowGroupScanner scanner = scanner(wholeFile(file, null), ID_COLUMN, filter)) {
            ScannedRowGroup group = scanner.next();
            assertThat(group.index()).isEqualTo(1);
            assertThat(scanner.next()).isNull();
        }
    }

    @Test
    void aColumnTheFileLacksIsMissingAndReadsNothing() throws Exception {
        Path file = dir.resolve("missing.parquet");
        TradeFiles.write(file, 0, 100, 100);
        RowType columns =
                new RowType(
                        List.of(
                                new RowType.RowField("id", new BigIntType()),
                                new RowType.RowField("nope", VarCharType.STRING_TYPE)));
        try (RowGroupScanner scanner = scanner(wholeFile(file, null), columns, null)) {
            assertThat(scanner.columns()[0].getName()).isEqualTo("id");
            assertThat(scanner.columns()[1]).isNull();
            assertThat(scanner.missingColumns()).containsExactly("nope");
        }
    }

    @Test
    void aFileReplacedAfterItWasPlannedFailsSayingSo() throws Exception {
        Path file = dir.resolve("replaced.parquet");
        TradeFiles.write(file, 0, 1_000, 1_000);
        ParquetSplit split = wholeFile(file, null);
        Files.delete(file);
        TradeFiles.write(file, 0, 5_000, 1_000); // same name, more rows, another size
        assertThatThrownBy(() -> scanner(split, ID_COLUMN, null).close())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Parquet file " + split.path())
                .hasMessageContaining("changed after it was planned")
                .hasMessageContaining(split.fileSize() + " bytes");
    }

    @Test
    void aFileDeletedAfterItWasPlannedFailsSayingSo() throws Exception {
        Path file = dir.resolve("deleted.parquet");
        TradeFiles.write(file, 0, 1_000, 1_000);
        ParquetSplit split = wholeFile(file, null);
        Files.delete(file);
        assertThatThrownBy(() -> scanner(split, ID_COLUMN, null).close())
                .isInstanceOf(FileNotFoundException.class)
                .hasMessage("Parquet file " + split.path() + " was deleted after it was planned");
    }
}
