package io.laminardb.flink.parquet.e2e;

import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.source.SourceMode;
import io.laminardb.flink.parquet.testutils.ArrivingFiles;
import io.laminardb.flink.parquet.testutils.TradeFiles;
import io.laminardb.flink.parquet.testutils.TradeRows;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.collect.CollectResultIterator;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.annotation.Nullable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Collections.singletonList;
import static org.apache.flink.runtime.testutils.CommonTestUtils.waitForJobStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once by content in continuous mode, on a MiniCluster: every row of every file is emitted
 * exactly once, with the values its id determines ({@link TradeRows}), while files keep arriving
 * (renamed into place from a hidden name, written slowly in place, in partition directories that
 * appear later) and the job fails or is stopped and restored at another parallelism.
 *
 * <p>The DataStream tests collect their results through Flink's collect sink, whose results are in
 * its checkpoints ({@code executeAndCollect}, and {@link RestorableCollectSink} across savepoints):
 * with exactly-once checkpointing it hands out only the rows of completed checkpoints, so an id
 * seen twice is a row the source emitted twice across a restore. The SQL test reads the files
 * Flink's {@code filesystem} sink committed on checkpoints. Each test writes a sentinel file last
 * and reads until it has every id; an id twice fails at once.
 */
class ContinuousRecoveryITCase {

    private static final int ROWS_PER_FILE = 1_000;

    /** Ids of the sentinel file, written last: far above the data's ids. */
    private static final long SENTINEL_ID = 1_000_000;

    private static final int SENTINEL_ROWS = 10;

    private static final String SENTINEL_DAY = "2024-02-01";

    private static final long TIMEOUT_SECONDS = 90;

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    @TempDir Path dir;

    /**
     * A writer thread adds files (most renamed into place, some written slowly in place, a new
     * partition directory every ten files) while the job reads them, and the job fails at {@value
     * #FAILURES} random record counts (a map that throws once at each; fixed-delay restarts from
     * the last checkpoint, one every 100 ms). The writer goes on until every failure was injected
     * and at least {@value #MIN_FILES} files are written; the sentinel file goes in after the last
     * data file.
     */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void everyRowExactlyOnceWhileTasksFailAndFilesArrive() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        ArrivingFiles files = new ArrivingFiles(data);
        files.renameIntoPlace(dataFile(0), 0, ROWS_PER_FILE);
        files.renameIntoPlace(dataFile(1), ROWS_PER_FILE, ROWS_PER_FILE);

        long seed = new Random().nextLong();
        Random random = new Random(seed);
        long[] failAt = new long[FAILURES];
        for (int i = 0; i < FAILURES; i++) {
            failAt[i] = ROWS_PER_FILE + random.nextInt(MIN_FILES * ROWS_PER_FILE / 2);
        }
        Arrays.sort(failAt);
        Trades.reset(failAt, 0);

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, FAILURES + 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(100);
        LaminarParquetSource<RowData> source = continuousSource(data);
        RowType type = source.getRowType();

