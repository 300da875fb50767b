package io.laminardb.flink.parquet.reader;

import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesWriterForLong;
import org.apache.parquet.column.values.deltalengthbytearray.DeltaLengthByteArrayValuesWriter;
import org.apache.parquet.column.values.deltastrings.DeltaByteArrayWriter;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY pages, as parquet-java's
 * writers encode them, into PLAIN values; and pages whose header, values or type do not fit.
 */
class PlainPagesTest {

    private static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message m { optional int64 n; optional binary s (STRING); optional double d;"
                            + " optional fixed_len_byte_array(3) rgb; }");

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
                new PlainPages(column("n"))
                        .toPlain(
                                Encoding.DELTA_BINARY_PACKED,
                                withPrefix(numbers.getBytes().toByteArray()),
                                3,
                                longs.length);
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
                new PlainPages(column("s"))
                        .toPlain(
                                Encoding.DELTA_LENGTH_BYTE_ARRAY,
                                withPrefix(text.getBytes().toByteArray()),
                                3,
                                strings.length + 2);
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
    void prefixedStringsAndFixedLengthValuesBecomeTheirPlainValues() throws Exception {
        String[] strings = {"apple", "apricot", "apricots", "", "banana", "band", "band"};
        DeltaByteArrayWriter text =
                new DeltaByteArrayWriter(64, 1 << 16, new HeapByteBufferAllocator());
        for (String s : strings) {
            text.writeBytes(Binary.fromString(s));
        }
        ByteBuffer plain =
                new PlainPages(column("s"))
                        .toPlain(
                                Encoding.DELTA_BYTE_ARRAY,
                                withPrefix(text.getBytes().toByteArray()),
                                3,
                                strings.length);
        int at = 0;
        for (String s : strings) {
            int length = plain.getInt(at);
            byte[] bytes = new byte[length];
            plain.get(at + 4, bytes);
            assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(s);
            at += 4 + length;
        }
        assertThat(at).isEqualTo(plain.limit());

        DeltaByteArrayWriter fixed =
                new DeltaByteArrayWriter(64, 1 << 16, new HeapByteBufferAllocator());
        fixed.writeBytes(Binary.fromConstantByteArray(new byte[] {1, 2, 3}));
        fixed.writeBytes(Binary.fromConstantByteArray(new byte[] {1, 2, 4}));
        ByteBuffer rgb =
                new PlainPages(column("rgb"))
                        .toPlain(
                                Encoding.DELTA_BYTE_ARRAY,
                                ByteBuffer.wrap(fixed.getBytes().toByteArray()),
                                0,
                                2);
        assertThat(Arrays.copyOf(rgb.array(), rgb.limit())).containsExactly(1, 2, 3, 1, 2, 4);

        DeltaByteArrayWriter wrongLength =
                new DeltaByteArrayWriter(64, 1 << 16, new HeapByteBufferAllocator());
        wrongLength.writeBytes(Binary.fromConstantByteArray(new byte[] {1, 2}));
        byte[] twoBytes = wrongLength.getBytes().toByteArray();
        assertThatThrownBy(
                        () ->
                                new PlainPages(column("rgb"))
                                        .toPlain(
                                                Encoding.DELTA_BYTE_ARRAY,
                                                ByteBuffer.wrap(twoBytes),
                                                0,
                                                1))
                .isInstanceOf(ParquetDecodingException.class)
                .hasMessageContaining("[rgb]");
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
                                new PlainPages(column("n"))
                                        .toPlain(
                                                Encoding.DELTA_BINARY_PACKED,
                                                ByteBuffer.wrap(ten),
                                                0,
                                                9))
                .isInstanceOf(ParquetDecodingException.class)
                .hasMessageContaining("[n]")
                .hasMessageContaining("10 of them");
        // a header cut short
        assertThatThrownBy(
                        () ->
                                new PlainPages(column("n"))
                                        .toPlain(
                                                Encoding.DELTA_BINARY_PACKED,
                                                ByteBuffer.wrap(
                                                        new byte[] {(byte) 0x80, (byte) 0x80}),
                                                0,
                                                10))
                .isInstanceOf(ParquetDecodingException.class)
                .hasMessageContaining("[n]");
        // blocks cut short
        byte[] cut = Arrays.copyOf(ten, ten.length - 1);
        assertThatThrownBy(
                        () ->
                                new PlainPages(column("n"))
                                        .toPlain(
                                                Encoding.DELTA_BINARY_PACKED,
                                                ByteBuffer.wrap(cut),
                                                0,
                                                10))
                .isInstanceOf(ParquetDecodingException.class)
                .hasMessageContaining("[n]");
        // an encoding the column's type cannot have
        assertThatThrownBy(
                        () ->
                                new PlainPages(column("d"))
                                        .toPlain(
                                                Encoding.DELTA_BINARY_PACKED,
                                                ByteBuffer.wrap(ten),
                                                0,
                                                10))
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
