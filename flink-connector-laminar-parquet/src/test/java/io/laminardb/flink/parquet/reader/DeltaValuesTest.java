package io.laminardb.flink.parquet.reader;

import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesWriterForLong;
import org.apache.parquet.column.values.deltalengthbytearray.DeltaLengthByteArrayValuesWriter;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DELTA_BINARY_PACKED and DELTA_LENGTH_BYTE_ARRAY pages, as parquet-java's writers encode them,
 * into PLAIN values; and pages whose header or type does not fit.
 */
class DeltaValuesTest {

    private static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message m { optional int64 n; optional binary s (STRING); optional double d; }");

    @Test
    void longsAndStringsBecomeTheirPlainValues() throws Exception {
        Random random = new Random(3);
        long[] longs = new long[1_000];
        DeltaBinaryPackingValuesWriterForLong numbers =
                new DeltaBinaryPackingValuesWriterForLong(
                        64, 1 << 16, new HeapByteBufferAllocator());
        for (int i = 0; i < longs.length; i++) {
            longs[i] = random.nextInt(3) == 0 ? random.nextLong() : i * 7L - random.nextInt(100);
            numbers.writeLong(longs[i]);
        }
        ByteBuffer plain =
                DeltaValues.toPlain(
                        Encoding.DELTA_BINARY_PACKED,
                        withPrefix(numbers.getBytes().toByteArray()),
                        3,
                        longs.length,
                        column("n"));
        for (int i = 0; i < longs.length; i++) {
            assertThat(plain.getLong(8 * i)).as("value %s", i).isEqualTo(longs[i]);
        }

        String[] strings = {"", "a", "ü€ longer", "", "z".repeat(300)};
        DeltaLengthByteArrayValuesWriter text =
                new DeltaLengthByteArrayValuesWriter(64, 1 << 16, new HeapByteBufferAllocator());
        for (String s : strings) {
            text.writeBytes(Binary.fromString(s));
        }
        ByteBuffer plainText =
                DeltaValues.toPlain(
                        Encoding.DELTA_LENGTH_BYTE_ARRAY,
                        withPrefix(text.getBytes().toByteArray()),
                        3,
                        strings.length + 2,
                        column("s"));
        int at = 0;
        for (String s : strings) {
            int length = plainText.getInt(at);
            byte[] bytes = new byte[length];
            plainText.get(at + 4, bytes);
            assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(s);
            at += 4 + length;
        }
        assertThat(at).isEqualTo(plainText.limit());
    }

    @Test
    void pagesThatDoNotFitFailNamingTheColumn() throws Exception {
        DeltaBinaryPackingValuesWriterForLong numbers =
                new DeltaBinaryPackingValuesWriterForLong(
                        64, 1 << 16, new HeapByteBufferAllocator());
        for (int i = 0; i < 10; i++) {
            numbers.writeLong(i);
        }
        byte[] ten = numbers.getBytes().toByteArray();
        // more values than the page holds
        assertThatThrownBy(
                        () ->
                                DeltaValues.toPlain(
                                        Encoding.DELTA_BINARY_PACKED,
                                        ByteBuffer.wrap(ten),
                                        0,
                                        9,
                                        column("n")))
                .isInstanceOf(ParquetDecodingException.class)
                .hasMessageContaining("[n]")
                .hasMessageContaining("10 of them");
        // a header cut short
        assertThatThrownBy(
                        () ->
                                DeltaValues.toPlain(
                                        Encoding.DELTA_BINARY_PACKED,
                                        ByteBuffer.wrap(new byte[] {(byte) 0x80, (byte) 0x80}),
                                        0,
                                        10,
                                        column("n")))
                .isInstanceOf(ParquetDecodingException.class)
                .hasMessageContaining("[n]");
        // blocks cut short
        byte[] cut = java.util.Arrays.copyOf(ten, ten.length - 1);
        assertThatThrownBy(
                        () ->
                                DeltaValues.toPlain(
                                        Encoding.DELTA_BINARY_PACKED,
                                        ByteBuffer.wrap(cut),
                                        0,
                                        10,
                                        column("n")))
                .isInstanceOf(ParquetDecodingException.class)
                .hasMessageContaining("[n]");
        // an encoding the column's type cannot have
        assertThatThrownBy(
                        () ->
                                DeltaValues.toPlain(
                                        Encoding.DELTA_BINARY_PACKED,
                                        ByteBuffer.wrap(ten),
                                        0,
                                        10,
                                        column("d")))
                .isInstanceOf(ParquetDecodingException.class)
                .hasMessageContaining("[d]")
                .hasMessageContaining("DOUBLE");
    }

    /** The page's values after three bytes of something else, as levels before them would be. */
    private static ByteBuffer withPrefix(byte[] values) {
        byte[] page = new byte[3 + values.length];
        System.arraycopy(values, 0, page, 3, values.length);
        return ByteBuffer.wrap(page);
    }

    private static ColumnDescriptor column(String name) {
        return SCHEMA.getColumnDescription(new String[] {name});
    }
}
