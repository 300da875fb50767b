package io.laminardb.flink.parquet.benchmark;

import io.laminardb.flink.parquet.enumerator.SplitPlanner;
import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.fs.FlinkInputFile;
import io.laminardb.flink.parquet.fs.ParquetFooters;
import io.laminardb.flink.parquet.fs.ParquetReadOptionsFactory;
import io.laminardb.flink.parquet.source.LaminarParquetSource;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetColumnarRowInputFormat;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;

import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a file costs apart from its rows: {@code --files} tiny Parquet files ({@code
 * --rows-per-file} rows each, one row group) in nested Hive directories ({@code
 * dt=2024-01-DD/hour=HH/}), read end to end by {@link LaminarParquetSource} and by Flink's {@code
 * FileSource} with {@link ParquetColumnarRowInputFormat} at each parallelism (a MiniCluster in this
 * JVM, batch mode, every field of every row touched by {@link RowToucher}; the job's net run time
 * counts, median of {@code --repeats} after a warm-up), and the footer alone: the time per footer
 * through {@link ParquetFooters} (one ranged read of the tail) against parquet-java's {@code
 * readFooter} on a stream (which seeks to the length, then to the footer), and planning all files
 * with {@link SplitPlanner} on one thread.
 *
 * <pre>{@code
 * tools/benchmark/run-per-file                       # 2,000 files of 3 rows, parallelism 1 and 2
 * tools/benchmark/run-per-file --files 20000 --repeats 3
 * }</pre>
 */
@Command(
        name = "per-file-cost-benchmark",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Times reading many tiny Parquet files: LaminarParquetSource against Flink's"
                        + " FileSource, and the time per footer read.")
public final class PerFileCostBenchmark implements Callable<Integer> {

    private static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message trade {\n"
                            + "  required int64 id;\n"
                            + "  required binary symbol (STRING);\n"
                            + "  required double price;\n"
                            + "  required int32 qty;\n"
                            + "}");

    /** The file columns as Flink's format reads them. */
    private static final RowType FILE_COLUMNS =
            RowType.of(
                    new org.apache.flink.table.types.logical.LogicalType[] {
                        new BigIntType(false),
                        new VarCharType(false, VarCharType.MAX_LENGTH),
                        new DoubleType(false),
                        new IntType(false)
                    },
                    new String[] {"id", "symbol", "price", "qty"});

    @Option(
            names = "--data",
            description =
                    "Where the files are written (once; reused when the count matches)."
                            + " Default: /dev/shm/laminar-per-file, else tools/benchmark/data-per-file.")
    private java.nio.file.Path data;

    @Option(
            names = "--files",
            defaultValue = "2000",
            description = "Files (default: ${DEFAULT-VALUE}).")
    private int files;

    @Option(
            names = "--rows-per-file",
            defaultValue = "3",
            description = "Rows per file (default: ${DEFAULT-VALUE}).")
    private int rowsPerFile;

    @Option(
            names = "--parallelism",
            split = ",",
            defaultValue = "1,2",
            description = "Parallelisms (default: ${DEFAULT-VALUE}).")
    private List<Integer> parallelisms;

    @Option(
            names = "--repeats",
            defaultValue = "2",
            description = "Measured runs per configuration (default: ${DEFAULT-VALUE}).")
    private int repeats;

    @Option(
            names = "--warmups",
            defaultValue = "2",
            description = "Unmeasured runs per configuration first (default: ${DEFAULT-VALUE}).")
    private int warmups;

    @Option(
            names = "--footer-rounds",
            defaultValue = "3",
            description =
                    "Rounds over all footers for the footer timing (default: ${DEFAULT-VALUE}).")
    private int footerRounds;

    @Option(
            names = "--file-order",
            defaultValue = "unordered",
            description =
                    "Our source's file order: name, modification_time or unordered, as Flink's"
                            + " FileSource reads (default: ${DEFAULT-VALUE}).")
    private String fileOrder;

    @Option(
            names = "--readers",
            split = ",",
            defaultValue = "ours,flink",
            description = "Which sources run: ours, flink (default: ${DEFAULT-VALUE}).")
    private List<String> readers;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PerFileCostBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        java.nio.file.Path dir = data != null ? data : defaultData();
        prepare(dir);
        String root = dir.toUri().toString();
        System.out.printf(
                Locale.ROOT,
                "%,d files of %d rows under %s; %d cores; load average %s%n",
                files,
                rowsPerFile,
                dir,
                Runtime.getRuntime().availableProcessors(),
                loadAverage());

        List<DiscoveredFile> listed = new FileDiscovery(root, true).discover(FileOrder.NAME);
        footers(listed);

