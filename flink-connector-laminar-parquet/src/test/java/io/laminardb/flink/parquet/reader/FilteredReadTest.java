package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.enumerator.SplitPlanner;
import io.laminardb.flink.parquet.filter.FilterValue;
import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.filter.RowPredicate;
import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.metrics.ParquetSourceReaderMetrics;
import io.laminardb.flink.parquet.partition.PartitionPruner;
import io.laminardb.flink.parquet.plan.ReadPlan;
import io.laminardb.flink.parquet.plan.ReadSchema;
import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.split.ParquetSplit;
import io.laminardb.flink.parquet.testutils.NestedOrderFiles;
import io.laminardb.flink.parquet.testutils.RenderedValues;
import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Filtered reads return exactly the rows a brute-force evaluation of the same filter selects: many
 * random filter trees over a Hive-partitioned data set with small row groups and pages, planned
 * (partition and statistics pruning) and read (dictionary, bloom filter, page index, residual) the
 * way the source does it, from random resume positions.
 */
class FilteredReadTest {

    private static final int DAYS = 3;
    private static final int ROWS_PER_DAY = 6_000;

    @TempDir static Path dir;
    private static ExecutorService executor;

    @BeforeAll
    static void writeData() throws Exception {
        for (int d = 0; d < DAYS; d++) {
            TradeFiles.write(
                    dir.resolve("t/day=2024-01-0" + (d + 1) + "/part.parquet"),
                    (long) d * ROWS_PER_DAY,
                    ROWS_PER_DAY,
                    1_000);
        }
        executor = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        executor.shutdownNow();
    }

    /**
     * The row the data set holds for an id, with the partition column, independently of reading.
     */
    private static RowData expectedRow(long id) {
        String note = TradeFiles.note(id);
        return GenericRowData.of(
                id,
                TimestampData.fromEpochMillis(TradeFiles.ts(id)),
                StringData.fromString(TradeFiles.symbol(id)),
                TradeFiles.price(id),
                TradeFiles.qty(id),
                note == null ? null : StringData.fromString(note),
                (int) LocalDate.of(2024, 1, 1).plusDays(id / ROWS_PER_DAY).toEpochDay());
    }

    private static List<Long> readIds(LaminarParquetSource<RowData> source, Random random)
            throws Exception {
        ParquetFilter filter = source.getFilter();
        List<DiscoveredFile> files =
                source.getPartitionPruner()
                        .prune(
                                new FileDiscovery(dir.resolve("t").toString(), true)
                                        .discover(FileOrder.NAME));
        SplitPlanner planner = new SplitPlanner(executor, 1, filter);
        List<ParquetSplit> splits = planner.plan(files);
        ReadSchema readSchema = source.getReadSchema();
        RowPredicate residual = RowPredicate.compile(filter, readSchema.readType());
        int idPos = source.getRowType().getFieldNames().indexOf("id");
        List<Long> ids = new ArrayList<>();
        FooterCache footers = new FooterCache();
        for (ParquetSplit split : splits) {
            ParquetSourceReaderMetrics metrics =
                    new ParquetSourceReaderMetrics(
                            UnregisteredMetricsGroup.createSourceReaderMetricGroup());
            // Read part of the split, then resume from the last position, like a restore.
            int stopAfter = random.nextInt(50);
            ParquetSplit resumed;
            try (SplitCursor cursor =
                    new SplitCursor(
                            split,
                            new ReadPlan(readSchema, filter, PartitionPruner.none()),
                            residual,
                            1 + random.nextInt(300),
                            metrics,
                            footers)) {
                resumed =
                        SplitReads.drain(
                                cursor, split, stopAfter, row -> ids.add(row.getLong(idPos)));
            }
            if (resumed != null) {
                try (SplitCursor cursor =
                        new SplitCursor(
                                resumed,
                                new ReadPlan(readSchema, filter, PartitionPruner.none()),
                                residual,
                                1 + random.nextInt(300),
                                metrics,
                                footers)) {
                    SplitReads.drain(cursor, resumed, 0, row -> ids.add(row.getLong(idPos)));
                }
            }
        }
        return ids;
    }

