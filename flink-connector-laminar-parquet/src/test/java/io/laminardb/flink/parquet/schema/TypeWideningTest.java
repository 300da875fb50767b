package io.laminardb.flink.parquet.schema;

import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BinaryType;
import org.apache.flink.table.types.logical.CharType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.TinyIntType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules of which type may be read as which: pure functions on types. */
class TypeWideningTest {

    private static void widens(LogicalType from, LogicalType to) {
        assertThat(TypeWidening.isSafeWidening(from, to)).as("%s -> %s", from, to).isTrue();
        assertThat(TypeWidening.canRead(from, to)).as("%s -> %s", from, to).isTrue();
    }

    private static void doesNotWiden(LogicalType from, LogicalType to) {
        assertThat(TypeWidening.isSafeWidening(from, to)).as("%s -> %s", from, to).isFalse();
    }

    @Test
    void integersWidenToWiderIntegers() {
        widens(new TinyIntType(), new SmallIntType());
        widens(new SmallIntType(), new IntType());
        widens(new IntType(), new BigIntType());
        widens(new TinyIntType(), new BigIntType());
        widens(new IntType(), new IntType());
        doesNotWiden(new BigIntType(), new IntType());
        doesNotWiden(new IntType(), new SmallIntType());
    }

    @Test
    void integersWidenToDecimalsWithEnoughIntegerDigits() {
        widens(new TinyIntType(), new DecimalType(3, 0));
        widens(new SmallIntType(), new DecimalType(7, 2));
        widens(new IntType(), new DecimalType(10, 0));
        widens(new BigIntType(), new DecimalType(21, 2));
        doesNotWiden(new IntType(), new DecimalType(10, 1));
        doesNotWiden(new BigIntType(), new DecimalType(18, 0));
    }

    @Test
    void decimalsWidenWithNoFewerIntegerAndFractionDigits() {
        widens(new DecimalType(9, 2), new DecimalType(12, 4));
        widens(new DecimalType(9, 2), new DecimalType(9, 2));
        doesNotWiden(new DecimalType(9, 2), new DecimalType(9, 3));
        doesNotWiden(new DecimalType(9, 2), new DecimalType(12, 1));
    }

    @Test
    void floatWidensToDoubleOnly() {
        widens(new FloatType(), new DoubleType());
        doesNotWiden(new DoubleType(), new FloatType());
        doesNotWiden(new IntType(), new DoubleType());
    }

    @Test
    void timestampsWidenToHigherPrecisionAndNarrowToLower() {
        widens(new TimestampType(3), new TimestampType(6));
        widens(new LocalZonedTimestampType(3), new LocalZonedTimestampType(9));
        doesNotWiden(new TimestampType(6), new TimestampType(3));
        doesNotWiden(new TimestampType(3), new LocalZonedTimestampType(6));

        assertThat(TypeWidening.isTimestampNarrowing(new TimestampType(9), new TimestampType(3)))
                .isTrue();
        assertThat(
                        TypeWidening.isTimestampNarrowing(
                                new LocalZonedTimestampType(6), new LocalZonedTimestampType(0)))
                .isTrue();
        assertThat(TypeWidening.isTimestampNarrowing(new TimestampType(3), new TimestampType(6)))
                .isFalse();
        assertThat(
                        TypeWidening.isTimestampNarrowing(
                                new TimestampType(9), new LocalZonedTimestampType(3)))
                .isFalse();
        assertThat(TypeWidening.canRead(new TimestampType(9), new TimestampType(3))).isTrue();
    }

    @Test
    void stringsAndBinariesWidenToLongerVariableLengthTypes() {
        widens(new VarCharType(5), new VarCharType(10));
        widens(new CharType(5), new VarCharType(5));
        doesNotWiden(new VarCharType(10), new VarCharType(5));
        doesNotWiden(new VarCharType(5), new CharType(5));
        widens(new BinaryType(4), new VarBinaryType(4));
        widens(new BinaryType(4), new BinaryType(4));
        doesNotWiden(new BinaryType(4), new BinaryType(8));
        doesNotWiden(new VarBinaryType(8), new VarBinaryType(4));
    }

    @Test
    void nullabilityDoesNotMatter() {
        assertThat(TypeWidening.canRead(new IntType(false), new IntType(true))).isTrue();
        assertThat(TypeWidening.canRead(new IntType(true), new BigIntType(false))).isTrue();
        assertThat(TypeWidening.canRead(new DoubleType(), new FloatType())).isFalse();
    }

    @Test
    void checkReadableNamesTheColumnAndBothTypes() {
        PrimitiveType big =
                Types.primitive(PrimitiveTypeName.INT64, Type.Repetition.OPTIONAL).named("big");
        PrimitiveType micros =
                Types.primitive(PrimitiveTypeName.INT64, Type.Repetition.REQUIRED)
                        .as(
                                LogicalTypeAnnotation.timestampType(
                                        false, LogicalTypeAnnotation.TimeUnit.MICROS))
                        .named("ts");

        assertThatCode(() -> TypeWidening.checkReadable(big, new DecimalType(19, 0)))
                .doesNotThrowAnyException();
        assertThatCode(() -> TypeWidening.checkReadable(micros, new TimestampType(3)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> TypeWidening.checkReadable(big, new IntType()))
                .isInstanceOf(UnsupportedSchemaException.class)
                .hasMessage(
                        "Column 'big' has Parquet type 'optional int64 big' (read as BIGINT),"
                                + " which cannot be read as INT");
    }
}
