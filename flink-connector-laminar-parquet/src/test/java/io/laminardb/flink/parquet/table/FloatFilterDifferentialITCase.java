package io.laminardb.flink.parquet.table;

import io.laminardb.flink.parquet.metrics.ParquetEnumeratorMetrics;
import io.laminardb.flink.parquet.metrics.ParquetSourceReaderMetrics;
import io.laminardb.flink.parquet.testutils.SqlTables;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential test of filters on FLOAT and DOUBLE columns: a query whose filter is pushed into the
 * source returns exactly the rows of the same query whose filter Flink evaluates alone, behind a
 * {@code LIMIT} barrier. The data holds 0.0, -0.0, NaN (also with the sign bit set), +Infinity,
 * -Infinity, NULL and ordinary values, in row groups of four rows and pages of two, some row groups
 * holding only -0.0, only NaN or only 0.0, with bloom filters and page indexes, in files of both
 * column orders, under a DOUBLE partition column whose values are 0.0, -0.0, NaN, 3.0 and NULL.
 */
class FloatFilterDifferentialITCase {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    /** Predicates per query: each is one branch of a UNION ALL. */
    private static final int BATCH = 80;

    /** What the pushed queries skip. */
    private static final List<String> PRUNING_METRICS =
            List.of(
                    ParquetEnumeratorMetrics.ROW_GROUPS_PRUNED_BY_STATISTICS,
                    ParquetSourceReaderMetrics.ROW_GROUPS_PRUNED_BY_BLOOM_FILTER,
                    ParquetSourceReaderMetrics.PAGES_SKIPPED,
                    ParquetSourceReaderMetrics.ROWS_FILTERED,
                    ParquetEnumeratorMetrics.DIRECTORIES_PRUNED_BY_PARTITION);

    @TempDir static Path dir;

    private static final double NEGATIVE_NAN = Double.longBitsToDouble(0xFFF8_0000_0000_0000L);

    /** Row groups of four values each (null for NULL). */
    private static final Double[][] GROUPS = {
        {-0.0, -0.0, -0.0, -0.0},
        {Double.NaN, Double.NaN, NEGATIVE_NAN, Double.NaN},
        {0.0, 0.0, 0.0, 0.0},
        {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, null, 1.5},
        {-0.0, 0.0, Double.NaN, 3.0},
        {null, null, null, null},
        {-2.5, 3.0, 7.0, -0.0},
        {0.5, Double.NaN, Double.NEGATIVE_INFINITY, 3.0},
        {-3.0, -0.0, NEGATIVE_NAN, Double.POSITIVE_INFINITY},
        {-0.0, Double.NaN, -0.0, Double.NaN},
        {-0.0, null, -0.0, null},
        {3.0, 3.0, 3.0, 3.0},
        {0.1, 16777217.0, 16777215.0, -0.1},
        {-2.5, 7.0, -2.5, 7.0},
    };

    private static final int ROWS_PER_FILE = GROUPS.length * 4;

    /** Partition directories; each holds one file. */
    private static final String[] PARTITIONS = {
        "p=0.0", "p=-0.0", "p=NaN", "p=3.0", "p=__HIVE_DEFAULT_PARTITION__"
    };

    private static TableEnvironment tEnv;

    /** x and f of each row, by id, for messages. */
    private static final Map<Integer, String> VALUES = new HashMap<>();

    @BeforeAll
    static void writeFiles() throws IOException {
        for (int p = 0; p < PARTITIONS.length; p++) {
            String order = p % 2 == 0 ? "TYPE_DEFINED_ORDER" : "IEEE_754_TOTAL_ORDER";
            write(
                    dir.resolve("t").resolve(PARTITIONS[p]).resolve("f.parquet"),
                    p * ROWS_PER_FILE,
                    order);
        }
    }

