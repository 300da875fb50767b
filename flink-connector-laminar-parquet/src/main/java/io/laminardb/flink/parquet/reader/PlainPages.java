package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;

import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesReader;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One column chunk's pages whose values are PLAIN ones in another layout, turned into PLAIN pages
 * when opened, so that {@link FlatColumnReader} and {@link PagedLeafCursor} read every encoding as
 * PLAIN, dictionary ids or RLE booleans: BYTE_STREAM_SPLIT ({@link ByteStreamSplit}), and
 * DELTA_BINARY_PACKED (INT32, INT64), DELTA_LENGTH_BYTE_ARRAY (BYTE_ARRAY) and DELTA_BYTE_ARRAY
 * (BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY), whose DELTA_BINARY_PACKED streams (numbers, lengths, prefix
 * lengths) parquet-java's own value reader decodes (a block of deltas at a time) and whose strings'
 * bytes go straight into one array. How many values a DELTA page holds is in the header of its
 * (first) DELTA_BINARY_PACKED stream; it must not exceed the page's value count. A DELTA_BYTE_ARRAY
 * page starts from the last value of the chunk's page before it, as parquet-java's column reader
 * does for the files of parquet-java writers before 1.8, whose first prefix of a page refers to it
 * (PARQUET-246; those writers made no page index, so no page of theirs is skipped); in other files
 * it is empty. One per column reader, made when its first such page is opened. Fetcher thread.
 */
@Internal
final class PlainPages {

    private final ColumnDescriptor column;

    /** The last value of the chunk's DELTA_BYTE_ARRAY page before; empty before the first. */
    private byte[] previous = new byte[0];

    PlainPages(ColumnDescriptor column) {
        this.column = column;
    }

    /** Whether pages of {@code encoding} are turned into PLAIN ones here. */
    static boolean converts(Encoding encoding) {
        return encoding == Encoding.BYTE_STREAM_SPLIT
                || encoding == Encoding.DELTA_BINARY_PACKED
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
        if (encoding == Encoding.BYTE_STREAM_SPLIT) {
            return ByteStreamSplit.toPlain(page, position, column);
        }
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

    /**
     * PLAIN BYTE_ARRAY values (each after its length) or FIXED_LEN_BYTE_ARRAY values, written
     * straight into one array: a value's shared prefix is copied from the value before it there.
     */
    private ByteBuffer bytes(Encoding encoding, ByteBufferInputStream in, int count)
            throws IOException {
        int[] prefixes = new int[count];
        if (encoding == Encoding.DELTA_BYTE_ARRAY) {
            lengths(in, prefixes);
        }
        int[] suffixes = new int[count];
        lengths(in, suffixes);
        int fixedLength = PlainValues.fixedLength(column.getPrimitiveType());
        long size = fixedLength > 0 ? 0 : 4L * count;
        long suffixBytes = 0;
        for (int i = 0; i < count; i++) {
            if (prefixes[i] < 0 || suffixes[i] < 0) {
                throw new IllegalStateException("a negative length");
            }
            int length = prefixes[i] + suffixes[i];
            if (fixedLength > 0 && length != fixedLength) {
                throw new IllegalStateException(
                        "a value of " + length + " bytes in a column of " + fixedLength);
            }
            size += length;
            suffixBytes += suffixes[i];
        }
        if (size > Integer.MAX_VALUE - 16 || suffixBytes > in.available()) {
            throw new IllegalStateException("values longer than the page");
        }
        ByteBuffer source = in.slice((int) suffixBytes);
        byte[] plain = new byte[(int) size];
        byte[] last = previous;
        int lastStart = 0;
        int lastLength = last.length;
        int at = 0;
        for (int i = 0; i < count; i++) {
            int prefix = prefixes[i];
            int length = prefix + suffixes[i];
            if (fixedLength == 0) {
                plain[at] = (byte) length;
                plain[at + 1] = (byte) (length >>> 8);
                plain[at + 2] = (byte) (length >>> 16);
                plain[at + 3] = (byte) (length >>> 24);
                at += 4;
            }
            if (prefix > lastLength) {
                throw new IllegalStateException(
                        "a prefix of " + prefix + " bytes of a value of " + lastLength);
            }
            System.arraycopy(last, lastStart, plain, at, prefix);
            source.get(plain, at + prefix, suffixes[i]);
            last = plain;
            lastStart = at;
            lastLength = length;
            at += length;
        }
        if (encoding == Encoding.DELTA_BYTE_ARRAY && count > 0) {
            previous = Arrays.copyOfRange(last, lastStart, lastStart + lastLength);
        }
        return ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The {@code lengths.length} values of the DELTA_BINARY_PACKED stream at {@code in}. */
    private static void lengths(ByteBufferInputStream in, int[] lengths) throws IOException {
        DeltaBinaryPackingValuesReader reader = new DeltaBinaryPackingValuesReader();
        reader.initFromPage(lengths.length, in);
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = reader.readInteger();
        }
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