        StringBuilder table = new StringBuilder();
        table.append("| parallelism | source | seconds (median) | files/s | files/s per core |")
                .append(" ours/theirs |\n|---:|---|---:|---:|---:|---:|\n");
        for (int parallelism : parallelisms) {
            double ours = Double.NaN;
            double theirs = Double.NaN;
            if (readers.contains("ours")) {
                ours = median(parallelism, true, root);
                row(table, parallelism, "ours (LaminarParquetSource)", ours);
            }
            if (readers.contains("flink")) {
                theirs = median(parallelism, false, root);
                row(table, parallelism, "Flink's FileSource", theirs);
            }
            if (!Double.isNaN(ours) && !Double.isNaN(theirs)) {
                table.append(
                        String.format(
                                Locale.ROOT,
                                "| %d | ratio | | | | **%.1fx** |%n",
                                parallelism,
                                theirs / ours));
            }
        }
        System.out.println();
        System.out.print(table);
        System.out.println("load average after: " + loadAverage());
        return 0;
    }

    /** Times footer reads, ours and parquet-java's, and planning, over every file. */
    private void footers(List<DiscoveredFile> listed) throws Exception {
        // warm up both paths (class loading, JIT)
        for (int i = 0; i < Math.min(500, listed.size()); i++) {
            ParquetFooters.read(listed.get(i));
            parquetJavaFooter(listed.get(i));
        }
        long ours = Long.MAX_VALUE;
        long parquetJava = Long.MAX_VALUE;
        long oursRequests = 0;
        long parquetJavaRequests = 0;
        for (int round = 0; round < footerRounds; round++) {
            // file by file, alternating which goes first, so that drift in the machine's
            // speed (other processes) hits both alike
            long oursRound = 0;
            long parquetJavaRound = 0;
            for (int f = 0; f < listed.size(); f++) {
                DiscoveredFile file = listed.get(f);
                boolean oursFirst = (f + round) % 2 == 0;
                long t0 = System.nanoTime();
                if (oursFirst) {
                    ParquetFooters.read(file);
                } else {
                    parquetJavaFooter(file);
                }
                long t1 = System.nanoTime();
                if (oursFirst) {
                    parquetJavaFooter(file);
                } else {
                    ParquetFooters.read(file);
                }
                long t2 = System.nanoTime();
                oursRound += oursFirst ? t1 - t0 : t2 - t1;
                parquetJavaRound += oursFirst ? t2 - t1 : t1 - t0;
            }
            ours = Math.min(ours, oursRound);
            parquetJava = Math.min(parquetJava, parquetJavaRound);
        }
        Requests counted = new Requests();
        ParquetFooters.read(
                new FlinkInputFile(
                        listed.get(0).path(),
                        listed.get(0).size(),
                        io.laminardb.flink.parquet.fs.StorageSettings.CLUSTER,
                        counted));
        oursRequests = counted.requests;
        counted = new Requests();
        FlinkInputFile input =
                new FlinkInputFile(
                        listed.get(0).path(),
                        listed.get(0).size(),
                        io.laminardb.flink.parquet.fs.StorageSettings.CLUSTER,
                        counted);
        try (SeekableInputStream in = input.newStream()) {
            ParquetFileReader.readFooter(input, ParquetReadOptionsFactory.create(), in);
        }
        parquetJavaRequests = counted.requests;

        ExecutorService one = Executors.newSingleThreadExecutor();
        long plan = Long.MAX_VALUE;
        try {
            for (int round = 0; round < footerRounds; round++) {
                long t0 = System.nanoTime();
                new SplitPlanner(one, 32L << 20).plan(listed);
                plan = Math.min(plan, System.nanoTime() - t0);
            }
        } finally {
            one.shutdownNow();
        }
        int n = listed.size();
        System.out.printf(
                Locale.ROOT,
                "footer read, best of %d rounds over %,d files (one thread):%n"
                        + "  ParquetFooters.read (one ranged read of the tail): %7.1f us a footer,"
                        + " %d request(s)%n"
                        + "  parquet-java readFooter on a stream (seeks twice):  %7.1f us a footer,"
                        + " %d request(s) counted%n"
                        + "  SplitPlanner.plan on one thread (footer + splits): %7.1f us a file%n",
                footerRounds,
                n,
                ours / 1e3 / n,
                oursRequests,
                parquetJava / 1e3 / n,
                parquetJavaRequests,
                plan / 1e3 / n);
    }

    private static void parquetJavaFooter(DiscoveredFile file) throws IOException {
        FlinkInputFile input = new FlinkInputFile(file.path(), file.size());
        try (SeekableInputStream in = input.newStream()) {
            ParquetFileReader.readFooter(input, ParquetReadOptionsFactory.create(), in);
        }
    }

    /** Counts requests. */
    private static final class Requests implements FlinkInputFile.IoCounter {
        long requests;

        @Override
        public void requests(long count) {
            requests += count;
        }

        @Override
        public void bytesRead(long bytes) {}
    }

    /** The median net run time of a read of every file, after the warm-up runs. */
    private double median(int parallelism, boolean ours, String root) throws Exception {
        for (int i = 0; i < warmups; i++) {
            run(parallelism, ours, root);
        }
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            seconds.add(run(parallelism, ours, root));
        }
        return ThroughputBenchmark.medianOf(seconds);
    }

    private double run(int parallelism, boolean ours, String root) throws Exception {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        DataStream<RowData> rows;
        RowType rowType;
        if (ours) {
            // By default without a file order, as Flink's FileSource reads: readers then take
            // several splits per request (with a file order only at parallelism 1; see
            // docs/benchmarks.md).
            LaminarParquetSource<RowData> source =
                    LaminarParquetSource.forRowData()
                            .path(root)
                            .options(Map.of("file.order", fileOrder))
                            .build();
            rowType = source.getRowType();
            rows = env.fromSource(source, WatermarkStrategy.noWatermarks(), "laminar-parquet");
        } else {
            rowType = FILE_COLUMNS;
            ParquetColumnarRowInputFormat<FileSourceSplit> format =
                    new ParquetColumnarRowInputFormat<>(
                            new org.apache.hadoop.conf.Configuration(),
                            rowType,
                            InternalTypeInfo.of(rowType),
                            2048,
                            false,
                            true);
            FileSource<RowData> source =
                    FileSource.forBulkFileFormat(format, new Path(root)).build();
            rows = env.fromSource(source, WatermarkStrategy.noWatermarks(), "flink-parquet");
        }
        rows.flatMap(new RowToucher(rowType, RowToucher.Strings.HASH))
                .name("touch-every-field")
                .returns(Types.LONG)
                .sinkTo(new DiscardingSink<>())
                .name("discard");
        JobExecutionResult result =
                env.execute("per-file cost: " + (ours ? "ours" : "flink") + " p" + parallelism);
        Long count = result.getAccumulatorResult(RowToucher.ROWS);
        long expected = (long) files * rowsPerFile;
        if (count == null || count != expected) {
            throw new IllegalStateException(
                    "Read "
                            + count
                            + " rows, expected "
                            + expected
                            + (ours ? " (ours)" : " (flink)"));
        }
        double seconds = result.getNetRuntime(TimeUnit.NANOSECONDS) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "  %-5s p%d: %.2f s, %,.0f files/s (load %s)%n",
                ours ? "ours" : "flink",
                parallelism,
                seconds,
                files / seconds,
                loadAverage());
        return seconds;
    }

    private void row(StringBuilder table, int parallelism, String name, double seconds) {
        table.append(
                String.format(
                        Locale.ROOT,
                        "| %d | %s | %.2f | %,.0f | %,.0f | |%n",
                        parallelism,
                        name,
                        seconds,
                        files / seconds,
                        files / seconds / parallelism));
    }

    /** Writes the files unless the directory already holds this many. */
    private void prepare(java.nio.file.Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<java.nio.file.Path> walk = Files.walk(dir)) {
                long present = walk.filter(p -> p.toString().endsWith(".parquet")).count();
                if (present == files) {
                    return;
                }
            }
            try (Stream<java.nio.file.Path> walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.printf(Locale.ROOT, "Writing %,d files under %s ...%n", files, dir);
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        String[] symbols = {"AAPL", "MSFT", "GOOG", "AMZN"};
        long id = 0;
        for (int f = 0; f < files; f++) {
            java.nio.file.Path file =
                    dir.resolve(String.format(Locale.ROOT, "dt=2024-01-%02d", 1 + f % 28))
                            .resolve(String.format(Locale.ROOT, "hour=%02d", (f / 28) % 24))
                            .resolve(String.format(Locale.ROOT, "part-%06d.parquet", f));
            Files.createDirectories(file.getParent());
            try (ParquetWriter<org.apache.parquet.example.data.Group> writer =
                    ExampleParquetWriter.builder(new LocalOutputFile(file))
                            .withType(SCHEMA)
                            .withCompressionCodec(CompressionCodecName.SNAPPY)
                            .build()) {
                for (int r = 0; r < rowsPerFile; r++, id++) {
                    writer.write(
                            groups.newGroup()
                                    .append("id", id)
                                    .append("symbol", symbols[(int) (id % symbols.length)])
                                    .append("price", 100 + (id % 1000) / 100.0)
                                    .append("qty", (int) (1 + id % 500)));
                }
            }
        }
    }

    private static java.nio.file.Path defaultData() {
        java.nio.file.Path memory = Paths.get("/dev/shm");
        if (Files.isDirectory(memory) && Files.isWritable(memory)) {
            return memory.resolve("laminar-per-file");
        }
        return Paths.get("tools/benchmark/data-per-file").toAbsolutePath();
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
