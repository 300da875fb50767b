package io.laminardb.flink.parquet.benchmark;

import io.laminardb.flink.parquet.enumerator.ContinuousDiscovery;
import io.laminardb.flink.parquet.enumerator.DiscoveryPosition;
import io.laminardb.flink.parquet.enumerator.DiscoveryResult;
import io.laminardb.flink.parquet.enumerator.ParquetEnumState;
import io.laminardb.flink.parquet.enumerator.ParquetEnumStateSerializer;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.partition.PartitionPruner;
import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.source.SourceMode;
import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.data.RowData;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

/**
 * What continuous discovery costs (issue #10's figures), in three parts:
 *
 * <ol>
 *   <li><b>Poll cost</b> with 10,000 and 100,000 files present, on {@link ContinuousDiscovery}
 *       itself (real files, real listing, the footer-tail check of new files): the first discovery
 *       of all files, then polls that find nothing new and polls that find 100 new files;
 *   <li><b>State size</b>: the serialized enumerator state (what each checkpoint writes) after each
 *       of those, against the number of files seen;
 *   <li><b>Latency</b>: from a file's rename into place to its first row leaving the source, in a
 *       real job on an embedded MiniCluster with {@code poll.interval} 1 s; files are renamed at
 *       random moments, so the figure covers every phase of the poll.
 * </ol>
 *
 * <p>Files go to {@code /dev/shm} where it exists (listing cost, not the disk, is measured), else
 * to a temporary directory; {@code --dir} chooses.
 */
@Command(
        name = "discovery-benchmark",
        mixinStandardHelpOptions = true,
        description = "Continuous discovery: poll cost, state size and rename-to-row latency.")
public final class DiscoveryBenchmark implements Callable<Integer> {

    private static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message t { required int64 id; required int64 value; }");

    /**
     * When each latency file was renamed into place (System.nanoTime), by id. Same JVM as the job.
     */
    private static final Map<Long, Long> RENAMED_AT = new ConcurrentHashMap<>();

    /** Rename-to-first-row latencies in nanoseconds. */
    private static final ConcurrentLinkedQueue<Long> LATENCIES = new ConcurrentLinkedQueue<>();

    @Option(
            names = "--files",
            split = ",",
            defaultValue = "10000,100000",
            description = "Files present for the poll-cost runs (default: ${DEFAULT-VALUE}).")
    private List<Integer> fileCounts;

    @Option(
            names = "--files-per-directory",
            defaultValue = "1000",
            description = "Files per partition directory (default: ${DEFAULT-VALUE}).")
    private int filesPerDirectory;

    @Option(
            names = "--latency-files",
            defaultValue = "100",
            description =
                    "Files renamed into place for the latency run; 0 skips it (default:"
                            + " ${DEFAULT-VALUE}).")
    private int latencyFiles;

    @Option(
            names = "--dir",
            description =
                    "Where to write the files (default: /dev/shm if present, else a temp dir).")
    private Path dir;

