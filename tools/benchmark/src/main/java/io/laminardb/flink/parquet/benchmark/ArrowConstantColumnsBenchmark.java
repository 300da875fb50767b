package io.laminardb.flink.parquet.benchmark;

import io.laminardb.flink.parquet.arrow.ArrowBatch;
import io.laminardb.flink.parquet.arrow.ArrowBatchBuilder;
import io.laminardb.flink.parquet.arrow.ArrowReaderMemory;
import io.laminardb.flink.parquet.arrow.ArrowTypes;
import io.laminardb.flink.parquet.arrow.ConstantArrowColumns;
import io.laminardb.flink.parquet.reader.ConstantColumnVector;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The per-batch cost of three constant partition columns ({@code region STRING = 'eu-west'}, {@code
 * year INT = 2024}, {@code day DATE = 2024-01-31}) in {@code forArrow()} batches of 8192 rows:
 *
 * <ul>
 *   <li>{@code slicedPerBatch}: what the emitter does, {@link ConstantArrowColumns#vector} for the
 *       three columns (a zero-copy slice of a template written once per value), then the batch
 *       closes them;
 *   <li>{@code writtenPerRowPerBatch}: what it did before, three fresh vectors with the value
 *       written into every row from the Flink value ({@link ArrowBatchBuilder}, the same per-row
 *       writes without the emitter's per-row {@code BatchRow}), then closed.
 * </ul>
 *
 * <pre>tools/benchmark/run-jmh 'ArrowConstantColumns'</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class ArrowConstantColumnsBenchmark {

    private static final int ROWS = 8192;

    private static final RowType TYPE =
            RowType.of(
                    new org.apache.flink.table.types.logical.LogicalType[] {
                        new VarCharType(VarCharType.MAX_LENGTH), new IntType(), new DateType()
                    },
                    new String[] {"region", "year", "day"});

    private final ConstantColumnVector[] columns = {
        new ConstantColumnVector(StringData.fromString("eu-west")),
        new ConstantColumnVector(2024),
        new ConstantColumnVector((int) LocalDate.parse("2024-01-31").toEpochDay())
    };

    private final GenericRowData row =
            GenericRowData.of(
                    StringData.fromString("eu-west"),
                    2024,
                    (int) LocalDate.parse("2024-01-31").toEpochDay());

    private ArrowReaderMemory memory;
    private ConstantArrowColumns constants;
    private ArrowBatchBuilder builder;

    @Setup
    public void setUp() {
        memory = new ArrowReaderMemory(256L << 20);
        List<Field> fields = ArrowTypes.schema(TYPE).getFields();
        constants = new ConstantArrowColumns(TYPE, fields, ROWS, memory);
        builder = new ArrowBatchBuilder(TYPE, memory.allocator());
    }

    @TearDown
    public void tearDown() {
        builder.close();
        memory.close();
    }

    @Benchmark
    public void slicedPerBatch(Blackhole bh) {
        for (int c = 0; c < columns.length; c++) {
            FieldVector vector = constants.vector(c, columns[c], ROWS);
            bh.consume(vector.getValueCount());
            vector.close();
        }
    }

    @Benchmark
    public void writtenPerRowPerBatch(Blackhole bh) {
        for (int i = 0; i < ROWS; i++) {
            builder.append(row);
        }
        try (ArrowBatch batch = builder.build()) {
            bh.consume(batch.root().getRowCount());
        }
    }
}
