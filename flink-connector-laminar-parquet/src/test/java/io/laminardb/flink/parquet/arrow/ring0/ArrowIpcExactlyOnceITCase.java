package io.laminardb.flink.parquet.arrow.ring0;

import io.laminardb.flink.parquet.arrow.AllTypesFiles;
import io.laminardb.flink.parquet.arrow.ArrowBatch;
import io.laminardb.flink.parquet.arrow.ArrowValues;
import io.laminardb.flink.parquet.source.LaminarParquetSource;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parquet -> Ring 0 -> Arrow IPC files, with a failure injected after a checkpoint completed: the
 * committed files hold every row of the input exactly once, read back by Arrow Java and by Arrow's
 * JavaScript implementation (npm {@code apache-arrow}; that part skips, saying so, without node or
 * npm).
 */
class ArrowIpcExactlyOnceITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    @TempDir static Path input;
    @TempDir Path output;

    private static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
    private static final AtomicBoolean FAILED = new AtomicBoolean();
    private static final AtomicInteger AFTER_CHECKPOINT = new AtomicInteger();

    @BeforeAll
    static void writeFiles() throws Exception {
        AllTypesFiles.writeTwoPartitions(input);
    }

    /** Slows the job down, and fails it once, a few batches after a checkpoint completed. */
    private static final class FailOnce
            implements MapFunction<ArrowBatch, ArrowBatch>, CheckpointListener {
        @Override
        public ArrowBatch map(ArrowBatch batch) throws Exception {
            Thread.sleep(15);
            if (CHECKPOINTED.get()
                    && AFTER_CHECKPOINT.incrementAndGet() == 3
                    && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure");
            }
            return batch;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTED.set(true);
        }
    }

    private static List<List<Object>> expectedRows() throws Exception {
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData().path(input.toString()).build();
        Function<RowData, List<Object>> converter = ArrowValues.rowConverter(source.getRowType());
        List<List<Object>> rows = new ArrayList<>();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "rows")
                .executeAndCollect("expected")
                .forEachRemaining(row -> rows.add(converter.apply(row)));
        return rows;
    }

    @Test
    void committedFilesHoldEveryRowOnceAfterAFailure() throws Exception {
        CHECKPOINTED.set(false);
        FAILED.set(false);
        AFTER_CHECKPOINT.set(0);
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(10));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(100);
        env.getConfig().enableObjectReuse();
        env.fromSource(
                        LaminarParquetSource.forArrow()
                                .path(input.toString())
                                .batchSize(50)
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        "arrow")
                .map(new FailOnce())
                .sinkTo(
                        Ring0Sink.forArrow(new ArrowIpcFileConsumer(output.toString(), "part"))
                                .withRingCapacity(2));
        env.execute("parquet -> ring0 -> arrow ipc");

        assertThat(FAILED).as("the failure was injected").isTrue();
        List<Path> committed = files(".arrows");
        assertThat(committed).isNotEmpty();
        assertThat(files(".inprogress")).as("in-progress files left").isEmpty();

        List<List<Object>> expected = expectedRows();
        assertThat(expected).hasSize(2200);
        List<List<Object>> read = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator()) {
            for (Path file : committed) {
                try (InputStream in = Files.newInputStream(file);
                        ArrowStreamReader reader = new ArrowStreamReader(in, allocator)) {
                    while (reader.loadNextBatch()) {
                        read.addAll(ArrowValues.rows(reader.getVectorSchemaRoot()));
                    }
                }
            }
        }
        assertThat(read).containsExactlyInAnyOrderElementsOf(expected);

        List<String> fromJavaScript = readWithArrowJs(committed);
        List<String> expectedSubset =
                expected.stream()
                        .map(r -> r.get(0) + "|" + r.get(11) + "|" + r.get(7) + "|" + r.get(5))
                        .collect(Collectors.toList());
        assertThat(fromJavaScript).containsExactlyInAnyOrderElementsOf(expectedSubset);
    }

    private List<Path> files(String suffix) throws Exception {
        try (Stream<Path> files = Files.list(output)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /**
     * Reads the files with npm apache-arrow 21.2.0 (installed under target/arrow-js on first use):
     * id, s, d and i64 of every row as "id|s|d|i64", numbers re-read as Java values.
     */
    static List<String> readWithArrowJs(List<Path> files) throws Exception {
        Path js = Paths.get("target/arrow-js").toAbsolutePath();
        Files.createDirectories(js); // the commands run in it
        Assumptions.assumeTrue(
                run(js, List.of("node", "--version")) != null,
                "node is absent: skipping the check with Arrow's JavaScript reader");
        if (!Files.isDirectory(js.resolve("node_modules/apache-arrow"))) {
            Assumptions.assumeTrue(
                    run(
                                    js,
                                    List.of(
                                            "npm",
                                            "install",
                                            "--no-audit",
                                            "--no-fund",
                                            "apache-arrow@21.2.0"))
                            != null,
                    "npm cannot install apache-arrow: skipping the check with Arrow's"
                            + " JavaScript reader");
        }
        Files.writeString(
                js.resolve("read-ipc.mjs"),
                "import { readFileSync } from 'fs';\n"
                        + "import { tableFromIPC } from 'apache-arrow';\n"
                        + "const s = v => (v === null || v === undefined) ? 'null' : String(v);\n"
                        + "for (const f of process.argv.slice(2)) {\n"
                        + "  for (const r of tableFromIPC(readFileSync(f))) {\n"
                        + "    console.log([s(r.id), s(r.s), s(r.d), s(r.i64)].join('|'));\n"
                        + "  }\n"
                        + "}\n");
        List<String> command = new ArrayList<>(List.of("node", "read-ipc.mjs"));
        files.forEach(f -> command.add(f.toString()));
        String out = run(js, command);
        assertThat(out).as("node read-ipc.mjs").isNotNull();
        List<String> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\|", -1);
            rows.add(
                    Integer.parseInt(f[0])
                            + "|"
                            + f[1]
                            + "|"
                            + (f[2].equals("null") ? "null" : Double.parseDouble(f[2]))
                            + "|"
                            + (f[3].equals("null") ? "null" : Long.parseLong(f[3])));
        }
        return rows;
    }

    /** The command's output, or null when it cannot run or fails. */
    private static String run(Path dir, List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command)
                            .directory(dir.toFile())
                            .redirectError(ProcessBuilder.Redirect.DISCARD)
                            .start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (Exception e) {
            return null;
        }
    }
}