    @Option(names = "--out", description = "Also write the report (markdown) to this file.")
    private Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DiscoveryBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path base = dir != null ? dir : defaultBase();
        Path work = Files.createTempDirectory(base, "discovery-benchmark");
        List<String> report = new ArrayList<>();
        report.add("## Continuous discovery");
        report.add("");
        report.add(
                String.format(
                        Locale.ROOT,
                        "Files under `%s`, %d per partition directory; settle window 10 min; files"
                                + " 1 s apart in modification time.",
                        base,
                        filesPerDirectory));
        report.add("");
        report.add(
                "| files present | first discovery (ms) | poll, nothing new (ms) | poll, 100 new"
                        + " files (ms) | state after (bytes) | files in state |");
        report.add("|---:|---:|---:|---:|---:|---:|");
        try {
            byte[] template = template(work.resolve("template.parquet"));
            for (int files : fileCounts) {
                report.add(pollCost(work.resolve("poll-" + files), template, files));
            }
            if (latencyFiles > 0) {
                report.add("");
                report.addAll(latency(work.resolve("latency")));
            }
        } finally {
            deleteTree(work);
        }
        String text = String.join("\n", report) + "\n";
        System.out.print(text);
        if (out != null) {
            Files.writeString(out, text);
        }
        return 0;
    }

    // ------------------------------------------------------------------------------------------
    // Poll cost and state size
    // ------------------------------------------------------------------------------------------

    private String pollCost(Path data, byte[] template, int files) throws Exception {
        long now = System.currentTimeMillis();
        long firstModified = now - (files + 1_000L) * 1_000L;
        for (int i = 0; i < files; i++) {
            writeCopy(data, template, i, firstModified + i * 1_000L);
        }
        List<DiscoveryResult> results = new ArrayList<>();
        ContinuousDiscovery discovery =
                new ContinuousDiscovery(
                        new FileDiscovery(data.toString(), true),
                        FileOrder.NAME,
                        PartitionPruner.none(),
                        DiscoveryPosition.initial(Duration.ofMinutes(10).toMillis()),
                        1_000L,
                        10);
        try (MockSplitEnumeratorContext<ParquetSplit> context =
                new MockSplitEnumeratorContext<>(1)) {
            discovery.start(context, results::add);

            long start = System.nanoTime();
            poll(context); // every file a candidate
            poll(context); // unchanged and complete: handed over
            double firstMillis = (System.nanoTime() - start) / 1e6;
            check(results, files);

            int rounds = 10;
            double idleMillis = 0;
            double newFilesMillis = 0;
            int next = files;
            for (int round = 0; round < rounds; round++) {
                start = System.nanoTime();
                poll(context);
                idleMillis += (System.nanoTime() - start) / 1e6;
                check(results, 0);
                for (int i = 0; i < 100; i++, next++) {
                    writeCopy(data, template, next, firstModified + next * 1_000L);
                }
                start = System.nanoTime();
                poll(context); // the 100 are candidates
                poll(context); // and are handed over
                newFilesMillis += (System.nanoTime() - start) / 1e6 / 2;
                check(results, 100);
            }
            DiscoveryPosition position = discovery.position();
            int stateBytes =
                    new ParquetEnumStateSerializer()
                            .serialize(new ParquetEnumState(false, List.of(), List.of(), position))
                            .length;
            return String.format(
                    Locale.ROOT,
                    "| %,d | %.0f | %.1f | %.1f | %,d | %,d |",
                    files,
                    firstMillis,
                    idleMillis / rounds,
                    newFilesMillis / rounds,
                    stateBytes,
                    position.window().size());
        } finally {
            deleteTree(data);
        }
    }

    /** Runs one poll: the listing (an I/O thread's work) and its handler (the coordinator's). */
    private static void poll(MockSplitEnumeratorContext<ParquetSplit> context) throws Exception {
        try {
            context.runPeriodicCallable(0);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new Exception(t);
        }
    }

    /** The last listing handed over exactly {@code expected} files. */
    private static void check(List<DiscoveryResult> results, int expected) {
        int got = results.get(results.size() - 1).files().size();
        if (got != expected) {
            throw new IllegalStateException(
                    "Expected " + expected + " files handed over, got " + got);
        }
    }

    private void writeCopy(Path data, byte[] template, int index, long modifiedMillis)
            throws IOException {
        Path directory =
                Files.createDirectories(
                        data.resolve(String.format("part=%05d", index / filesPerDirectory)));
        Path file = directory.resolve(String.format("f%08d.parquet", index));
        Files.write(file, template);
        Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedMillis));
    }

    // ------------------------------------------------------------------------------------------
    // Rename-to-row latency
    // ------------------------------------------------------------------------------------------

    private List<String> latency(Path data) throws Exception {
        Files.createDirectories(data);
        writeRows(data.resolve("f-start.parquet"), -1L);
        Configuration config = new Configuration();
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(2, config);
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .path(data.toString())
                        .mode(SourceMode.CONTINUOUS)
                        .pollInterval(Duration.ofSeconds(1))
                        .build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "parquet")
                .map(new RecordLatency())
                .sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("discovery latency");
        Random random = new Random(42);
        try {
            Thread.sleep(3_000); // the job runs, the start file is read
            for (long id = 0; id < latencyFiles; id++) {
                Path hidden = data.resolve(String.format(".f%05d.parquet.tmp", id));
                writeRows(hidden, id);
                RENAMED_AT.put(id, System.nanoTime());
                Files.move(
                        hidden,
                        data.resolve(String.format("f%05d.parquet", id)),
                        StandardCopyOption.ATOMIC_MOVE);
                Thread.sleep(random.nextInt(1_000));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (LATENCIES.size() < latencyFiles && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        } finally {
            job.cancel().get();
        }
        List<Long> sorted = new ArrayList<>(LATENCIES);
        Collections.sort(sorted);
        if (sorted.size() < latencyFiles) {
            throw new IllegalStateException(
                    "Only " + sorted.size() + " of " + latencyFiles + " files were read in time");
        }
        return List.of(
                String.format(
                        Locale.ROOT,
                        "Rename into place -> first row out of the source, poll.interval 1 s,"
                                + " parallelism 2, %d files renamed 0-1 s apart:",
                        latencyFiles),
                "",
                "| median (ms) | p99 (ms) | max (ms) |",
                "|---:|---:|---:|",
                String.format(
                        Locale.ROOT,
                        "| %.0f | %.0f | %.0f |",
                        percentile(sorted, 50) / 1e6,
                        percentile(sorted, 99) / 1e6,
                        sorted.get(sorted.size() - 1) / 1e6));
    }

    private static long percentile(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** Records, for each row of a latency file, the time since its file was renamed into place. */
    private static final class RecordLatency implements MapFunction<RowData, RowData> {
        @Override
        public RowData map(RowData row) {
            Long renamed = RENAMED_AT.remove(row.getLong(0));
            if (renamed != null) {
                LATENCIES.add(System.nanoTime() - renamed);
            }
            return row;
        }
    }

    // ------------------------------------------------------------------------------------------

    private static byte[] template(Path file) throws IOException {
        writeRows(file, 0L);
        return Files.readAllBytes(file);
    }

    /** A file of one row group of 100 rows, all with the given id. */
    private static void writeRows(Path file, long id) throws IOException {
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> writer =
                ExampleParquetWriter.builder(new LocalOutputFile(file))
                        .withType(SCHEMA)
                        .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                        .build()) {
            for (int i = 0; i < 100; i++) {
                writer.write(groups.newGroup().append("id", id).append("value", (long) i));
            }
        }
    }

    private static Path defaultBase() throws IOException {
        Path memory = Paths.get("/dev/shm");
        if (Files.isDirectory(memory) && Files.isWritable(memory)) {
            return memory;
        }
        return Paths.get(System.getProperty("java.io.tmpdir"));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
