package io.laminardb.flink.parquet.schema;

import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BinaryType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.TimeType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.TinyIntType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests of {@link ParquetSchemaConverter}: the mapping table of its Javadoc, row by row, and the
 * LIST and MAP layouts of the Parquet specification (LogicalTypes.md), including the
 * backward-compatibility rules for data written by older writers.
 */
class ParquetSchemaConverterTest {

    private static final LogicalType STRING = VarCharType.STRING_TYPE;
    private static final LogicalType BYTES = new VarBinaryType(VarBinaryType.MAX_LENGTH);

    // ---------------------------------------------------------------- primitives

    @Test
    void booleanFloatDouble() {
        assertThat(convert("required boolean x;")).isEqualTo(new BooleanType(false));
        assertThat(convert("optional boolean x;")).isEqualTo(new BooleanType(true));
        assertThat(convert("required float x;")).isEqualTo(new FloatType(false));
        assertThat(convert("optional double x;")).isEqualTo(new DoubleType(true));
    }

    @Test
    void float16IsFloat() {
        assertThat(
                        convert(
                                Types.required(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY)
                                        .length(2)
                                        .as(LogicalTypeAnnotation.float16Type())
                                        .named("x")))
                .isEqualTo(new FloatType(false));
    }

    @Test
    void signedIntegers() {
        assertThat(convert("required int32 x;")).isEqualTo(new IntType(false));
        assertThat(convert("optional int32 x (INTEGER(8,true));")).isEqualTo(new TinyIntType());
        assertThat(convert("optional int32 x (INTEGER(16,true));")).isEqualTo(new SmallIntType());
        assertThat(convert("optional int32 x (INTEGER(32,true));")).isEqualTo(new IntType());
        assertThat(convert("required int64 x;")).isEqualTo(new BigIntType(false));
        assertThat(convert("optional int64 x (INTEGER(64,true));")).isEqualTo(new BigIntType());
        // legacy converted types
        assertThat(convert("optional int32 x (INT_8);")).isEqualTo(new TinyIntType());
        assertThat(convert("optional int32 x (INT_16);")).isEqualTo(new SmallIntType());
    }

    @Test
    void unsignedIntegersWidenToTheNextSignedType() {
        assertThat(convert("optional int32 x (INTEGER(8,false));")).isEqualTo(new SmallIntType());
        assertThat(convert("optional int32 x (INTEGER(16,false));")).isEqualTo(new IntType());
        assertThat(convert("optional int32 x (INTEGER(32,false));")).isEqualTo(new BigIntType());
        assertThat(convert("required int64 x (INTEGER(64,false));"))
                .isEqualTo(new DecimalType(false, 20, 0));
        // legacy converted types
        assertThat(convert("optional int32 x (UINT_8);")).isEqualTo(new SmallIntType());
        assertThat(convert("optional int32 x (UINT_32);")).isEqualTo(new BigIntType());
        assertThat(convert("optional int64 x (UINT_64);")).isEqualTo(new DecimalType(20, 0));
    }

    @Test
    void decimalsOnEveryPhysicalType() {
        assertThat(convert("required int32 x (DECIMAL(9,2));"))
                .isEqualTo(new DecimalType(false, 9, 2));
        assertThat(convert("optional int32 x (DECIMAL(1,0));")).isEqualTo(new DecimalType(1, 0));
        assertThat(convert("optional int64 x (DECIMAL(18,4));")).isEqualTo(new DecimalType(18, 4));
        assertThat(convert("optional fixed_len_byte_array(16) x (DECIMAL(38,10));"))
                .isEqualTo(new DecimalType(38, 10));
        assertThat(convert("optional fixed_len_byte_array(5) x (DECIMAL(11,11));"))
                .isEqualTo(new DecimalType(11, 11));
        assertThat(convert("optional binary x (DECIMAL(30,5));")).isEqualTo(new DecimalType(30, 5));
    }

    @Test
    void aDecimalWiderThanFlinkFailsNamingTheColumn() {
        assertThatThrownBy(() -> convert("optional binary amount (DECIMAL(40,2));"))
                .isInstanceOf(UnsupportedSchemaException.class)
                .hasMessageContaining("'amount'")
                .hasMessageContaining("DECIMAL(40, 2)")
                .hasMessageContaining("38");
    }

