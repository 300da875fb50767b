package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

import java.nio.ByteBuffer;

/**
 * PLAIN values of a page one at a time, for the columns whose values go through a converter: read
 * from a little-endian buffer at a position, which the caller keeps. BOOLEAN values (bits) are the
 * callers' own. Every read is checked against the buffer's limit and fails naming the column.
 */
@Internal
final class PlainValues {

    private PlainValues() {}

    /** The bytes per value of a FIXED_LEN_BYTE_ARRAY or INT96 column; 0 for other columns. */
    static int fixedLength(PrimitiveType column) {
        switch (column.getPrimitiveTypeName()) {
            case FIXED_LEN_BYTE_ARRAY:
                return column.getTypeLength();
            case INT96:
                return 12;
            default:
                return 0;
        }
    }

    /**
     * Hands the value at {@code position} to {@code converter}; returns the position after it.
     *
     * @param fixedLength the bytes per value of FIXED_LEN_BYTE_ARRAY and INT96 columns
     */
    static int add(
            PrimitiveConverter converter,
            PrimitiveTypeName type,
            ByteBuffer values,
            int position,
            int fixedLength,
            ColumnDescriptor column) {
        switch (type) {
            case INT32:
                converter.addInt(values.getInt(check(values, position, 4, type, column)));
                return position + 4;
            case INT64:
                converter.addLong(values.getLong(check(values, position, 8, type, column)));
                return position + 8;
            case FLOAT:
                converter.addFloat(values.getFloat(check(values, position, 4, type, column)));
                return position + 4;
            case DOUBLE:
                converter.addDouble(values.getDouble(check(values, position, 8, type, column)));
                return position + 8;
            case FIXED_LEN_BYTE_ARRAY:
            case INT96:
                check(values, position, fixedLength, type, column);
                converter.addBinary(Binary.fromConstantByteBuffer(values, position, fixedLength));
                return position + fixedLength;
            default:
                int length = values.getInt(check(values, position, 4, type, column));
                if (length < 0 || length > values.limit() - position - 4) {
                    throw new ParquetDecodingException(
                            "Corrupt PLAIN BYTE_ARRAY value of length "
                                    + length
                                    + " in column "
                                    + column);
                }
                converter.addBinary(Binary.fromConstantByteBuffer(values, position + 4, length));
                return position + 4 + length;
        }
    }

    /** Skips {@code count} values from {@code position}; returns the position after them. */
    static int skip(
            PrimitiveTypeName type,
            ByteBuffer values,
            int position,
            int count,
            int fixedLength,
            ColumnDescriptor column) {
        switch (type) {
            case INT32:
            case FLOAT:
                return position + 4 * count;
            case INT64:
            case DOUBLE:
                return position + 8 * count;
            case FIXED_LEN_BYTE_ARRAY:
            case INT96:
                return position + fixedLength * count;
            default:
                for (int i = 0; i < count; i++) {
                    int length = values.getInt(check(values, position, 4, type, column));
                    position = check(values, position + 4, length, type, column) + length;
                }
                return position;
        }
    }

    /**
     * Adds {@code n} PLAIN INT32, INT64, FLOAT or DOUBLE values from {@code position} to {@code
     * elements}, whose kind takes them unchanged, at once; returns the position after them.
     */
    static int addRun(
            ElementBuffer elements,
            PrimitiveTypeName type,
            ByteBuffer values,
            int position,
            int n,
            ColumnDescriptor column) {
        int width = type == PrimitiveTypeName.INT64 || type == PrimitiveTypeName.DOUBLE ? 8 : 4;
        elements.addPlain(type, values, check(values, position, width * n, type, column), n);
        return position + width * n;
    }

    /** {@code position}, checked to have {@code size} bytes of the buffer after it. */
    private static int check(
            ByteBuffer values,
            int position,
            int size,
            PrimitiveTypeName type,
            ColumnDescriptor column) {
        if (position < 0 || size < 0 || size > values.limit() - position) {
            throw new ParquetDecodingException(
                    "PLAIN " + type + " values end before their count in column " + column);
        }
        return position;
    }
}
