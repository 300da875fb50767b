package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.schema.PrimitiveType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * BYTE_STREAM_SPLIT values turned into PLAIN ones. The encoding (Parquet's Encodings.md) stores the
 * {@code n} values of a page, each {@code width} bytes, as {@code width} streams of {@code n}
 * bytes: stream {@code k} holds byte {@code k} of every value. Writing the streams back into value
 * order gives the PLAIN layout of the same values, which {@link FlatColumnReader} and {@link
 * PagedLeafCursor} read as they read any PLAIN page. FLOAT, DOUBLE, INT32, INT64 and
 * FIXED_LEN_BYTE_ARRAY values only. Fetcher thread.
 */
@Internal
final class ByteStreamSplit {

    private ByteStreamSplit() {}

    /**
     * The values of a BYTE_STREAM_SPLIT page from {@code position} to the buffer's limit, as a
     * little-endian buffer of PLAIN values from its position 0.
     */
    static ByteBuffer toPlain(ByteBuffer page, int position, ColumnDescriptor column) {
        PrimitiveType type = column.getPrimitiveType();
        int width = width(type);
        int length = page.limit() - position;
        if (width == 0) {
            throw new ParquetDecodingException(
                    "Column "
                            + column
                            + " has BYTE_STREAM_SPLIT pages, an encoding its type "
                            + type.getPrimitiveTypeName()
                            + " cannot have");
        }
        if (length < 0 || length % width != 0) {
            throw new ParquetDecodingException(
                    "BYTE_STREAM_SPLIT values of column "
                            + column
                            + " take "
                            + length
                            + " bytes, not a multiple of their width "
                            + width);
        }
        int n = length / width;
        byte[] plain = new byte[length];
        for (int k = 0; k < width; k++) {
            int stream = position + k * n;
            for (int i = 0; i < n; i++) {
                plain[i * width + k] = page.get(stream + i);
            }
        }
        return ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The bytes of one value of {@code type}; 0 where the encoding does not apply. */
    private static int width(PrimitiveType type) {
        switch (type.getPrimitiveTypeName()) {
            case FLOAT:
            case INT32:
                return 4;
            case DOUBLE:
            case INT64:
                return 8;
            case FIXED_LEN_BYTE_ARRAY:
                return type.getTypeLength();
            default:
                return 0;
        }
    }
}
