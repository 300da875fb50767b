package io.laminardb.flink.parquet.schema;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;

import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Declared columns mapped onto a file's columns, by the schemas alone. */
class DeclaredColumnsTest {

    private static final Path FILE = new Path("/data/f.parquet");

    private static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message m {\n"
                            + "  required int32 id;\n"
                            + "  optional binary Name (STRING);\n"
                            + "  optional group s {\n"
                            + "    optional int32 a;\n"
                            + "  }\n"
                            + "  optional group l (LIST) {\n"
                            + "    repeated group list {\n"
                            + "      optional int32 element;\n"
                            + "    }\n"
                            + "  }\n"
                            + "  optional group m (MAP) {\n"
                            + "    repeated group key_value {\n"
                            + "      required binary key (STRING);\n"
                            + "      optional float value;\n"
                            + "    }\n"
                            + "  }\n"
                            + "  repeated int32 r;\n"
                            + "}");

    private static org.apache.parquet.schema.Type resolve(String name, LogicalType type) {
        return DeclaredColumns.resolve(FILE, SCHEMA, name, type);
    }

    private static RowType row(String name, LogicalType type) {
        return RowType.of(new LogicalType[] {type}, new String[] {name});
    }

    @Test
    void columnsMatchByNameElseIgnoringCase() {
        assertThat(resolve("id", new BigIntType()).getName()).isEqualTo("id");
        assertThat(resolve("name", VarCharType.STRING_TYPE).getName()).isEqualTo("Name");
    }

    @Test
    void aMissingColumnIsNullUnlessNotNull() {
        assertThat(resolve("extra", VarCharType.STRING_TYPE)).isNull();
        assertThatThrownBy(() -> resolve("extra", new IntType(false)))
                .isInstanceOf(UnsupportedSchemaException.class)
                .hasMessageContaining("Parquet file /data/f.parquet has no column 'extra'")
                .hasMessageContaining("NOT NULL")
                .hasMessageContaining("[id, Name, s, l, m, r]");
    }

    @Test
    void twoColumnsMatchingIgnoringCaseFail() {
        MessageType ambiguous =
                MessageTypeParser.parseMessageType(
                        "message m { optional double price; optional double PRICE; }");

        assertThatThrownBy(
                        () -> DeclaredColumns.resolve(FILE, ambiguous, "Price", new DoubleType()))
                .isInstanceOf(UnsupportedSchemaException.class)
                .hasMessageContaining("'price' and 'PRICE'");
    }

    @Test
    void leavesAreReadAsTheirTypeOrAWideningOfIt() {
        resolve("id", new IntType(false));
        resolve("id", new BigIntType());
        assertThatThrownBy(() -> resolve("Name", new IntType()))
                .isInstanceOf(UnsupportedSchemaException.class)
                .hasMessage(
                        "Cannot read column 'Name' of Parquet file /data/f.parquet as the"
                                + " declared type INT: Column 'Name' has Parquet type 'optional"
                                + " binary Name (STRING)' (read as STRING), which cannot be read"
                                + " as INT");
    }

    @Test
    void nestedFieldsAreCheckedToo() {
        resolve("s", row("a", new BigIntType()));
        resolve(
                "s",
                RowType.of(
                        new LogicalType[] {new IntType(), new IntType()}, new String[] {"A", "b"}));
        resolve("l", new ArrayType(new BigIntType()));
        resolve("m", new MapType(VarCharType.STRING_TYPE, new DoubleType()));
        resolve("r", new ArrayType(new BigIntType(false)));

        assertThatThrownBy(() -> resolve("s", row("b", new IntType(false))))
                .isInstanceOf(UnsupportedSchemaException.class)
                .hasMessageContaining("column 's'")
                .hasMessageContaining(
                        "Field 'b' is NOT NULL but the Parquet group 's' has no such field");
        assertThatThrownBy(() -> resolve("l", row("element", new IntType())))
                .isInstanceOf(UnsupportedSchemaException.class)
                .hasMessageContaining("which cannot be read as ROW<`element` INT>");
        assertThatThrownBy(() -> resolve("m", new MapType(VarCharType.STRING_TYPE, new IntType())))
                .isInstanceOf(UnsupportedSchemaException.class)
                .hasMessageContaining("(read as FLOAT), which cannot be read as INT");
        assertThatThrownBy(() -> resolve("r", new IntType()))
                .isInstanceOf(UnsupportedSchemaException.class)
                .hasMessageContaining("which cannot be read as INT");
    }
}