    @Test
    void randomFiltersReturnExactlyTheMatchingRows() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 120; round++) {
            ParquetFilter filter = randomFilter(random, 3);
            LaminarParquetSource<RowData> source =
                    LaminarParquetSource.forRowData()
                            .path(dir.resolve("t").toString())
                            .columns(
                                    random.nextBoolean()
                                            ? new String[] {"id"}
                                            : new String[] {"symbol", "id", "day"})
                            .filter(filter)
                            .build();
            RowType all =
                    LaminarParquetSource.forRowData()
                            .path(dir.resolve("t").toString())
                            .build()
                            .getRowType();
            RowPredicate expected = RowPredicate.compile(filter, all);
            TreeSet<Long> want = new TreeSet<>();
            for (long id = 0; id < (long) DAYS * ROWS_PER_DAY; id++) {
                if (expected.test(expectedRow(id))) {
                    want.add(id);
                }
            }
            List<Long> got = readIds(source, random);
            assertThat(new TreeSet<>(got)).as("rows of %s", filter).isEqualTo(want);
            assertThat(got).as("no row twice for %s", filter).hasSize(want.size());
        }
    }

    @Test
    void aNarrowTimeRangePrunesAlmostEveryRowGroupAndSkipsPages() throws Exception {
        // 18,000 rows, 18 row groups, ts sorted; 5% of the time range.
        long from = TradeFiles.ts(8_000);
        long to = TradeFiles.ts(8_900);
        ParquetFilter filter =
                ParquetFilter.between(
                        "ts",
                        FilterValue.timestamp(
                                LocalDateTime.ofEpochSecond(from / 1000, 0, ZoneOffset.UTC)),
                        FilterValue.timestamp(
                                LocalDateTime.ofEpochSecond(to / 1000, 0, ZoneOffset.UTC)));
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .path(dir.resolve("t").toString())
                        .columns("id")
                        .filter(filter)
                        .build();
        SplitPlanner planner = new SplitPlanner(executor, 1, filter);
        List<ParquetSplit> splits =
                planner.plan(
                        new FileDiscovery(dir.resolve("t").toString(), true)
                                .discover(FileOrder.NAME));
        assertThat(planner.rowGroupsSeen()).isEqualTo(18);
        assertThat(planner.rowGroupsPruned()).isGreaterThanOrEqualTo(16); // >= 90%
        assertThat(splits).hasSize(1);
        List<Long> ids = readIds(source, new Random(1));
        assertThat(new TreeSet<>(ids)).first().isEqualTo(8_000L);
        assertThat(new TreeSet<>(ids)).last().isEqualTo(8_900L);
        assertThat(ids).hasSize(901);
    }

    @Test
    void thePageIndexSkipsPagesAndTheRowsStayExact() throws Exception {
        Path file = dir.resolve("pages/one.parquet");
        TradeFiles.write(file, 0, 6_000, 6_000); // one row group, pages of 1,000 rows
        ParquetFilter filter = ParquetFilter.between("id", 2_100L, 2_200L);
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .path(file.toString())
                        .columns("id", "symbol")
                        .filter(filter)
                        .build();
        List<ParquetSplit> splits =
                new SplitPlanner(executor, 1, filter)
                        .plan(new FileDiscovery(file.toString(), true).discover(FileOrder.NAME));
        assertThat(splits).hasSize(1);
        ParquetSourceReaderMetrics metrics =
                new ParquetSourceReaderMetrics(
                        UnregisteredMetricsGroup.createSourceReaderMetricGroup());
        List<Long> ids = new ArrayList<>();
        try (SplitCursor cursor =
                new SplitCursor(
                        splits.get(0),
                        new ReadPlan(source.getReadSchema(), filter, PartitionPruner.none()),
                        RowPredicate.compile(filter, source.getReadSchema().readType()),
                        512,
                        metrics,
                        new FooterCache())) {
            SplitReads.drain(cursor, splits.get(0), 0, row -> ids.add(row.getLong(0)));
        }
        assertThat(ids).hasSize(101).first().isEqualTo(2_100L);
        assertThat(ids).last().isEqualTo(2_200L);
        assertThat(metrics.rowsSkippedByPageIndexCount()).isEqualTo(5_000);
        assertThat(metrics.pagesSkippedCount()).isEqualTo(10); // 5 of 6 pages, 2 columns
        assertThat(metrics.rowsFilteredCount()).isEqualTo(1_000 - 101);
    }

    @Test
    void aResumeInARowGroupWithSkippedPagesEmitsNoRowTwice() throws Exception {
        Path file = dir.resolve("pages-resume/one.parquet");
        TradeFiles.write(file, 0, 6_000, 6_000); // one row group, pages of 1,000 rows
        ParquetFilter filter =
                ParquetFilter.or(
                        ParquetFilter.between("id", 100L, 120L),
                        ParquetFilter.between("id", 4_100L, 4_120L));
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .path(file.toString())
                        .columns("id")
                        .filter(filter)
                        .build();
        ParquetSplit split =
                new SplitPlanner(executor, 1, filter)
                        .plan(new FileDiscovery(file.toString(), true).discover(FileOrder.NAME))
                        .get(0);
        RowPredicate residual = RowPredicate.compile(filter, source.getReadSchema().readType());
        ParquetSourceReaderMetrics metrics =
                new ParquetSourceReaderMetrics(
                        UnregisteredMetricsGroup.createSourceReaderMetricGroup());
        for (int stopAfter = 1; stopAfter <= 42; stopAfter++) {
            List<Long> ids = new ArrayList<>();
            ParquetSplit resumed;
            try (SplitCursor cursor =
                    new SplitCursor(
                            split,
                            new ReadPlan(source.getReadSchema(), filter, PartitionPruner.none()),
                            residual,
                            64,
                            metrics,
                            new FooterCache())) {
                resumed =
                        SplitReads.drain(cursor, split, stopAfter, row -> ids.add(row.getLong(0)));
            }
            if (resumed == null) {
                continue; // the batch that reached stopAfter ended the split
            }
            // The position is a place in the file (past the batch's last decoded row), not a
            // count of decoded rows: resuming there emits nothing already emitted.
            if (resumed.nextRowGroup() == 0) {
                assertThat(resumed.rowsToSkip()).isGreaterThan(ids.get(ids.size() - 1));
            }
            try (SplitCursor cursor =
                    new SplitCursor(
                            resumed,
                            new ReadPlan(source.getReadSchema(), filter, PartitionPruner.none()),
                            residual,
                            64,
                            metrics,
                            new FooterCache())) {
                SplitReads.drain(cursor, resumed, 0, row -> ids.add(row.getLong(0)));
            }
            assertThat(ids).as("stop after %s", stopAfter).hasSize(42).doesNotHaveDuplicates();
        }
    }

    /**
     * Nested columns whose pages end at other rows than the filter column's: the page index keeps
     * some pages, each leaf passes over the rows of its kept pages that are not kept, and every row
     * read is the one its id says, also when the read stops in such a row group and resumes. Pages
     * of about 2 KB (each column's end at other rows), or of 1,000 rows in every column (kept pages
     * read whole, more levels each than the paged cursor decodes at a time).
     */
    @ParameterizedTest(name = "pages of {0} rows")
    @ValueSource(ints = {500, 1_000})
    void nestedColumnsOfRowGroupsWithSkippedPagesReadTheRowsTheirIdsSay(int pageRows)
            throws Exception {
        Path file = dir.resolve("pages-nested-" + pageRows + "/orders.parquet");
        NestedOrderFiles.write(file, 0, 6_000, 3_000, pageRows, pageRows == 500 ? 2_048 : 1 << 20);
        ParquetFilter filter =
                ParquetFilter.or(
                        ParquetFilter.or(
                                ParquetFilter.between("id", 700L, 760L),
                                ParquetFilter.between("id", 1_480L, 1_530L)),
                        ParquetFilter.between("id", 4_990L, 5_020L));
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData().path(file.toString()).filter(filter).build();
        RowType type = source.getRowType();
        List<ParquetSplit> splits =
                new SplitPlanner(executor, 1, filter)
                        .plan(new FileDiscovery(file.toString(), true).discover(FileOrder.NAME));
        RowPredicate residual = RowPredicate.compile(filter, source.getReadSchema().readType());
        for (int stopAfter : new int[] {0, 1, 20, 30, 40, 70, 100}) {
            ParquetSourceReaderMetrics metrics =
                    new ParquetSourceReaderMetrics(
                            UnregisteredMetricsGroup.createSourceReaderMetricGroup());
            List<Long> ids = new ArrayList<>();
            for (ParquetSplit split : splits) {
                ParquetSplit next = split;
                int limit = stopAfter;
                while (next != null) {
                    try (SplitCursor cursor =
                            new SplitCursor(
                                    next,
                                    new ReadPlan(
                                            source.getReadSchema(), filter, PartitionPruner.none()),
                                    residual,
                                    16,
                                    metrics,
                                    new FooterCache())) {
                        next =
                                SplitReads.drain(
                                        cursor,
                                        next,
                                        limit,
                                        row -> {
                                            long id = row.getLong(0);
                                            assertThat(RenderedValues.render(row, type))
                                                    .as("row %s", id)
                                                    .isEqualTo(NestedOrderFiles.expected(id));
                                            ids.add(id);
                                        });
                    }
                    limit = 0;
                }
            }
            assertThat(ids)
                    .as("stop after %s", stopAfter)
                    .hasSize(61 + 51 + 31)
                    .doesNotHaveDuplicates();
            assertThat(new TreeSet<>(ids)).first().isEqualTo(700L);
            assertThat(new TreeSet<>(ids)).last().isEqualTo(5_020L);
            if (stopAfter == 0) {
                assertThat(metrics.rowsSkippedByPageIndexCount()).isPositive();
            }
        }
    }

    private static ParquetFilter randomFilter(Random random, int depth) {
        if (depth == 0 || random.nextInt(3) == 0) {
            return randomLeaf(random);
        }
        List<ParquetFilter> children = new ArrayList<>();
        int n = 2 + random.nextInt(2);
        for (int i = 0; i < n; i++) {
            children.add(randomFilter(random, depth - 1));
        }
        switch (random.nextInt(3)) {
            case 0:
                return ParquetFilter.and(children);
            case 1:
                return ParquetFilter.or(children);
            default:
                return ParquetFilter.not(children.get(0));
        }
    }

    private static ParquetFilter randomLeaf(Random random) {
        long total = (long) DAYS * ROWS_PER_DAY;
        long id = random.nextInt((int) total + 200) - 100;
        switch (random.nextInt(9)) {
            case 0:
                return ParquetFilter.between(
                        "id", FilterValue.int64(id), FilterValue.int64(id + random.nextInt(3_000)));
            case 1:
                return random.nextBoolean()
                        ? ParquetFilter.gt(
                                "ts",
                                FilterValue.timestamp(
                                        LocalDateTime.ofEpochSecond(
                                                TradeFiles.ts(id) / 1000,
                                                random.nextInt(2) * 500_000_000,
                                                ZoneOffset.UTC)))
                        : ParquetFilter.lte(
                                "ts",
                                FilterValue.timestamp(
                                        LocalDateTime.ofEpochSecond(
                                                TradeFiles.ts(id) / 1000, 0, ZoneOffset.UTC)));
            case 2:
                return ParquetFilter.eq(
                        "symbol",
                        FilterValue.utf8(
                                random.nextInt(10) == 0
                                        ? "ZZZ"
                                        : TradeFiles.symbol(random.nextInt(8))));
            case 3:
                return ParquetFilter.in(
                        "symbol",
                        FilterValue.utf8(TradeFiles.symbol(random.nextInt(8))),
                        FilterValue.utf8("NOPE"));
            case 4:
                return ParquetFilter.lt(
                        "price", FilterValue.float64(100 + random.nextInt(1_100) / 100.0));
            case 5:
                return ParquetFilter.gte("qty", FilterValue.int64(random.nextInt(520)));
            case 6:
                return random.nextBoolean()
                        ? ParquetFilter.isNull("note")
                        : ParquetFilter.isNotNull("note");
            case 7:
                return ParquetFilter.eq("note", FilterValue.utf8("note-" + id));
            default:
                return ParquetFilter.eq(
                        "day", FilterValue.date(LocalDate.of(2024, 1, 1 + random.nextInt(4))));
        }
    }
}