    @Test
    void dateAndTime() {
        assertThat(convert("required int32 x (DATE);")).isEqualTo(new DateType(false));
        assertThat(convert("optional int32 x (TIME(MILLIS,true));")).isEqualTo(new TimeType(3));
        assertThat(convert("optional int64 x (TIME(MICROS,false));")).isEqualTo(new TimeType(3));
        assertThat(convert("optional int64 x (TIME(NANOS,true));")).isEqualTo(new TimeType(3));
        assertThat(convert("optional int32 x (TIME_MILLIS);")).isEqualTo(new TimeType(3));
        assertThat(convert("optional int64 x (TIME_MICROS);")).isEqualTo(new TimeType(3));
    }

    @Test
    void timestamps() {
        assertThat(convert("optional int64 x (TIMESTAMP(MILLIS,false));"))
                .isEqualTo(new TimestampType(3));
        assertThat(convert("optional int64 x (TIMESTAMP(MICROS,false));"))
                .isEqualTo(new TimestampType(6));
        assertThat(convert("required int64 x (TIMESTAMP(NANOS,false));"))
                .isEqualTo(new TimestampType(false, 9));
        assertThat(convert("optional int64 x (TIMESTAMP(MILLIS,true));"))
                .isEqualTo(new LocalZonedTimestampType(3));
        assertThat(convert("optional int64 x (TIMESTAMP(MICROS,true));"))
                .isEqualTo(new LocalZonedTimestampType(6));
        assertThat(convert("optional int64 x (TIMESTAMP(NANOS,true));"))
                .isEqualTo(new LocalZonedTimestampType(9));
        // legacy converted types are UTC-adjusted
        assertThat(convert("optional int64 x (TIMESTAMP_MILLIS);"))
                .isEqualTo(new LocalZonedTimestampType(3));
        assertThat(convert("optional int64 x (TIMESTAMP_MICROS);"))
                .isEqualTo(new LocalZonedTimestampType(6));
    }

    @Test
    void int96IsANanosecondTimestamp() {
        assertThat(convert("optional int96 x;")).isEqualTo(new TimestampType(9));
        assertThat(convert("required int96 x;")).isEqualTo(new TimestampType(false, 9));
    }

    @Test
    void binaryAndStrings() {
        assertThat(convert("optional binary x (STRING);")).isEqualTo(STRING);
        assertThat(convert("optional binary x (UTF8);")).isEqualTo(STRING);
        assertThat(convert("optional binary x (ENUM);")).isEqualTo(STRING);
        assertThat(convert("optional binary x (JSON);")).isEqualTo(STRING);
        assertThat(convert("required binary x (STRING);")).isEqualTo(STRING.copy(false));
        assertThat(convert("optional binary x;")).isEqualTo(BYTES);
        assertThat(convert("optional binary x (BSON);")).isEqualTo(BYTES);
        assertThat(convert("optional fixed_len_byte_array(12) x;")).isEqualTo(new BinaryType(12));
    }

