package io.laminardb.flink.parquet.reader;

import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.RowType;

import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.Type;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Struct columns are narrowed to the fields the Flink type asks for; lists are kept whole. */
class ColumnPruningTest {

    private static final MessageType FILE =
            MessageTypeParser.parseMessageType(
                    "message m {\n"
                            + "  optional group s {\n"
                            + "    optional int32 a;\n"
                            + "    optional binary b (STRING);\n"
                            + "    optional group inner { optional double x; optional int64 y; }\n"
                            + "  }\n"
                            + "  optional group l (LIST) { repeated group list {"
                            + " optional group element { optional int32 p; optional int32 q; } } }\n"
                            + "}");

    @Test
    void keepsOnlyAskedLeaves() {
        RowType asked =
                RowType.of(
                        new org.apache.flink.table.types.logical.LogicalType[] {
                            new IntType(), RowType.of(new DoubleType())
                        },
                        new String[] {"a", "inner"});
        // The Flink row's nested field is named f0; the file's is x: nothing matches inside inner,
        // so one leaf stays to tell NULL structs apart.
        Type pruned = ColumnPruning.prune(FILE.getType("s"), asked);
        assertThat(pruned.toString())
                .isEqualTo(
                        "optional group s {\n"
                                + "  optional int32 a;\n"
                                + "  optional group inner {\n"
                                + "    optional double x;\n"
                                + "  }\n"
                                + "}");

        RowType byName =
                RowType.of(
                        new org.apache.flink.table.types.logical.LogicalType[] {
                            RowType.of(
                                    new org.apache.flink.table.types.logical.LogicalType[] {
                                        new BigIntType()
                                    },
                                    new String[] {"y"})
                        },
                        new String[] {"inner"});
        assertThat(ColumnPruning.prune(FILE.getType("s"), byName).toString())
                .isEqualTo(
                        "optional group s {\n"
                                + "  optional group inner {\n"
                                + "    optional int64 y;\n"
                                + "  }\n"
                                + "}");
    }

    @Test
    void listsAndWholeStructsStayWhole() {
        Type list = FILE.getType("l");
        assertThat(ColumnPruning.prune(list, new IntType())).isSameAs(list);
        Type s = FILE.getType("s");
        RowType all =
                RowType.of(
                        new org.apache.flink.table.types.logical.LogicalType[] {
                            new IntType(),
                            new org.apache.flink.table.types.logical.VarCharType(),
                            RowType.of(new DoubleType(), new BigIntType())
                        },
                        new String[] {"a", "b", "inner"});
        assertThat(ColumnPruning.prune(s, all).toString()).contains("optional double x");
    }
}
