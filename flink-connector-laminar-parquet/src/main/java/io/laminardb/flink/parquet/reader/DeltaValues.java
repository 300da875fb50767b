package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;

import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesReader;
import org.apache.parquet.column.values.deltalengthbytearray.DeltaLengthByteArrayValuesReader;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * DELTA_BINARY_PACKED (INT32, INT64) and DELTA_LENGTH_BYTE_ARRAY (BYTE_ARRAY) values turned into
 * PLAIN ones when a page is opened, decoded by parquet-java's own value readers (which decode a
 * page's deltas a block at a time), so that {@link FlatColumnReader} and {@link PagedLeafCursor}
 * read them as the PLAIN page they become. How many values the page holds is in the header of its
 * (first) DELTA_BINARY_PACKED stream; it must not exceed the page's value count. DELTA_BYTE_ARRAY
 * is not here: files of old parquet-java writers share a prefix across pages there (PARQUET-246),
 * which only parquet-java's column reader restores. Fetcher thread.
 */
@Internal
final class DeltaValues {

    private DeltaValues() {}

    /** Whether pages of {@code encoding} are turned into PLAIN ones here. */
    static boolean converts(Encoding encoding) {
        return encoding == Encoding.DELTA_BINARY_PACKED
                || encoding == Encoding.DELTA_LENGTH_BYTE_ARRAY;
    }

    /**
     * The values of a page of {@code encoding} from {@code position} to the buffer's limit, as a
     * little-endian buffer of PLAIN values from its position 0.
     *
     * @param pageValues the page's value count, NULLs included: at most this many values
     */
    static ByteBuffer toPlain(
            Encoding encoding,
            ByteBuffer page,
            int position,
            int pageValues,
            ColumnDescriptor column) {
        PrimitiveTypeName type = column.getPrimitiveType().getPrimitiveTypeName();
        boolean numbers = type == PrimitiveTypeName.INT32 || type == PrimitiveTypeName.INT64;
        if (encoding == Encoding.DELTA_BINARY_PACKED
                ? !numbers
                : type != PrimitiveTypeName.BINARY) {
            throw new ParquetDecodingException(
                    "Column "
                            + column
                            + " has "
                            + encoding
                            + " pages, an encoding its type "
                            + type
                            + " cannot have");
        }
        ByteBuffer values = page.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        values.position(position);
        int count = valueCount(values.duplicate(), encoding, column);
        if (count > pageValues) {
            throw new ParquetDecodingException(
                    "Corrupt "
                            + encoding
                            + " values in column "
                            + column
                            + ": "
                            + count
                            + " of them in a page of "
                            + pageValues
                            + " values");
        }
        try {
            ByteBufferInputStream in = ByteBufferInputStream.wrap(values);
            if (encoding == Encoding.DELTA_BINARY_PACKED) {
                DeltaBinaryPackingValuesReader reader = new DeltaBinaryPackingValuesReader();
                reader.initFromPage(count, in);
                ByteBuffer plain;
                if (type == PrimitiveTypeName.INT32) {
                    plain = ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < count; i++) {
                        plain.putInt(4 * i, reader.readInteger());
                    }
                } else {
                    plain = ByteBuffer.allocate(8 * count).order(ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < count; i++) {
                        plain.putLong(8 * i, reader.readLong());
                    }
                }
                return plain;
            }
            DeltaLengthByteArrayValuesReader reader = new DeltaLengthByteArrayValuesReader();
            reader.initFromPage(count, in);
            Binary[] read = new Binary[count];
            long bytes = 4L * count;
            for (int i = 0; i < count; i++) {
                read[i] = reader.readBytes();
                bytes += read[i].length();
            }
            if (bytes > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("over 2 GB of values in one page");
            }
            ByteBuffer plain = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (Binary value : read) {
                plain.putInt(value.length());
                plain.put(value.toByteBuffer());
            }
            return plain.flip();
        } catch (IOException | RuntimeException e) {
            // parquet-java's readers fail without naming the column
            throw new ParquetDecodingException(
                    "Corrupt " + encoding + " values in column " + column, e);
        }
    }

    /**
     * The value count in the header of the DELTA_BINARY_PACKED stream at the buffer's position (the
     * values themselves, or a DELTA_LENGTH_BYTE_ARRAY page's lengths): after the block size and the
     * miniblocks per block, all three unsigned LEB128 varints.
     */
    private static int valueCount(ByteBuffer header, Encoding encoding, ColumnDescriptor column) {
        long count = 0;
        for (int varint = 0; varint < 3; varint++) {
            count = 0;
            for (int shift = 0; ; shift += 7) {
                if (!header.hasRemaining() || shift > 28) {
                    throw new ParquetDecodingException(
                            "Corrupt " + encoding + " header in column " + column);
                }
                int b = header.get() & 0xFF;
                count |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
        }
        if (count > Integer.MAX_VALUE) {
            throw new ParquetDecodingException(
                    "Corrupt " + encoding + " header in column " + column);
        }
        return (int) count;
    }
}
