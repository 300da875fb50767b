package io.laminardb.flink.parquet.reader;

import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.columnar.vector.heap.AbstractHeapVector;
import org.apache.flink.table.types.logical.TimestampType;

import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs of INT64 timestamps ({@link LeafConverters.EpochTimestamps#write}) give what the converter
 * gives one value at a time, and the instant the value means floored to the precision read: every
 * unit at its own precision and at lower ones (TIMESTAMP(3) over microseconds, the usual event-time
 * column), over the whole range of longs.
 */
class TimestampRunsTest {

    private static final int ROWS = 3_000;

    @ParameterizedTest(name = "{0} read as TIMESTAMP({1})")
    @CsvSource({
        "MILLIS, 3",
        "MILLIS, 2",
        "MILLIS, 0",
        "MICROS, 6",
        "MICROS, 5",
        "MICROS, 3",
        "MICROS, 1",
        "NANOS, 9",
        "NANOS, 7",
        "NANOS, 6",
        "NANOS, 3",
        "NANOS, 0",
    })
    void runsGiveWhatValuesOneByOneGive(TimeUnit unit, int precision) {
        PrimitiveType column =
                Types.optional(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.timestampType(false, unit))
                        .named("ts");
        TimestampType type = new TimestampType(precision);
        FlinkVectorSink runs = new FlinkVectorSink(type);
        FlinkVectorSink oneByOne = new FlinkVectorSink(type);
        PrimitiveConverter converter = LeafConverters.create(column, type, oneByOne);
        LeafConverters.EpochTimestamps timestamps = LeafConverters.epochTimestamps(converter);
        assertThat(timestamps).as("the converter of timestamps").isNotNull();
        runs.open(ROWS);
        oneByOne.open(ROWS);

        Random random = new Random(unit.ordinal() * 10L + precision);
        long[] written = new long[ROWS];
        int row = 0;
        while (row < ROWS) {
            int n = Math.min(ROWS - row, 1 + random.nextInt(200));
            long[] values = new long[n];
            for (int i = 0; i < n; i++) {
                values[i] = value(random);
                written[row + i] = values[i];
                oneByOne.position(row + i);
                converter.addLong(values[i]);
            }
            timestamps.write(runs, row, values, n);
            row += n;
        }

        AbstractHeapVector a = runs.take();
        AbstractHeapVector b = oneByOne.take();
        long unitNanos = unit == TimeUnit.MILLIS ? 1_000_000 : unit == TimeUnit.MICROS ? 1_000 : 1;
        BigInteger step = BigInteger.TEN.pow(9 - precision);
        for (int r = 0; r < ROWS; r++) {
            TimestampData value = ((TimestampVector) a).getTimestamp(r, precision);
            assertThat(value)
                    .as("row %s: %s", r, written[r])
                    .isEqualTo(((TimestampVector) b).getTimestamp(r, precision));
            BigInteger nanos =
                    BigInteger.valueOf(written[r]).multiply(BigInteger.valueOf(unitNanos));
            BigInteger floored = nanos.subtract(nanos.mod(step));
            BigInteger[] millis = floored.divideAndRemainder(BigInteger.valueOf(1_000_000));
            if (millis[1].signum() < 0) {
                millis[0] = millis[0].subtract(BigInteger.ONE);
                millis[1] = millis[1].add(BigInteger.valueOf(1_000_000));
            }
            assertThat(value.getMillisecond())
                    .as("row %s: %s", r, written[r])
                    .isEqualTo(millis[0].longValueExact());
            assertThat(value.getNanoOfMillisecond())
                    .as("row %s: %s", r, written[r])
                    .isEqualTo(millis[1].intValueExact());
        }
    }

    /** Any long, the extremes and values near them more often than chance would give. */
    private static long value(Random random) {
        switch (random.nextInt(8)) {
            case 0:
                return Long.MIN_VALUE + random.nextInt(3_000_000);
            case 1:
                return Long.MAX_VALUE - random.nextInt(3_000_000);
            case 2:
                return random.nextInt(2_000_001) - 1_000_000;
            default:
                return random.nextLong();
        }
    }
}
