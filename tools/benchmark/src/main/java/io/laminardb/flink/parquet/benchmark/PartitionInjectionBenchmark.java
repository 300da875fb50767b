package io.laminardb.flink.parquet.benchmark;

import io.laminardb.flink.parquet.partition.HivePartitions;
import io.laminardb.flink.parquet.plan.ReadSchema;
import io.laminardb.flink.parquet.reader.BatchRow;
import io.laminardb.flink.parquet.reader.ConstantColumnVector;
import io.laminardb.flink.parquet.reader.TimestampVector;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.columnar.vector.ColumnVector;
import org.apache.flink.table.data.columnar.vector.heap.HeapBytesVector;
import org.apache.flink.table.data.columnar.vector.heap.HeapDoubleVector;
import org.apache.flink.table.data.columnar.vector.heap.HeapIntVector;
import org.apache.flink.table.data.columnar.vector.heap.HeapLongVector;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.options.CommandLineOptions;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the reader adds for Hive partition columns (issue #4: "Injection costs O(columns) per batch,
 * not O(rows) ... under 1 microsecond of overhead per batch"), measured on {@link ReadSchema}
 * itself, the class the reader uses, for a row type of 5 file columns and 3 partition columns
 * (STRING, INT, DATE) and batches of 8192 rows:
 *
 * <ul>
 *   <li>{@code layoutPerBatch}: {@code ReadSchema.layout}, which the reader calls once per batch to
 *       place the split's constant partition vectors among the decoded file vectors (with the
 *       split's metadata vectors, none here, as the reader passes them); {@code
 *       layoutPerBatchNoPartitions} is the same call for the 5 file columns alone (it returns the
 *       array as it is);
 *   <li>{@code readVectorsPerBatch}: {@code ReadSchema.readVectors}, the second per-batch call a
 *       read with a filter makes (the vectors the filter is evaluated on);
 *   <li>{@code partitionVectorsPerSplit}: {@code ReadSchema.partitionVectors}, once per split:
 *       unescapes and parses the three directory values and builds the constant vectors;
 *   <li>{@code readPartitionValuesPerRow} and {@code readFileValuesPerRow}: per row, a {@link
 *       BatchRow} over the laid-out vectors and three typed reads ({@code getString}, {@code
 *       getInt}, {@code getInt}), of the partition columns and of file columns of the same types.
 * </ul>
 *
 * <p>It calls {@link ReadSchema}'s public per-split and per-batch methods directly ({@code
 * ReadSchema} is {@code @Internal}): the benchmark puts no class into the connector's packages.
 *
 * <pre>{@code
 * tools/benchmark/run-jmh                          # 1 fork, 3 x 1 s warm-up, 5 x 1 s measured
 * tools/benchmark/run-jmh -f 2 -wi 5 -i 10         # any JMH option
 * java -cp ... org.openjdk.jmh.Main PartitionInjectionBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class PartitionInjectionBenchmark {

    /** Rows per batch. */
    public static final int BATCH_ROWS = 8192;

    private static final String[] SYMBOLS = {"AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META"};

    private ReadSchema schema;
    private ReadSchema fileOnlySchema;
    private Path splitPath;
    private Map<String, String> splitValues;
    private ColumnVector[] fileVectors;
    private ColumnVector[] partitionVectors;
    private ColumnVector[] noPartitionVectors;

    /** The split's metadata vectors, as the reader passes them per batch: none here. */
    private ColumnVector[] metadataVectors;

    private ColumnVector[] laidOut;

    private int symbolPos;
    private int qtyPos;
    private int regionPos;
    private int yearPos;
    private int dayPos;

    @Setup
    public void setUp() {
        List<RowType.RowField> fileFields =
                List.of(
                        new RowType.RowField("id", new BigIntType(false)),
                        new RowType.RowField("ts", new TimestampType(false, 3)),
                        new RowType.RowField(
                                "symbol", new VarCharType(false, VarCharType.MAX_LENGTH)),
                        new RowType.RowField("qty", new IntType(false)),
                        new RowType.RowField("price", new DoubleType(false)));
        List<RowType.RowField> partitionFields =
                List.of(
                        new RowType.RowField("region", new VarCharType(VarCharType.MAX_LENGTH)),
                        new RowType.RowField("year", new IntType()),
                        new RowType.RowField("day", new DateType()));
        // The default layout: the partition columns after the file's columns.
        List<RowType.RowField> produced = new java.util.ArrayList<>(fileFields);
        produced.addAll(partitionFields);
        RowType producedType = new RowType(false, produced);
        schema =
                ReadSchema.of(
                        producedType,
                        List.of(),
                        List.of("region", "year", "day"),
                        HivePartitions.DEFAULT_PARTITION_NAME);
        fileOnlySchema =
                ReadSchema.of(
                        new RowType(false, fileFields),
                        List.of(),
                        List.of(),
                        HivePartitions.DEFAULT_PARTITION_NAME);

        splitPath =
                new Path(
                        "file:///data/trades/region=eu-west/year=2024/day=2024-01-31/"
                                + "part-00000.parquet");
        splitValues = Map.of("region", "eu-west", "year", "2024", "day", "2024-01-31");

        HeapLongVector id = new HeapLongVector(BATCH_ROWS);
        TimestampVector ts = new TimestampVector(BATCH_ROWS);
        HeapBytesVector symbol = new HeapBytesVector(BATCH_ROWS);
        HeapIntVector qty = new HeapIntVector(BATCH_ROWS);
        HeapDoubleVector price = new HeapDoubleVector(BATCH_ROWS);
        for (int i = 0; i < BATCH_ROWS; i++) {
            id.vector[i] = i;
            byte[] s = SYMBOLS[i % SYMBOLS.length].getBytes(StandardCharsets.UTF_8);
            symbol.appendBytes(i, s, 0, s.length);
            qty.vector[i] = 1 + i % 1000;
            price.vector[i] = 100 + i * 0.01;
        }
        fileVectors = new ColumnVector[] {id, ts, symbol, qty, price};
        partitionVectors = partitionVectors(schema, splitPath, splitValues);
        noPartitionVectors = new ColumnVector[0];
        metadataVectors = new ColumnVector[0];
        laidOut = schema.layout(fileVectors, partitionVectors, metadataVectors);

        List<String> names = producedType.getFieldNames();
        symbolPos = names.indexOf("symbol");
        qtyPos = names.indexOf("qty");
        regionPos = names.indexOf("region");
        yearPos = names.indexOf("year");
        dayPos = names.indexOf("day");
        BatchRow row = new BatchRow(laidOut, 0);
        if (!row.getString(regionPos).toString().equals("eu-west")
                || row.getInt(yearPos) != 2024
                || row.getInt(dayPos) != 19753 // 2024-01-31 in days since the epoch
                || !row.getString(symbolPos).toString().equals("AAPL")) {
            throw new IllegalStateException("The laid-out batch does not hold the expected values");
        }
    }

    /** Per batch: the produced vectors from 5 file vectors and 3 partition vectors. */
    @Benchmark
    public ColumnVector[] layoutPerBatch() {
        return schema.layout(fileVectors, partitionVectors, metadataVectors);
    }

    /** Per batch, no partition columns: the baseline of {@link #layoutPerBatch}. */
    @Benchmark
    public ColumnVector[] layoutPerBatchNoPartitions() {
        return fileOnlySchema.layout(fileVectors, noPartitionVectors, metadataVectors);
    }

    /** Per batch, only with a filter: the file vectors followed by the partition vectors. */
    @Benchmark
    public ColumnVector[] readVectorsPerBatch() {
        return schema.readVectors(fileVectors, partitionVectors);
    }

    /** Per split: parse the directory values and build the constant vectors. */
    @Benchmark
    public ColumnVector[] partitionVectorsPerSplit() {
        return partitionVectors(schema, splitPath, splitValues);
    }

    /** Per row: region (STRING), year (INT) and day (DATE) of a row over the laid-out batch. */
    @Benchmark
    @OperationsPerInvocation(BATCH_ROWS)
    public void readPartitionValuesPerRow(Blackhole bh) {
        ColumnVector[] columns = laidOut;
        for (int i = 0; i < BATCH_ROWS; i++) {
            BatchRow row = new BatchRow(columns, i);
            bh.consume(row.getString(regionPos));
            bh.consume(row.getInt(yearPos));
            bh.consume(row.getInt(dayPos));
        }
    }

    /** Per row, the baseline: symbol (STRING), qty (INT) and qty again, from file vectors. */
    @Benchmark
    @OperationsPerInvocation(BATCH_ROWS)
    public void readFileValuesPerRow(Blackhole bh) {
        ColumnVector[] columns = laidOut;
        for (int i = 0; i < BATCH_ROWS; i++) {
            BatchRow row = new BatchRow(columns, i);
            bh.consume(row.getString(symbolPos));
            bh.consume(row.getInt(qtyPos));
            bh.consume(row.getInt(qtyPos));
        }
    }

    /**
     * Runs this benchmark with the defaults of its annotations (1 fork, 3 warm-up and 5 measured
     * iterations of 1 s) through JMH's own command line, so every JMH option works and overrides
     * them ({@code -f}, {@code -wi}, {@code -i}, {@code -rf json -rff out.json}, {@code -l}, {@code
     * -h}, a regex to pick benchmarks, ...). Without a regex it runs this class's benchmarks.
     */
    public static void main(String[] args) throws Exception {
        String[] jmhArgs = args;
        if (new CommandLineOptions(args).getIncludes().isEmpty()) {
            jmhArgs = Arrays.copyOf(args, args.length + 1);
            jmhArgs[args.length] = PartitionInjectionBenchmark.class.getName();
        }
        org.openjdk.jmh.Main.main(jmhArgs);
    }

    /** Per split, as the reader's BatchAssembler does: a constant vector per partition value. */
    private static ColumnVector[] partitionVectors(
            ReadSchema schema, Path path, Map<String, String> rawValues) {
        Object[] values = schema.partitionValues(path, rawValues);
        ColumnVector[] vectors = new ColumnVector[values.length];
        for (int p = 0; p < values.length; p++) {
            vectors[p] = new ConstantColumnVector(values[p]);
        }
        return vectors;
    }
}