    @Test
    void uuidIsAString() {
        assertThat(
                        convert(
                                Types.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY)
                                        .length(16)
                                        .as(LogicalTypeAnnotation.uuidType())
                                        .named("x")))
                .isEqualTo(STRING);
    }

    @Test
    void logicalTypesTheConverterDoesNotKnowMapByThePhysicalType() {
        // INTERVAL, GEOMETRY: no mapping of their own
        assertThat(
                        convert(
                                Types.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY)
                                        .length(12)
                                        .as(LogicalTypeAnnotation.intervalType())
                                        .named("x")))
                .isEqualTo(new BinaryType(12));
        assertThat(
                        convert(
                                Types.optional(PrimitiveTypeName.BINARY)
                                        .as(LogicalTypeAnnotation.geometryType(null))
                                        .named("x")))
                .isEqualTo(BYTES);
        // UNKNOWN (a type of a newer format version)
        assertThat(convert(withAnnotation(PrimitiveTypeName.INT32, unknown())))
                .isEqualTo(new IntType());
        assertThat(convert(withAnnotation(PrimitiveTypeName.INT64, unknown())))
                .isEqualTo(new BigIntType());
        assertThat(convert(withAnnotation(PrimitiveTypeName.BINARY, unknown()))).isEqualTo(BYTES);
        assertThat(convert(withAnnotation(PrimitiveTypeName.DOUBLE, unknown())))
                .isEqualTo(new DoubleType());
    }

    // ---------------------------------------------------------------- groups

    @Test
    void groupsAreRows() {
        MessageType schema =
                MessageTypeParser.parseMessageType(
                        "message m {\n"
                                + "  required int64 id;\n"
                                + "  optional group address {\n"
                                + "    required binary city (STRING);\n"
                                + "    optional group geo { optional double lat; }\n"
                                + "  }\n"
                                + "}");

        RowType row = ParquetSchemaConverter.toRowType(schema);

        assertThat(row)
                .isEqualTo(
                        new RowType(
                                false,
                                java.util.List.of(
                                        new RowType.RowField("id", new BigIntType(false)),
                                        new RowType.RowField(
                                                "address",
                                                row(
                                                        true,
                                                        field("city", STRING.copy(false)),
                                                        field(
                                                                "geo",
                                                                row(
                                                                        true,
                                                                        field(
                                                                                "lat",
                                                                                new DoubleType()))))))));
        assertThat(row.isNullable()).isFalse();
    }

    // ---------------------------------------------------------------- LIST

    @Test
    void standardThreeLevelListWithNullableElements() {
        assertThat(
                        convert(
                                "optional group l (LIST) {\n"
                                        + "  repeated group list { optional int32 element; }\n"
                                        + "}"))
                .isEqualTo(new ArrayType(true, new IntType(true)));
    }

    @Test
    void standardThreeLevelListWithRequiredElements() {
        assertThat(
                        convert(
                                "required group l (LIST) {\n"
                                        + "  repeated group list { required binary element"
                                        + " (STRING); }\n"
                                        + "}"))
                .isEqualTo(new ArrayType(false, STRING.copy(false)));
    }

    @Test
    void threeLevelListNamesAreNotEnforced() {
        assertThat(
                        convert(
                                "optional group l (LIST) {\n"
                                        + "  repeated group bag { optional int64 item; }\n"
                                        + "}"))
                .isEqualTo(new ArrayType(new BigIntType()));
    }

    @Test
    void listOfLists() {
        assertThat(
                        convert(
                                "optional group l (LIST) {\n"
                                        + "  repeated group list {\n"
                                        + "    optional group element (LIST) {\n"
                                        + "      repeated group list { optional int32 element; }\n"
                                        + "    }\n"
                                        + "  }\n"
                                        + "}"))
                .isEqualTo(new ArrayType(new ArrayType(new IntType())));
    }

    @Test
    void listOfRows() {
        assertThat(
                        convert(
                                "optional group l (LIST) {\n"
                                        + "  repeated group list {\n"
                                        + "    optional group element { required int32 a;"
                                        + " optional binary b (STRING); }\n"
                                        + "  }\n"
                                        + "}"))
                .isEqualTo(
                        new ArrayType(
                                row(true, field("a", new IntType(false)), field("b", STRING))));
    }

    /** Rule 1: a repeated primitive is the element, and elements are required. */
    @Test
    void legacyTwoLevelListOfPrimitives() {
        assertThat(
                        convert(
                                "optional group my_list (LIST) {\n"
                                        + "  repeated int32 element;\n"
                                        + "}"))
                .isEqualTo(new ArrayType(true, new IntType(false)));
        assertThat(
                        convert(
                                "optional group my_list (LIST) {\n"
                                        + "  repeated binary str (UTF8);\n"
                                        + "}"))
                .isEqualTo(new ArrayType(true, STRING.copy(false)));
    }

    /** Rule 2: a repeated group of several fields is the element, and elements are required. */
    @Test
    void legacyTwoLevelListOfMultiFieldGroups() {
        assertThat(
                        convert(
                                "optional group my_list (LIST) {\n"
                                        + "  repeated group element {\n"
                                        + "    required binary str (STRING);\n"
                                        + "    required int32 num;\n"
                                        + "  }\n"
                                        + "}"))
                .isEqualTo(
                        new ArrayType(
                                row(
                                        false,
                                        field("str", STRING.copy(false)),
                                        field("num", new IntType(false)))));
    }

    /**
     * Rule 3 of LogicalTypes.md: "If the repeated field is a group with one field with {@code
     * repeated} repetition, then its type is the element type and elements are required."
     *
     * <p>BUG: the converter does not implement this rule. It takes the group's single (repeated)
     * child as the element, as in a 3-level list, and returns {@code ARRAY<ARRAY<INT NOT NULL>>}
     * instead of {@code ARRAY<ROW<v ARRAY<INT NOT NULL> NOT NULL> NOT NULL>}: a different shape, so
     * the column's values do not match the Parquet data's nesting.
     */
    @Test
    void legacyTwoLevelListOfAGroupWithOneRepeatedField() {
        assertThat(
                        convert(
                                "optional group my_list (LIST) {\n"
                                        + "  repeated group pair {\n"
                                        + "    repeated int32 v;\n"
                                        + "  }\n"
                                        + "}"))
                .isEqualTo(
                        new ArrayType(
                                true,
                                row(false, field("v", new ArrayType(false, new IntType(false))))));
    }

    /** Rule 4: a one-field repeated group named {@code array} is the element. */
    @Test
    void legacyTwoLevelListWithARepeatedGroupNamedArray() {
        assertThat(
                        convert(
                                "optional group my_list (LIST) {\n"
                                        + "  repeated group array {\n"
                                        + "    required binary str (UTF8);\n"
                                        + "  }\n"
                                        + "}"))
                .isEqualTo(new ArrayType(true, row(false, field("str", STRING.copy(false)))));
    }

    /** Rule 4: a one-field repeated group named {@code <list name>_tuple} is the element. */
    @Test
    void legacyTwoLevelListWithARepeatedGroupNamedTuple() {
        assertThat(
                        convert(
                                "optional group my_list (LIST) {\n"
                                        + "  repeated group my_list_tuple {\n"
                                        + "    required binary str (UTF8);\n"
                                        + "  }\n"
                                        + "}"))
                .isEqualTo(new ArrayType(true, row(false, field("str", STRING.copy(false)))));
        // a '_tuple' group of another list's name is a 3-level list
        assertThat(
                        convert(
                                "optional group my_list (LIST) {\n"
                                        + "  repeated group other_tuple {\n"
                                        + "    required binary str (UTF8);\n"
                                        + "  }\n"
                                        + "}"))
                .isEqualTo(new ArrayType(true, STRING.copy(false)));
    }

    /** Rule 5: otherwise the single child of the repeated group is the element. */
    @Test
    void legacyListWithOtherNamesIsThreeLevel() {
        assertThat(
                        convert(
                                "optional group my_list (LIST) {\n"
                                        + "  repeated group element {\n"
                                        + "    required binary str (UTF8);\n"
                                        + "  }\n"
                                        + "}"))
                .isEqualTo(new ArrayType(true, STRING.copy(false)));
    }

    @Test
    void aListGroupWithoutOneRepeatedFieldFails() {
        assertThatThrownBy(
                        () ->
                                convert(
                                        "optional group bad_list (LIST) {\n"
                                                + "  optional int32 element;\n"
                                                + "}"))
                .isInstanceOf(UnsupportedSchemaException.class)
                .hasMessageContaining("'bad_list'");
        assertThatThrownBy(
                        () ->
                                convert(
                                        "optional group bad_list (LIST) {\n"
                                                + "  repeated int32 a;\n"
                                                + "  repeated int32 b;\n"
                                                + "}"))
                .isInstanceOf(UnsupportedSchemaException.class)
                .hasMessageContaining("'bad_list'");
    }

    // ---------------------------------------------------------------- MAP

    @Test
    void standardMap() {
        assertThat(
                        convert(
                                "optional group m (MAP) {\n"
                                        + "  repeated group key_value {\n"
                                        + "    required binary key (STRING);\n"
                                        + "    optional int32 value;\n"
                                        + "  }\n"
                                        + "}"))
                .isEqualTo(new MapType(true, STRING.copy(false), new IntType(true)));
        assertThat(
                        convert(
                                "required group m (MAP) {\n"
                                        + "  repeated group key_value {\n"
                                        + "    required int64 key;\n"
                                        + "    required double value;\n"
                                        + "  }\n"
                                        + "}"))
                .isEqualTo(new MapType(false, new BigIntType(false), new DoubleType(false)));
    }

    @Test
    void mapsOfNestedValues() {
        assertThat(
                        convert(
                                "optional group m (MAP) {\n"
                                        + "  repeated group key_value {\n"
                                        + "    required binary key (STRING);\n"
                                        + "    optional group value (LIST) {\n"
                                        + "      repeated group list { optional int32 element; }\n"
                                        + "    }\n"
                                        + "  }\n"
                                        + "}"))
                .isEqualTo(
                        new MapType(true, STRING.copy(false), new ArrayType(true, new IntType())));
    }

    @Test
    void legacyMapKeyValue() {
        // MAP_KEY_VALUE on the outer group
        assertThat(
                        convert(
                                "optional group m (MAP_KEY_VALUE) {\n"
                                        + "  repeated group map {\n"
                                        + "    required binary key (UTF8);\n"
                                        + "    optional binary value (UTF8);\n"
                                        + "  }\n"
                                        + "}"))
                .isEqualTo(new MapType(true, STRING.copy(false), STRING));
        // MAP on the outer group, MAP_KEY_VALUE on the repeated one (old parquet-mr writers)
        assertThat(
                        convert(
                                "optional group m (MAP) {\n"
                                        + "  repeated group map (MAP_KEY_VALUE) {\n"
                                        + "    required binary key (UTF8);\n"
                                        + "    required int32 value;\n"
                                        + "  }\n"
                                        + "}"))
                .isEqualTo(new MapType(true, STRING.copy(false), new IntType(false)));
    }

    @Test
    void mapKeysAreNeverNull() {
        assertThat(
                        convert(
                                "optional group m (MAP) {\n"
                                        + "  repeated group key_value {\n"
                                        + "    optional binary key (STRING);\n"
                                        + "    optional int32 value;\n"
                                        + "  }\n"
                                        + "}"))
                .isEqualTo(new MapType(true, STRING.copy(false), new IntType(true)));
    }

    @Test
    void aMapWithoutValuesIsAnArrayOfItsKeys() {
        assertThat(
                        convert(
                                "optional group m (MAP) {\n"
                                        + "  repeated group key_value {\n"
                                        + "    required binary key (STRING);\n"
                                        + "  }\n"
                                        + "}"))
                .isEqualTo(new ArrayType(true, STRING.copy(false)));
    }

    @Test
    void aMalformedMapFailsNamingIt() {
        assertThatThrownBy(
                        () ->
                                convert(
                                        "optional group bad_map (MAP) {\n"
                                                + "  repeated int32 key;\n"
                                                + "}"))
                .isInstanceOf(UnsupportedSchemaException.class)
                .hasMessageContaining("'bad_map'");
        assertThatThrownBy(
                        () ->
                                convert(
                                        "optional group bad_map (MAP) {\n"
                                                + "  repeated group key_value {\n"
                                                + "    required int32 key;\n"
                                                + "    required int32 a;\n"
                                                + "    required int32 b;\n"
                                                + "  }\n"
                                                + "}"))
                .isInstanceOf(UnsupportedSchemaException.class)
                .hasMessageContaining("'bad_map'");
    }

    // ---------------------------------------------------------------- repeated without LIST

    /**
     * "A repeated field that is neither contained by a LIST- or MAP-annotated group nor annotated
     * by LIST or MAP should be interpreted as a required list of required elements" (LogicalTypes
     * .md). The elements are NOT NULL, as the class Javadoc says.
     */
    @Test
    void aRepeatedFieldWithoutAnnotationIsAnArrayOfNotNullElements() {
        LogicalType primitive = convert("repeated int32 x;");
        assertThat(primitive).isInstanceOf(ArrayType.class);
        assertThat(((ArrayType) primitive).getElementType()).isEqualTo(new IntType(false));

        LogicalType group = convert("repeated group g { required int32 a; optional int32 b; }");
        assertThat(group).isInstanceOf(ArrayType.class);
        assertThat(((ArrayType) group).getElementType())
                .isEqualTo(row(false, field("a", new IntType(false)), field("b", new IntType())));

        LogicalType strings = convert("repeated binary s (STRING);");
        assertThat(((ArrayType) strings).getElementType()).isEqualTo(STRING.copy(false));
    }

    /**
     * The list itself is required by the same sentence of the specification (Spark maps it to a
     * non-nullable array; the reader never produces null for it: no occurrences read as an empty
     * array).
     *
     * <p>BUG (minor): the converter returns a nullable {@code ARRAY<INT NOT NULL>}.
     */
    @Test
    void aRepeatedFieldWithoutAnnotationIsARequiredList() {
        assertThat(convert("repeated int32 x;"))
                .isEqualTo(new ArrayType(false, new IntType(false)));
    }

    // ------------------------------------------------------------------------------------------

    private static LogicalType convert(String field) {
        MessageType schema = MessageTypeParser.parseMessageType("message m {\n" + field + "\n}");
        assertThat(schema.getFieldCount()).isEqualTo(1);
        return ParquetSchemaConverter.toFlinkType(schema.getType(0));
    }

    private static LogicalType convert(Type type) {
        return ParquetSchemaConverter.toFlinkType(type);
    }

    private static LogicalTypeAnnotation unknown() {
        return LogicalTypeAnnotation.unknownType();
    }

    private static PrimitiveType withAnnotation(
            PrimitiveTypeName name, LogicalTypeAnnotation annotation) {
        return new PrimitiveType(Repetition.OPTIONAL, name, "x")
                .withLogicalTypeAnnotation(annotation);
    }

    private static RowType.RowField field(String name, LogicalType type) {
        return new RowType.RowField(name, type);
    }

    private static RowType row(boolean nullable, RowType.RowField... fields) {
        return new RowType(nullable, java.util.Arrays.asList(fields));
    }
}