    /**
     * One table environment for all tests, created in the first one: only then does it run its jobs
     * on the shared MiniCluster (which reports the metrics).
     */
    @BeforeEach
    void createTable() {
        if (tEnv == null) {
            tEnv = SqlTables.env(true);
            tEnv.getConfig().set("parallelism.default", "1");
            tEnv.executeSql(
                    "CREATE TABLE t (id INT, x DOUBLE, f FLOAT, p DOUBLE) PARTITIONED BY (p)"
                            + " WITH ('connector' = 'parquet', 'path' = '"
                            + dir.resolve("t").toUri()
                            + "')");
        }
    }

    @AfterAll
    static void dropTable() {
        tEnv = null;
    }

    /** x runs through the groups in order, f in reverse order, so that they differ per row. */
    private static void write(Path file, int firstId, String order) throws IOException {
        MessageType schema =
                MessageTypeParser.parseMessageType(
                        "message m { required int32 id; optional double x columnorder("
                                + order
                                + "); optional float f columnorder("
                                + order
                                + "); }");
        Files.createDirectories(file.getParent());
        SimpleGroupFactory factory = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer =
                ExampleParquetWriter.builder(new LocalOutputFile(file))
                        .withType(schema)
                        .withDictionaryEncoding(true)
                        .withBloomFilterEnabled("x", true)
                        .withBloomFilterEnabled("f", true)
                        .withBloomFilterNDV("x", 16)
                        .withBloomFilterNDV("f", 16)
                        .withRowGroupRowCountLimit(4)
                        .withPageRowCountLimit(2)
                        .withMinRowCountForPageSizeCheck(1)
                        .build()) {
            for (int g = 0; g < GROUPS.length; g++) {
                for (int r = 0; r < 4; r++) {
                    int id = firstId + g * 4 + r;
                    Double x = GROUPS[g][r];
                    Double f = GROUPS[GROUPS.length - 1 - g][r];
                    Group row = factory.newGroup().append("id", id);
                    if (x != null) {
                        row.append("x", x);
                    }
                    if (f != null) {
                        row.append("f", (float) (double) f);
                    }
                    writer.write(row);
                    VALUES.put(
                            id,
                            "x="
                                    + x
                                    + ", f="
                                    + (f == null ? null : (float) (double) f)
                                    + ", "
                                    + file.getParent().getFileName());
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // The predicates
    // ------------------------------------------------------------------------------------------

    /**
     * Templates over a column {@code #} and a literal {@code ?}: every operator, negated, in IN and
     * BETWEEN, with IS [NOT] NULL, AND and OR, in the forms the planner keeps apart (a comparison,
     * a range, a set of points).
     */
    private static final String[] TEMPLATES = {
        "# = ?",
        "# <> ?",
        "# < ?",
        "# <= ?",
        "# > ?",
        "# >= ?",
        "# IN (?, 3)",
        "# NOT IN (?, 3)",
        "# BETWEEN ? AND 3",
        "# NOT BETWEEN ? AND 3",
        "# BETWEEN -3 AND ?",
        "# NOT BETWEEN -3 AND ?",
        "NOT (# < ?)",
        "NOT (# <= ?)",
        "NOT (# > ?)",
        "NOT (# >= ?)",
        "# <> ? AND # <> 3",
        "# = ? OR # = 3",
        "# < ? OR # > 3",
        "NOT (# >= ? AND # <= 3)",
        "# IS NULL OR # <> ?",
        "# IS NULL OR # NOT IN (?, 3)",
        "# IS NOT NULL AND NOT (# > ?)",
        "# > ? OR id % 7 = 0",
    };

    private static List<String> predicates(String column, String[] templates, String... literals) {
        List<String> predicates = new ArrayList<>();
        for (String template : templates) {
            for (String literal : literals) {
                predicates.add(template.replace("#", column).replace("?", literal));
            }
        }
        return predicates;
    }

    // ------------------------------------------------------------------------------------------
    // The comparison
    // ------------------------------------------------------------------------------------------

    /** Issue 9: the source dropped the -0.0 rows that Flink keeps. */
    @Test
    void notInZeroAndThreeKeepsNegativeZero() throws Exception {
        assertSameRows(
                List.of(
                        "x NOT IN (0, 3)",
                        "x <> 0 AND x <> 3",
                        "f NOT IN (0, 3)",
                        "x IS NULL OR x <> 0"));
    }

    @Test
    void doubleColumn() throws Exception {
        // zero as an INT and as a DECIMAL (which the planner compares differently), and 3
        Map<String, Long> pruned = assertSameRows(predicates("x", TEMPLATES, "0", "-0.0", "3"));
        // The source did skip: whole row groups, pages within them, and rows.
        assertThat(pruned)
                .as("what the pushed queries skipped")
                .hasEntrySatisfying(
                        ParquetEnumeratorMetrics.ROW_GROUPS_PRUNED_BY_STATISTICS,
                        n -> assertThat(n).isPositive())
                .hasEntrySatisfying(
                        ParquetSourceReaderMetrics.ROW_GROUPS_PRUNED_BY_BLOOM_FILTER,
                        n -> assertThat(n).isPositive())
                .hasEntrySatisfying(
                        ParquetSourceReaderMetrics.PAGES_SKIPPED, n -> assertThat(n).isPositive())
                .hasEntrySatisfying(
                        ParquetSourceReaderMetrics.ROWS_FILTERED, n -> assertThat(n).isPositive());
    }

    /** FLOAT: also an integer beyond 2^24 and a DOUBLE literal that is no FLOAT value. */
    @Test
    void floatColumn() throws Exception {
        List<String> predicates =
                new ArrayList<>(
                        predicates("f", Arrays.copyOf(TEMPLATES, 12), "0", "-0.0", "0.1e0"));
        predicates.addAll(
                List.of(
                        "f >= 16777217",
                        "f > 16777215",
                        "f = 16777217",
                        "f <= 16777215",
                        "f IN (16777217, 3)",
                        "f NOT IN (16777217, 3)",
                        "f = CAST(0.1 AS FLOAT)",
                        "f BETWEEN 0.1e0 AND 3",
                        "f > 0.1e0 AND f < 3"));
        assertSameRows(predicates);
    }

    /** The partition column: pruned by the planner, by the source, or both. */
    @Test
    void doublePartitionColumn() throws Exception {
        List<String> predicates =
                new ArrayList<>(predicates("p", Arrays.copyOf(TEMPLATES, 8), "0", "-0.0", "3"));
        predicates.addAll(List.of("p IS NULL OR p <> 0", "p <> 0 AND x <> 0", "p = 0 OR x = 0"));
        assertThat(assertSameRows(predicates))
                .as("what the pushed queries skipped")
                .hasEntrySatisfying(
                        ParquetEnumeratorMetrics.DIRECTORIES_PRUNED_BY_PARTITION,
                        n -> assertThat(n).isPositive());
    }

    /**
     * Infinities, NaN and -0.0 from expressions: CAST('NaN' AS DOUBLE) and other constant NaNs
     * cannot be planned at all (the planner's constant folding fails on them), so NaN comes from
     * the rows.
     */
    @Test
    void infinitiesAndComputedValues() throws Exception {
        assertSameRows(
                List.of(
                        "x = CAST('Infinity' AS DOUBLE)",
                        "x < CAST('Infinity' AS DOUBLE)",
                        "x >= CAST('-Infinity' AS DOUBLE)",
                        "x <> CAST('-Infinity' AS DOUBLE)",
                        "x NOT IN (CAST('Infinity' AS DOUBLE), 0)",
                        "x > 1e308",
                        "x < 0.0e0",
                        "x > -0.0e0",
                        "NOT (x >= 0.0e0)",
                        "x NOT IN (0.0e0, 3)",
                        "x <> 0.0e0 AND x <> 3e0",
                        "x < CAST('-0.0' AS DOUBLE)",
                        "x >= CAST('-0.0' AS DOUBLE)",
                        "x NOT IN (CAST('-0.0' AS DOUBLE), 3)",
                        "x <> x",
                        "x = x",
                        "x <> f",
                        "x > 0 / x",
                        "NOT (x < 0 OR x > 0)",
                        "NOT (x <= 0) AND NOT (f >= 3)",
                        "x <> 0 OR f <> 0",
                        "(x NOT IN (0, 3) OR f IS NULL) AND id >= 0"));
    }

    /**
     * Runs the predicates in batches, each a UNION ALL of one branch per predicate, once on the
     * table (the filter pushed into the source) and once behind a LIMIT barrier (Flink alone), and
     * compares the ids each predicate keeps, as multisets.
     */
    private static Map<String, Long> assertSameRows(List<String> predicates) throws Exception {
        Map<String, Long> pruned = new TreeMap<>();
        Map<String, Long> prunedBehindBarrier = new TreeMap<>();
        List<String> mismatches = new ArrayList<>();
        for (int from = 0; from < predicates.size(); from += BATCH) {
            List<String> part = predicates.subList(from, Math.min(predicates.size(), from + BATCH));
            Map<Integer, List<Integer>> pushed = run(part, "t", pruned);
            Map<Integer, List<Integer>> alone =
                    run(part, "(SELECT * FROM t LIMIT 1000000) AS u", prunedBehindBarrier);
            for (int k = 0; k < part.size(); k++) {
                List<Integer> expected = alone.getOrDefault(k, List.of());
                List<Integer> actual = pushed.getOrDefault(k, List.of());
                if (!expected.equals(actual)) {
                    mismatches.add(describe(part.get(k), expected, actual));
                }
            }
        }
        assertThat(prunedBehindBarrier.values())
                .as("the LIMIT barrier keeps the filters out of the source")
                .containsOnly(0L);
        assertThat(mismatches).as("predicates whose pushed result differs from Flink's").isEmpty();
        return pruned;
    }

    /**
     * Ids each predicate keeps (sorted, duplicates kept), by the predicate's index; adds what the
     * source skipped to {@code pruned}.
     */
    private static Map<Integer, List<Integer>> run(
            List<String> predicates, String from, Map<String, Long> pruned) throws Exception {
        String sql =
                IntStream.range(0, predicates.size())
                        .mapToObj(
                                k ->
                                        "SELECT "
                                                + k
                                                + " AS k, id FROM "
                                                + from
                                                + " WHERE "
                                                + predicates.get(k))
                        .collect(Collectors.joining(" UNION ALL "));
        Map<Integer, List<Integer>> ids = new TreeMap<>();
        TableResult result = tEnv.executeSql(sql);
        try (CloseableIterator<Row> it = result.collect()) {
            it.forEachRemaining(
                    row ->
                            ids.computeIfAbsent((Integer) row.getField(0), k -> new ArrayList<>())
                                    .add((Integer) row.getField(1)));
        }
        ids.values().forEach(list -> list.sort(null));
        JobID job = result.getJobClient().orElseThrow().getJobID();
        for (String metric : PRUNING_METRICS) {
            pruned.merge(metric, sum(job, metric), Long::sum);
        }
        return ids;
    }

    private static long sum(JobID job, String name) {
        long sum = 0;
        for (Tuple3<MetricGroup, String, Metric> found : REPORTER.findJobMetricGroups(job, name)) {
            sum +=
                    found.f2 instanceof Counter
                            ? ((Counter) found.f2).getCount()
                            : ((Number) ((Gauge<?>) found.f2).getValue()).longValue();
        }
        return sum;
    }

    private static String describe(String predicate, List<Integer> expected, List<Integer> actual) {
        List<Integer> missing = new ArrayList<>(expected);
        actual.forEach(missing::remove);
        List<Integer> extra = new ArrayList<>(actual);
        expected.forEach(extra::remove);
        return predicate
                + ": the pushed query lacks "
                + rows(missing)
                + " and has extra "
                + rows(extra);
    }

    /** The number of rows, and the first ones with their values. */
    private static String rows(List<Integer> ids) {
        return ids.size()
                + " rows "
                + ids.stream()
                        .limit(6)
                        .map(id -> id + " (" + VALUES.get(id) + ")")
                        .collect(Collectors.joining("; ", "[", ids.size() > 6 ? "; ...]" : "]"));
    }
}
