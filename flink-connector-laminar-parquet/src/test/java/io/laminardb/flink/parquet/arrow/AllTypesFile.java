package io.laminardb.flink.parquet.arrow;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.NanoTime;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes Parquet files with a column of every type the connector reads (integer widths, float,
 * double, decimals on INT32, INT64 and FIXED_LEN_BYTE_ARRAY, text, bytes, fixed bytes, date, time,
 * timestamps in every unit with and without UTC adjustment, INT96, LIST, MAP, STRUCT with a nested
 * LIST), NULLs in every nullable column, several row groups and pages.
 */
final class AllTypesFile {

    private AllTypesFile() {}

    static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message all {\n"
                            + "  required int32 id;\n"
                            + "  optional boolean b;\n"
                            + "  optional int32 i8 (INTEGER(8,true));\n"
                            + "  optional int32 i16 (INTEGER(16,true));\n"
                            + "  optional int32 i32;\n"
                            + "  optional int64 i64;\n"
                            + "  optional float f;\n"
                            + "  optional double d;\n"
                            + "  optional int32 dec32 (DECIMAL(9,2));\n"
                            + "  optional int64 dec64 (DECIMAL(18,4));\n"
                            + "  optional fixed_len_byte_array(16) dec128 (DECIMAL(38,10));\n"
                            + "  optional binary s (STRING);\n"
                            + "  optional binary bin;\n"
                            + "  optional fixed_len_byte_array(4) fixed;\n"
                            + "  optional int32 dt (DATE);\n"
                            + "  optional int32 tm (TIME(MILLIS,false));\n"
                            + "  optional int64 ts_ms (TIMESTAMP(MILLIS,false));\n"
                            + "  optional int64 ts_us (TIMESTAMP(MICROS,false));\n"
                            + "  optional int64 ts_ns (TIMESTAMP(NANOS,false));\n"
                            + "  optional int64 tsz_us (TIMESTAMP(MICROS,true));\n"
                            + "  optional int96 ts96;\n"
                            + "  optional group tags (LIST) {\n"
                            + "    repeated group list { optional binary element (STRING); }\n"
                            + "  }\n"
                            + "  optional group attrs (MAP) {\n"
                            + "    repeated group key_value {\n"
                            + "      required binary key (STRING);\n"
                            + "      optional int32 value;\n"
                            + "    }\n"
                            + "  }\n"
                            + "  optional group st {\n"
                            + "    optional int32 a;\n"
                            + "    optional binary sb (STRING);\n"
                            + "    optional group xs (LIST) {\n"
                            + "      repeated group list { optional double element; }\n"
                            + "    }\n"
                            + "  }\n"
                            + "}");

    /** Writes {@code rows} rows with ids from {@code firstId} into {@code file}. */
    static void write(Path file, int firstId, int rows) throws Exception {
        Files.createDirectories(file.getParent());
        SimpleGroupFactory factory = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> writer =
                ExampleParquetWriter.builder(new LocalOutputFile(file))
                        .withType(SCHEMA)
                        .withRowGroupSize(32 * 1024)
                        .withPageSize(4 * 1024)
                        .withDictionaryEncoding(true)
                        .build()) {
            for (int id = firstId; id < firstId + rows; id++) {
                writer.write(row(factory, id));
            }
        }
    }

    private static boolean isNull(int id, int column) {
        return (id + column) % 7 == 0;
    }

    private static Group row(SimpleGroupFactory factory, int id) {
        Group g = factory.newGroup().append("id", id);
        long sign = id % 2 == 0 ? 1 : -1;
        if (!isNull(id, 1)) g.append("b", id % 3 == 0);
        if (!isNull(id, 2)) g.append("i8", (int) (byte) (id * 7));
        if (!isNull(id, 3)) g.append("i16", (int) (short) (id * 331));
        if (!isNull(id, 4)) g.append("i32", id * 100_003 * (int) sign);
        if (!isNull(id, 5)) g.append("i64", sign * id * 10_000_000_019L);
        if (!isNull(id, 6)) g.append("f", id == 3 ? Float.NaN : id / 8.0f * sign);
        if (!isNull(id, 0)) g.append("d", id == 5 ? Double.NEGATIVE_INFINITY : id / 3.0 * sign);
        if (!isNull(id, 1)) g.append("dec32", (int) (id * 12_345 * sign));
        if (!isNull(id, 2)) g.append("dec64", id * 1_234_567_891L * sign);
        if (!isNull(id, 3)) {
            BigInteger unscaled =
                    BigInteger.valueOf(id).multiply(BigInteger.TEN.pow(30)).add(BigInteger.ONE);
            if (sign < 0) {
                unscaled = unscaled.negate();
            }
            g.append("dec128", Binary.fromConstantByteArray(fixed(unscaled.toByteArray(), 16)));
        }
        if (!isNull(id, 4)) g.append("s", id % 5 == 0 ? "" : "text-" + (id % 13) + "-ü");
        if (!isNull(id, 5)) g.append("bin", Binary.fromConstantByteArray(bytes(id, id % 9)));
        if (!isNull(id, 6)) g.append("fixed", Binary.fromConstantByteArray(bytes(id, 4)));
        if (!isNull(id, 0)) g.append("dt", 19_000 + id * (int) sign);
        if (!isNull(id, 1)) g.append("tm", (int) ((id * 1_234_567L) % 86_400_000));
        long millis = 1_700_000_000_000L + sign * id * 3_600_123L;
        if (!isNull(id, 2)) g.append("ts_ms", millis);
        if (!isNull(id, 3)) g.append("ts_us", millis * 1000 + id % 1000);
        if (!isNull(id, 4)) g.append("ts_ns", millis * 1_000_000 + id * 1_001L % 1_000_000);
        if (!isNull(id, 5)) g.append("tsz_us", millis * 1000 - id % 1000);
        if (!isNull(id, 6)) {
            g.append(
                    "ts96",
                    new NanoTime(2_460_000 + id, (id * 1_000_000_007L) % 86_400_000_000_000L)
                            .toBinary());
        }
        if (!isNull(id, 0)) {
            Group tags = g.addGroup("tags");
            for (int k = 0; k < id % 4; k++) {
                Group element = tags.addGroup("list");
                if ((id + k) % 5 != 0) {
                    element.append("element", "t" + (id + k) % 6);
                }
            }
        }
        if (!isNull(id, 1)) {
            Group attrs = g.addGroup("attrs");
            for (int k = 0; k < id % 3; k++) {
                Group entry = attrs.addGroup("key_value").append("key", "k" + k);
                if ((id + k) % 4 != 0) {
                    entry.append("value", id * 10 + k);
                }
            }
        }
        if (!isNull(id, 2)) {
            Group st = g.addGroup("st");
            if (id % 3 != 0) st.append("a", -id);
            if (id % 4 != 0) st.append("sb", "sb" + id);
            if (id % 5 != 0) {
                Group xs = st.addGroup("xs");
                for (int k = 0; k < id % 3; k++) {
                    Group element = xs.addGroup("list");
                    if (k != 1) {
                        element.append("element", id + k / 10.0);
                    }
                }
            }
        }
        return g;
    }

    private static byte[] bytes(int id, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) (id * 31 + i * 17);
        }
        return out;
    }

    /** Two's complement big-endian, sign-extended to {@code length} bytes. */
    private static byte[] fixed(byte[] value, int length) {
        byte[] out = new byte[length];
        Arrays.fill(out, value[0] < 0 ? (byte) -1 : 0);
        System.arraycopy(value, 0, out, length - value.length, value.length);
        return out;
    }
}
