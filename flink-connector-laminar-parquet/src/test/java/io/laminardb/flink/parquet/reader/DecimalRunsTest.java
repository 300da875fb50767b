package io.laminardb.flink.parquet.reader;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.columnar.vector.heap.AbstractHeapVector;
import org.apache.flink.table.types.logical.DecimalType;

import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs of INT32 and INT64 unscaled decimals ({@link LeafConverters.Rescaler#write}) give the
 * decimals that the converter gives one value at a time, and the values the file means: the same
 * scale, a larger scale, a non-compact target, and values beyond what a compact decimal of the
 * target scale holds (those runs go value by value: NULL beyond the precision).
 */
class DecimalRunsTest {

    private static final int ROWS = 2_000;

    @ParameterizedTest(name = "{0} DECIMAL({1},{2}) read as DECIMAL({3},{4})")
    @CsvSource({
        "INT32, 9, 2, 9, 2",
        "INT32, 9, 2, 18, 6",
        "INT32, 5, 0, 18, 0",
        "INT64, 18, 4, 18, 4",
        "INT64, 10, 2, 18, 8",
        "INT64, 18, 4, 30, 4",
    })
    void runsGiveWhatValuesOneByOneGive(
            PrimitiveTypeName physical, int fileDigits, int fileScale, int precision, int scale) {
        PrimitiveType column =
                Types.optional(physical)
                        .as(LogicalTypeAnnotation.decimalType(fileScale, fileDigits))
                        .named("amount");
        DecimalType type = new DecimalType(precision, scale);
        FlinkVectorSink runs = new FlinkVectorSink(type);
        FlinkVectorSink oneByOne = new FlinkVectorSink(type);
        PrimitiveConverter converter = LeafConverters.create(column, type, oneByOne);
        LeafConverters.Rescaler rescaler = LeafConverters.decimalRescaler(converter);
        assertThat(rescaler).as("the converter's rescaler").isNotNull();
        runs.open(ROWS);
        oneByOne.open(ROWS);

        Random random = new Random(fileDigits * 31L + scale);
        long bound = BigDecimal.TEN.pow(fileDigits).longValueExact();
        long[] written = new long[ROWS];
        boolean[] beyondCompact = new boolean[ROWS];
        int row = 0;
        while (row < ROWS) {
            int n = Math.min(ROWS - row, 1 + random.nextInt(200));
            long[] values = new long[n];
            // one run in ten holds a value beyond any compact decimal of the target scale
            boolean huge = physical == PrimitiveTypeName.INT64 && random.nextInt(10) == 0;
            for (int i = 0; i < n; i++) {
                values[i] = (random.nextLong() % bound);
                if (huge && i == n / 2) {
                    values[i] = random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE + 1;
                    beyondCompact[row + i] = true;
                }
                written[row + i] = values[i];
                oneByOne.position(row + i);
                if (physical == PrimitiveTypeName.INT32) {
                    converter.addInt((int) values[i]);
                } else {
                    converter.addLong(values[i]);
                }
            }
            rescaler.write(runs, row, values, n);
            row += n;
        }

        AbstractHeapVector a = runs.take();
        AbstractHeapVector b = oneByOne.take();
        if (DecimalData.isCompact(precision)) {
            assertThat(a).isInstanceOf(CompactDecimalVector.class);
        }
        for (int r = 0; r < ROWS; r++) {
            assertThat(a.isNullAt(r)).as("row %s is NULL", r).isEqualTo(b.isNullAt(r));
            if (b.isNullAt(r)) {
                assertThat(beyondCompact[r])
                        .as("row %s is NULL only beyond the precision", r)
                        .isTrue();
                continue;
            }
            DecimalData value = (DecimalData) ((ObjectValues) a).get(r);
            assertThat(value).as("row %s", r).isEqualTo(((ObjectValues) b).get(r));
            assertThat(value.precision()).isEqualTo(precision);
            assertThat(value.scale()).isEqualTo(scale);
            if (!beyondCompact[r]) {
                assertThat(value.toBigDecimal())
                        .as("row %s", r)
                        .isEqualTo(
                                BigDecimal.valueOf(written[r], fileScale)
                                        .setScale(scale, RoundingMode.UNNECESSARY));
            }
        }
    }
}
