package io.laminardb.flink.parquet.table;

import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.Test;

import static io.laminardb.flink.parquet.table.FilterExpressionTranslator.isLosslessCast;
import static org.assertj.core.api.Assertions.assertThat;

/** Which casts a filter may look through: those that keep every value and the order. */
class LosslessCastTest {

    private static void lossless(LogicalType from, LogicalType to) {
        assertThat(isLosslessCast(from, to)).as("%s -> %s", from, to).isTrue();
    }

    private static void lossy(LogicalType from, LogicalType to) {
        assertThat(isLosslessCast(from, to)).as("%s -> %s", from, to).isFalse();
    }

    @Test
    void numbers() {
        lossless(new IntType(), new IntType(false));
        lossless(new SmallIntType(), new BigIntType());
        lossless(new IntType(), new DecimalType(11, 1));
        lossless(new IntType(), new DoubleType());
        lossless(new SmallIntType(), new FloatType());
        lossless(new FloatType(), new DoubleType());
        lossless(new DecimalType(9, 2), new DecimalType(12, 4));
        lossy(new BigIntType(), new IntType());
        lossy(new IntType(), new DecimalType(10, 1));
        lossy(new BigIntType(), new DoubleType());
        lossy(new IntType(), new FloatType());
        lossy(new DoubleType(), new FloatType());
        lossy(new DoubleType(), new IntType());
        lossy(new DecimalType(9, 2), new DecimalType(9, 3));
        lossy(new DecimalType(9, 2), new DecimalType(12, 1));
    }

    @Test
    void timestampsAndStrings() {
        lossless(new TimestampType(3), new TimestampType(6));
        lossy(new TimestampType(6), new TimestampType(3));
        lossless(new VarCharType(5), new VarCharType(10));
        lossy(new VarCharType(10), new VarCharType(5));
    }
}
