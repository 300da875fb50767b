package io.laminardb.flink.parquet.reader;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BYTE_STREAM_SPLIT pages into PLAIN values: the layout of the specification, and bad pages. */
class ByteStreamSplitTest {

    private static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message m { optional float f; optional fixed_len_byte_array(3) rgb;"
                            + " optional binary b; }");

    @Test
    void writesTheStreamsBackInValueOrder() {
        float[] values = {1.5f, -2f, 3.25f};
        ByteBuffer plain = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            plain.putFloat(v);
        }
        // two bytes before the values, as levels would be: stream k holds byte k of each value
        byte[] page = new byte[2 + 12];
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < 3; i++) {
                page[2 + k * 3 + i] = plain.get(i * 4 + k);
            }
        }
        ByteBuffer read = ByteStreamSplit.toPlain(ByteBuffer.wrap(page), 2, column("f"));
        for (int i = 0; i < 3; i++) {
            assertThat(read.getFloat(i * 4)).isEqualTo(values[i]);
        }

        byte[] rgb = {1, 4, 2, 5, 3, 6}; // two values of 3 bytes: {1, 2, 3} and {4, 5, 6}
        ByteBuffer colors = ByteStreamSplit.toPlain(ByteBuffer.wrap(rgb), 0, column("rgb"));
        assertThat(colors.array()).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void aPageOfAnotherLengthOrTypeFailsNamingTheColumn() {
        assertThatThrownBy(
                        () -> ByteStreamSplit.toPlain(ByteBuffer.wrap(new byte[7]), 0, column("f")))
                .isInstanceOf(ParquetDecodingException.class)
                .hasMessageContaining("[f]")
                .hasMessageContaining("7 bytes");
        assertThatThrownBy(
                        () -> ByteStreamSplit.toPlain(ByteBuffer.wrap(new byte[8]), 0, column("b")))
                .isInstanceOf(ParquetDecodingException.class)
                .hasMessageContaining("[b]")
                .hasMessageContaining("BINARY");
    }

    private static ColumnDescriptor column(String name) {
        return SCHEMA.getColumnDescription(new String[] {name});
    }
}
