package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;

import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesReader;
import org.apache.parquet.column.values.deltalengthbytearray.DeltaLengthByteArrayValuesReader;
import org.apache.parquet.column.values.deltastrings.DeltaByteArrayReader;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

import javax.annotation.Nullable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One column chunk's DELTA_BINARY_PACKED (INT32, INT64), DELTA_LENGTH_BYTE_ARRAY (BYTE_ARRAY) and
 * DELTA_BYTE_ARRAY (BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY) values turned into PLAIN ones when a page is
 * opened, decoded by parquet-java's own value readers (which decode a page's deltas a block at a
 * time), so that {@link FlatColumnReader} and {@link PagedLeafCursor} read them as the PLAIN page
 * they become. How many values the page holds is in the header of its (first) DELTA_BINARY_PACKED
 * stream; it must not exceed the page's value count. A DELTA_BYTE_ARRAY page starts from the last
 * value of the chunk's page before it, as parquet-java's column reader does for the files of
 * parquet-java writers before 1.8, whose first prefix of a page refers to it (PARQUET-246; those
 * writers made no page index, so no page of theirs is skipped); in other files it is empty. One per
 * column reader, made when its first such page is opened. Fetcher thread.
 */
@Internal
final class DeltaValues {

    private final ColumnDescriptor column;

    /** The reader of the chunk's last DELTA_BYTE_ARRAY page, holding its last value; or null. */
    @Nullable private DeltaByteArrayReader previousStrings;

    DeltaValues(ColumnDescriptor column) {
        this.column = column;
    }

    /** Whether pages of {@code encoding} are turned into PLAIN ones here. */
    static boolean converts(Encoding encoding) {
        return encoding == Encoding.DELTA_BINARY_PACKED
                || encoding == Encoding.DELTA_LENGTH_BYTE_ARRAY
                || encoding == Encoding.DELTA_BYTE_ARRAY;
    }

    /**
     * The values of a page of {@code encoding} from {@code position} to the buffer's limit, as a
     * little-endian buffer of PLAIN values from its position 0.
     *
     * @param pageValues the page's value count, NULLs included: at most this many values
     */
    ByteBuffer toPlain(Encoding encoding, ByteBuffer page, int position, int pageValues) {
        PrimitiveTypeName type = column.getPrimitiveType().getPrimitiveTypeName();
        if (!fits(encoding, type)) {
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
        int count = valueCount(values.duplicate(), encoding);
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
            return encoding == Encoding.DELTA_BINARY_PACKED
                    ? numbers(type, in, count)
                    : bytes(encoding, in, count);
        } catch (IOException | RuntimeException e) {
            // parquet-java's readers fail without naming the column
            throw new ParquetDecodingException(
                    "Corrupt " + encoding + " values in column " + column, e);
        }
    }

    private static boolean fits(Encoding encoding, PrimitiveTypeName type) {
        switch (encoding) {
            case DELTA_BINARY_PACKED:
                return type == PrimitiveTypeName.INT32 || type == PrimitiveTypeName.INT64;
            case DELTA_LENGTH_BYTE_ARRAY:
                return type == PrimitiveTypeName.BINARY;
            default:
                return type == PrimitiveTypeName.BINARY
                        || type == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
        }
    }

    private static ByteBuffer numbers(PrimitiveTypeName type, ByteBufferInputStream in, int count)
            throws IOException {
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

    /** PLAIN BYTE_ARRAY values (each after its length) or FIXED_LEN_BYTE_ARRAY values. */
    private ByteBuffer bytes(Encoding encoding, ByteBufferInputStream in, int count)
            throws IOException {
        ValuesReader reader;
        if (encoding == Encoding.DELTA_LENGTH_BYTE_ARRAY) {
            reader = new DeltaLengthByteArrayValuesReader();
        } else {
            DeltaByteArrayReader strings = new DeltaByteArrayReader();
            strings.setPreviousReader(previousStrings);
            previousStrings = strings;
            reader = strings;
        }
        reader.initFromPage(count, in);
        int fixedLength = PlainValues.fixedLength(column.getPrimitiveType());
        Binary[] read = new Binary[count];
        long size = fixedLength > 0 ? 0 : 4L * count;
        for (int i = 0; i < count; i++) {
            read[i] = reader.readBytes();
            if (fixedLength > 0 && read[i].length() != fixedLength) {
                throw new IllegalStateException(
                        "a value of " + read[i].length() + " bytes in a column of " + fixedLength);
            }
            size += read[i].length();
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("over 2 GB of values in one page");
        }
        ByteBuffer plain = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        for (Binary value : read) {
            if (fixedLength == 0) {
                plain.putInt(value.length());
            }
            plain.put(value.toByteBuffer());
        }
        return plain.flip();
    }

    /**
     * The value count in the header of the DELTA_BINARY_PACKED stream at the buffer's position (the
     * values themselves, or the lengths of a DELTA_LENGTH_BYTE_ARRAY page, or the prefix lengths of
     * a DELTA_BYTE_ARRAY page): after the block size and the miniblocks per block, all three
     * unsigned LEB128 varints.
     */
    private int valueCount(ByteBuffer header, Encoding encoding) {
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