        Map<Long, Integer> seen = new HashMap<>();
        AtomicInteger filesWritten = new AtomicInteger();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (CloseableIterator<RowData> rows =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "parquet")
                        .map(new Trades())
                        .returns(source.getProducedType())
                        .executeAndCollect("continuous exactly-once with failures")) {
            readUntil(rows, type, seen, () -> !seen.isEmpty(), "seed " + seed);
            Future<?> writing =
                    writer.submit(
                            () -> {
                                int f = 2;
                                for (;
                                        f < MIN_FILES
                                                || (Trades.failures.get() < FAILURES
                                                        && f < MAX_FILES);
                                        f++) {
                                    long firstId = (long) f * ROWS_PER_FILE;
                                    if (f % 7 == 3) {
                                        files.writeSlowlyInPlace(
                                                dataFile(f), firstId, ROWS_PER_FILE, 300);
                                    } else {
                                        files.renameIntoPlace(dataFile(f), firstId, ROWS_PER_FILE);
                                    }
                                    Thread.sleep(50);
                                }
                                Trades.writerDone = true;
                                filesWritten.set(f);
                                files.renameIntoPlace(
                                        "day=" + SENTINEL_DAY + "/sentinel.parquet",
                                        SENTINEL_ID,
                                        SENTINEL_ROWS);
                                return null;
                            });
            readUntil(
                    rows,
                    type,
                    seen,
                    () ->
                            filesWritten.get() > 0
                                    && seen.size()
                                            == filesWritten.get() * ROWS_PER_FILE + SENTINEL_ROWS,
                    "seed " + seed + ", failures at " + Arrays.toString(failAt));
            writing.get();
        } finally {
            writer.shutdownNow();
        }

        assertThat(Trades.failures.get())
                .as("failures injected (seed %s, at %s)", seed, Arrays.toString(failAt))
                .isEqualTo(FAILURES);
        assertThat(Trades.failuresWhileWriting.get())
                .as("failures injected while files were still being written")
                .isEqualTo(FAILURES);
        assertEveryIdOnce(seen, (long) filesWritten.get() * ROWS_PER_FILE);
    }

    /**
     * Stop with a savepoint in the middle of the files and restore at another parallelism, twice (1
     * -> 4, then 4 -> 2); files written while the job is stopped (one renamed into place with a
     * modification time older than the files read before, one in a new partition directory, and the
     * rest of a file the first run saw half written, without its footer) are read after the
     * restore, none twice, none lost. The last run also reads a sentinel written after it started.
     */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void filesAddedWhileStoppedAreReadAfterRestoresFrom1To4To2() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        String savepoints = dir.resolve("savepoints").toUri().toString();
        ArrivingFiles files = new ArrivingFiles(data);
        int initialFiles = 4;
        for (int f = 0; f < initialFiles; f++) {
            files.renameIntoPlace(dataFile(f), (long) f * ROWS_PER_FILE, ROWS_PER_FILE);
        }
        Trades.reset(new long[0], 1);
        LaminarParquetSource<RowData> source = continuousSource(data);
        RowType type = source.getRowType();
        String accumulator = "collect-" + UUID.randomUUID();
        Map<Long, Integer> seen = new HashMap<>();

        // Run 1, parallelism 1, slowed down: stopped in the middle of the first files.
        Run run = submit(source, 1, null, accumulator);
        JobClient job = run.job;
        CollectResultIterator<RowData> rows = run.sink.iterator(job);
        // Half of a file, written in place: listed by run 1 (for more than a second), never read.
        Path halfWritten = data.resolve(dataFile(6));
        byte[] whole = tradeFileBytes(dir, 6 * ROWS_PER_FILE, ROWS_PER_FILE);
        Files.write(halfWritten, Arrays.copyOf(whole, whole.length / 2));
        try {
            readUntil(rows, type, seen, () -> seen.size() >= 1_500, "run 1");
            String savepoint1 = stopWithSavepoint(job, savepoints);
            assertThat(seen.size()).as("rows read before the stop").isLessThan(4_000);

            // While stopped: a file into a known directory, one into a new partition directory,
            // and one renamed into place with a modification time older than the files read.
            files.renameIntoPlace(dataFile(4), 4 * ROWS_PER_FILE, ROWS_PER_FILE);
            files.renameIntoPlace(dataFile(40), 40 * ROWS_PER_FILE, ROWS_PER_FILE);
            Path old = files.renameIntoPlace(dataFile(5), 5 * ROWS_PER_FILE, ROWS_PER_FILE);
            Files.setLastModifiedTime(
                    old, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
            Files.write(halfWritten, whole);

            // Run 2, parallelism 4, slowed down: stopped again before the end.
            job = submit(source, 4, savepoint1, accumulator).job;
            rows.setJobClient(job);
            readUntil(rows, type, seen, () -> seen.size() >= 3_500, "run 2");
            String savepoint2 = stopWithSavepoint(job, savepoints);
            assertThat(seen.size()).as("rows read before the second stop").isLessThan(7_000);

            files.renameIntoPlace(dataFile(41), 41 * ROWS_PER_FILE, ROWS_PER_FILE);
            files.renameIntoPlace(dataFile(50), 50 * ROWS_PER_FILE, ROWS_PER_FILE);

            // Run 3, parallelism 2, full speed, with a sentinel written while it runs.
            Trades.throttleMillis = 0;
            job = submit(source, 2, savepoint2, accumulator).job;
            rows.setJobClient(job);
            files.renameIntoPlace(
                    "day=" + SENTINEL_DAY + "/sentinel.parquet", SENTINEL_ID, SENTINEL_ROWS);
            readUntil(rows, type, seen, () -> seen.size() == 10_000 + SENTINEL_ROWS, "run 3");
        } finally {
            rows.close();
            cancel(job);
        }

        Map<Long, Integer> expected = new HashMap<>();
        for (int f : new int[] {0, 1, 2, 3, 4, 5, 6, 40, 41, 50}) {
            for (long id = (long) f * ROWS_PER_FILE; id < (f + 1L) * ROWS_PER_FILE; id++) {
                expected.put(id, 1);
            }
        }
        for (long id = SENTINEL_ID; id < SENTINEL_ID + SENTINEL_ROWS; id++) {
            expected.put(id, 1);
        }
        assertThat(seen).isEqualTo(expected);
    }

    /**
     * The same through SQL: a streaming {@code INSERT INTO} from a {@code 'mode' = 'continuous'}
     * table into Flink's {@code filesystem} sink (Parquet files, committed when a checkpoint
     * completes), while a writer thread adds files and the job fails twice (a function in the query
     * throws at a random record count). The committed files, read back with parquet-java, must hold
     * each row exactly once with its values.
     */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void sqlInsertIntoACommittingSinkCommitsEveryRowOnce() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path out = Files.createDirectories(dir.resolve("out"));
        ArrivingFiles files = new ArrivingFiles(data);
        files.renameIntoPlace(dataFile(0), 0, ROWS_PER_FILE);
        files.renameIntoPlace(dataFile(1), ROWS_PER_FILE, ROWS_PER_FILE);
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        long[] failAt = {
            ROWS_PER_FILE + random.nextInt(3 * ROWS_PER_FILE),
            5L * ROWS_PER_FILE + random.nextInt(4 * ROWS_PER_FILE)
        };
        FailAt.reset(failAt);

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, failAt.length + 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(200);
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        tables.createTemporarySystemFunction("FAIL_AT", new FailAt());
        tables.executeSql(
                "CREATE TABLE trades (id BIGINT, ts TIMESTAMP(3), symbol STRING, price DOUBLE,"
                        + " qty INT, note STRING, `day` STRING) PARTITIONED BY (`day`) WITH ("
                        + " 'connector' = 'parquet', 'path' = '"
                        + data.toUri()
                        + "', 'mode' = 'continuous', 'poll.interval' = '200 ms',"
                        + " 'discovery.settle-window' = '10 min', 'batch.size' = '97')");
        tables.executeSql(
                "CREATE TABLE committed (id BIGINT, ts_offset BIGINT, symbol STRING, price DOUBLE,"
                        + " qty INT, note STRING, `day` STRING) WITH ("
                        + " 'connector' = 'filesystem', 'path' = '"
                        + out.toUri()
                        + "', 'format' = 'parquet')");

        Map<Long, Integer> seen = new HashMap<>();
        Set<Path> read = new HashSet<>();
        AtomicInteger filesWritten = new AtomicInteger();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        JobClient job =
                tables.executeSql(
                                "INSERT INTO committed SELECT FAIL_AT(id),"
                                        + " CAST(TIMESTAMPDIFF(SECOND, TIMESTAMP '2024-01-01"
                                        + " 00:00:00', ts) AS BIGINT), symbol, price, qty, note,"
                                        + " `day` FROM trades")
                        .getJobClient()
                        .orElseThrow();
        try {
            Future<?> writing =
                    writer.submit(
                            () -> {
                                // Until every failure was injected, at least 10 files.
                                int f = 2;
                                for (;
                                        f < 10
                                                || (FailAt.failures.get() < failAt.length
                                                        && f < MAX_FILES);
                                        f++) {
                                    files.renameIntoPlace(
                                            dataFile(f), (long) f * ROWS_PER_FILE, ROWS_PER_FILE);
                                    Thread.sleep(50);
                                }
                                filesWritten.set(f);
                                files.renameIntoPlace(
                                        "day=" + SENTINEL_DAY + "/sentinel.parquet",
                                        SENTINEL_ID,
                                        SENTINEL_ROWS);
                                return null;
                            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (filesWritten.get() == 0
                    || seen.size() < filesWritten.get() * ROWS_PER_FILE + SENTINEL_ROWS) {
                assertThat(deadline - System.nanoTime())
                        .as(
                                "time left to commit every row (%d committed, %d files written;"
                                        + " seed %s, failures at %s)",
                                seen.size(), filesWritten.get(), seed, Arrays.toString(failAt))
                        .isPositive();
                if (writing.isDone()) {
                    writing.get(); // throws what the writer threw
                }
                JobStatus status = job.getJobStatus().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                assertThat(status.isGloballyTerminalState()).as("job ended: %s", status).isFalse();
                readCommitted(out, read, seen);
                Thread.sleep(100);
            }
            writing.get();
        } finally {
            writer.shutdownNow();
            cancel(job);
        }

        assertThat(FailAt.failures.get())
                .as("failures injected (seed %s, at %s)", seed, Arrays.toString(failAt))
                .isEqualTo(failAt.length);
        assertEveryIdOnce(seen, (long) filesWritten.get() * ROWS_PER_FILE);
    }

    /**
     * Reads the files of {@code out} the sink committed since the last call (in-progress files are
     * hidden, {@code .part-...}), checking each row by its id; an id committed twice fails.
     */
    private static void readCommitted(Path out, Set<Path> read, Map<Long, Integer> seen)
            throws IOException {
        List<Path> committed;
        try (Stream<Path> listing = Files.list(out)) {
            committed =
                    listing.filter(p -> p.getFileName().toString().startsWith("part-"))
                            .filter(p -> !read.contains(p))
                            .sorted()
                            .collect(Collectors.toList());
        }
        for (Path file : committed) {
            try (ParquetReader<Group> reader =
                    ParquetReader.builder(
                                    new GroupReadSupport(),
                                    new org.apache.hadoop.fs.Path(file.toUri()))
                            .build()) {
                for (Group row = reader.read(); row != null; row = reader.read()) {
                    long id = row.getLong("id", 0);
                    assertThat(row.getLong("ts_offset", 0)).as("ts of id %s", id).isEqualTo(id);
                    assertThat(row.getString("symbol", 0))
                            .as("symbol of id %s", id)
                            .isEqualTo(TradeFiles.symbol(id));
                    assertThat(row.getDouble("price", 0))
                            .as("price of id %s", id)
                            .isEqualTo(TradeFiles.price(id));
                    assertThat(row.getInteger("qty", 0))
                            .as("qty of id %s", id)
                            .isEqualTo(TradeFiles.qty(id));
                    assertThat(
                                    row.getFieldRepetitionCount("note") == 0
                                            ? null
                                            : row.getString("note", 0))
                            .as("note of id %s", id)
                            .isEqualTo(TradeFiles.note(id));
                    assertThat(row.getString("day", 0)).as("day of id %s", id).isEqualTo(day(id));
                    assertThat(seen.put(id, 1))
                            .as("id %s committed twice (again in %s)", id, file)
                            .isNull();
                }
            }
            read.add(file);
        }
    }

    // ------------------------------------------------------------------------------------------

    private static final int FAILURES = 3;

    /** The writer of a failure test writes at least this many data files, at most the other. */
    private static final int MIN_FILES = 20;

    private static final int MAX_FILES = 200;

    private static LaminarParquetSource<RowData> continuousSource(Path data) {
        return LaminarParquetSource.forRowData()
                .path(data.toString())
                .partitionColumn("day", VarCharType.STRING_TYPE)
                .mode(SourceMode.CONTINUOUS)
                .pollInterval(Duration.ofMillis(200))
                .settleWindow(Duration.ofMinutes(10))
                .batchSize(97)
                .build();
    }

    /** Data file {@code f}: ids {@code [f * 1000, f * 1000 + 1000)}, ten files per day. */
    private static String dataFile(int f) {
        return String.format("day=%s/part-%03d.parquet", day(f * (long) ROWS_PER_FILE), f);
    }

    /** The partition value of the file that holds {@code id}. */
    private static String day(long id) {
        if (id >= SENTINEL_ID) {
            return SENTINEL_DAY;
        }
        return String.format("2024-01-%02d", 1 + id / ROWS_PER_FILE / 10);
    }

    /** The bytes of a trade file with ids {@code [firstId, firstId + rows)}, three row groups. */
    private static byte[] tradeFileBytes(Path scratchDir, long firstId, long rows)
            throws IOException {
        Path scratch = scratchDir.resolve("scratch-" + firstId + ".parquet");
        TradeFiles.write(scratch, firstId, rows, (int) (rows / 3));
        byte[] bytes = Files.readAllBytes(scratch);
        Files.delete(scratch);
        return bytes;
    }

    /** Submits the job (source, {@link Trades}, collect sink, fixed uids), restored if asked. */
    private static Run submit(
            LaminarParquetSource<RowData> source,
            int parallelism,
            @Nullable String savepoint,
            String accumulator)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        env.enableCheckpointing(100);
        DataStream<RowData> rows =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "parquet")
                        .uid("parquet-source")
                        .map(new Trades())
                        .uid("trades")
                        .returns(source.getProducedType());
        RestorableCollectSink<RowData> sink = RestorableCollectSink.addTo(rows, accumulator);
        return new Run(env.executeAsync("continuous, parallelism " + parallelism), sink);
    }

    /** A submitted job and its collect sink. */
    private static final class Run {
        final JobClient job;
        final RestorableCollectSink<RowData> sink;

        Run(JobClient job, RestorableCollectSink<RowData> sink) {
            this.job = job;
            this.sink = sink;
        }
    }

    private static String stopWithSavepoint(JobClient job, String savepoints) throws Exception {
        String savepoint =
                job.stopWithSavepoint(false, savepoints, SavepointFormatType.CANONICAL)
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        waitForJobStatus(job, singletonList(JobStatus.FINISHED));
        return savepoint;
    }

    private static void cancel(JobClient job) throws Exception {
        JobStatus status = job.getJobStatus().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!status.isGloballyTerminalState()) {
            job.cancel().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /**
     * Reads rows until {@code done}, checking each row's values and partition against its id; an id
     * read twice fails at once.
     */
    private static void readUntil(
            Iterator<RowData> rows,
            RowType type,
            Map<Long, Integer> seen,
            BooleanSupplier done,
            String context)
            throws Exception {
        int dayField = type.getFieldIndex("day");
        CompletableFuture.runAsync(
                        () -> {
                            while (!done.getAsBoolean()) {
                                assertThat(rows.hasNext()).as("more rows (%s)", context).isTrue();
                                RowData row = rows.next();
                                TradeRows.assertTrade(row, type);
                                long id = row.getLong(0);
                                assertThat(row.getString(dayField).toString())
                                        .as("day of id %s", id)
                                        .isEqualTo(day(id));
                                Integer before = seen.put(id, 1);
                                assertThat(before)
                                        .as("id %s read twice (%s)", id, context)
                                        .isNull();
                            }
                        })
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static void assertEveryIdOnce(Map<Long, Integer> seen, long total) {
        for (long id = 0; id < total; id++) {
            assertThat(seen).as("id %s read", id).containsKey(id);
        }
        for (long id = SENTINEL_ID; id < SENTINEL_ID + SENTINEL_ROWS; id++) {
            assertThat(seen).as("sentinel id %s read", id).containsKey(id);
        }
        assertThat(seen).hasSize((int) total + SENTINEL_ROWS);
    }

    /**
     * Passes rows on; sleeps {@link #throttleMillis} per row (so a stop lands in the middle of the
     * files); throws once when the count of rows it passed on (over all subtasks and attempts)
     * reaches each of the failure points, but only after two checkpoints completed since the last
     * failure: the restore is then from a checkpoint of this attempt, and every task is running
     * (Flink 2.3's collect sink, cancelled while it is still being restored, throws a
     * NullPointerException in its close that fails the whole TaskManager). Two, not one: a
     * checkpoint that completed as the failure happened may be notified after it. Static state: the
     * MiniCluster runs in the test's JVM.
     */
    private static final class Trades implements MapFunction<RowData, RowData>, CheckpointListener {

        private static final long serialVersionUID = 1L;

        static final AtomicLong rowsPassed = new AtomicLong();
        static final AtomicInteger failures = new AtomicInteger();
        static final AtomicInteger failuresWhileWriting = new AtomicInteger();

        /** The newest checkpoint completed, and the newest one when the last failure was. */
        static final AtomicLong latestCheckpoint = new AtomicLong();

        static volatile long checkpointAtFailure;

        static volatile long[] failAt = new long[0];
        static volatile long throttleMillis;
        static volatile boolean writerDone;

        static void reset(long[] failurePoints, long throttle) {
            rowsPassed.set(0);
            failures.set(0);
            failuresWhileWriting.set(0);
            latestCheckpoint.set(0);
            checkpointAtFailure = 0;
            failAt = failurePoints;
            throttleMillis = throttle;
            writerDone = false;
        }

        @Override
        public RowData map(RowData row) throws Exception {
            long throttle = throttleMillis;
            if (throttle > 0) {
                Thread.sleep(throttle);
            }
            long passed = rowsPassed.incrementAndGet();
            long[] points = failAt;
            if (failures.get() < points.length && twoCheckpointsSinceFailure()) {
                synchronized (Trades.class) {
                    int next = failures.get();
                    if (next < points.length
                            && passed >= points[next]
                            && twoCheckpointsSinceFailure()) {
                        // Before counting the failure: the writer stops once it is counted.
                        if (!writerDone) {
                            failuresWhileWriting.incrementAndGet();
                        }
                        failures.incrementAndGet();
                        checkpointAtFailure = latestCheckpoint.get();
                        throw new RuntimeException(
                                "Injected failure " + (next + 1) + " at row " + passed);
                    }
                }
            }
            return row;
        }

        private static boolean twoCheckpointsSinceFailure() {
            return latestCheckpoint.get() >= checkpointAtFailure + 2;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            latestCheckpoint.accumulateAndGet(checkpointId, Math::max);
        }
    }

    /**
     * {@code FAIL_AT(id)}: returns the id; throws once when the count of rows it passed (over all
     * subtasks and attempts) reaches each failure point, but not within a second of the first row
     * after the last failure, so that the restarted job has taken checkpoints first.
     */
    public static final class FailAt extends ScalarFunction {

        private static final long serialVersionUID = 1L;

        static final AtomicLong rowsPassed = new AtomicLong();
        static final AtomicInteger failures = new AtomicInteger();
        static volatile long[] failAt = new long[0];

        /** When the first row after the last failure passed; 0 until one did. */
        static volatile long restartedAtMillis;

        static void reset(long[] failurePoints) {
            rowsPassed.set(0);
            failures.set(0);
            failAt = failurePoints;
            restartedAtMillis = 0;
        }

        public Long eval(Long id) {
            long passed = rowsPassed.incrementAndGet();
            long now = System.currentTimeMillis();
            synchronized (FailAt.class) {
                if (restartedAtMillis == 0) {
                    restartedAtMillis = now;
                }
                int next = failures.get();
                if (next < failAt.length
                        && passed >= failAt[next]
                        && now - restartedAtMillis >= 1_000) {
                    failures.incrementAndGet();
                    restartedAtMillis = 0;
                    throw new RuntimeException(
                            "Injected failure " + (next + 1) + " at row " + passed);
                }
            }
            return id;
        }
    }
}
