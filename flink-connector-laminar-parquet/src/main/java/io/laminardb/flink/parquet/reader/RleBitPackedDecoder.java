package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;

import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.Packer;
import org.apache.parquet.io.ParquetDecodingException;

import java.nio.ByteBuffer;

/**
 * Decodes Parquet's RLE / bit-packing hybrid encoding (definition levels, dictionary ids) many
 * values at a time from a buffer, without a stream or an allocation per run. Callers that can use
 * runs (definition levels: a run of "all defined" or "all NULL") take them whole with {@link
 * #readRepeated} and fall back to {@link #read} for bit-packed values. {@link #legacyBitPacked}
 * reads the deprecated BIT_PACKED encoding of levels (big-endian, no run headers) through the same
 * methods.
 */
@Internal
final class RleBitPackedDecoder {

    private final ByteBuffer buffer;
    private final int bitWidth;
    private final int bytesPerRleValue;
    private final BytePacker packer;
    private int position;
    private final int end;

    private boolean rle;
    private int runRemaining;
    private int rleValue;
    private final int[] unpacked = new int[8];
    private int unpackedPosition = 8;
    private int packedGroupsRemaining;

    /** Whether this is one bit-packed run of the deprecated BIT_PACKED encoding. */
    private final boolean legacy;

    RleBitPackedDecoder(ByteBuffer buffer, int offset, int length, int bitWidth) {
        this(buffer, offset, length, bitWidth, Packer.LITTLE_ENDIAN, false);
    }

    private RleBitPackedDecoder(
            ByteBuffer buffer,
            int offset,
            int length,
            int bitWidth,
            Packer packing,
            boolean legacy) {
        this.buffer = buffer;
        this.position = offset;
        this.end = offset + length;
        this.bitWidth = bitWidth;
        this.bytesPerRleValue = (bitWidth + 7) / 8;
        this.packer = packing.newBytePacker(bitWidth);
        this.legacy = legacy;
    }

    /**
     * A decoder of {@code count} values in the deprecated BIT_PACKED encoding (definition levels of
     * data page v1 from very old writers): big-endian bit-packed, without a length or run headers.
     */
    static RleBitPackedDecoder legacyBitPacked(
            ByteBuffer buffer, int offset, int count, int bitWidth) {
        int length = legacyLength(count, bitWidth);
        RleBitPackedDecoder decoder =
                new RleBitPackedDecoder(buffer, offset, length, bitWidth, Packer.BIG_ENDIAN, true);
        decoder.rle = false;
        decoder.packedGroupsRemaining = (count + 7) / 8;
        decoder.runRemaining = count;
        return decoder;
    }

    /** Bytes that {@code count} values of {@code bitWidth} bits take in the BIT_PACKED encoding. */
    /**
     * The levels of a data page v1 at {@code offset}: RLE after the 4-byte length of their data, or
     * the deprecated BIT_PACKED encoding. {@link #end} is where the page's next section starts.
     *
     * @param count the page's values (levels)
     * @param kind "repetition" or "definition", for errors
     */
    static RleBitPackedDecoder v1Levels(
            Encoding encoding, ByteBuffer page, int offset, int count, int bitWidth, String kind) {
        if (encoding == Encoding.BIT_PACKED) {
            return legacyBitPacked(page, offset, count, bitWidth);
        }
        if (encoding != Encoding.RLE) {
            throw new ParquetDecodingException(
                    "Unexpected " + kind + " level encoding " + encoding);
        }
        return lengthPrefixed(page, offset, bitWidth, kind + " levels");
    }

    /**
     * RLE/bit-packed data at {@code offset} after the 4-byte length of its data (levels of a data
     * page v1, RLE booleans), checked to lie in the page; {@link #end} is where it ends.
     *
     * @param what what the data is, for errors
     */
    static RleBitPackedDecoder lengthPrefixed(
            ByteBuffer page, int offset, int bitWidth, String what) {
        int length = offset + 4 <= page.limit() ? page.getInt(offset) : -1;
        if (length < 0 || length > page.limit() - offset - 4) {
            throw new ParquetDecodingException(
                    "Corrupt " + what + ": " + length + " bytes in a page of " + page.limit());
        }
        return new RleBitPackedDecoder(page, offset + 4, length, bitWidth);
    }

    /** Where the encoded values end in the buffer: the next section of a data page v1. */
    int end() {
        return end;
    }

    static int legacyLength(int count, int bitWidth) {
        return (int) (((long) count * bitWidth + 7) / 8);
    }

    /**
     * Consumes up to {@code max} values if the next ones are a run of one repeated value: returns
     * how many (the value is {@link #repeatedValue}), or 0 if the next values are bit-packed (read
     * them with {@link #read}, at most {@link #packedRemaining} of them).
     */
    int readRepeated(int max) {
        if (runRemaining == 0) {
            nextRun();
        }
        if (!rle) {
            return 0;
        }
        int n = Math.min(max, runRemaining);
        runRemaining -= n;
        return n;
    }

    /** The value of the run that {@link #readRepeated} last consumed values of. */
    int repeatedValue() {
        return rleValue;
    }

    /** How many values the current bit-packed run has left (after {@link #readRepeated} gave 0). */
    int packedRemaining() {
        return rle ? 0 : runRemaining;
    }

    /** Decodes the next {@code count} values into {@code out[offset..]}. */
    void read(int[] out, int offset, int count) {
        int done = 0;
        while (done < count) {
            if (runRemaining == 0) {
                nextRun();
            }
            int n = Math.min(count - done, runRemaining);
            if (rle) {
                java.util.Arrays.fill(out, offset + done, offset + done + n, rleValue);
            } else {
                int i = 0;
                int at = offset + done;
                while (i < n && unpackedPosition < 8) {
                    out[at + i++] = unpacked[unpackedPosition++];
                }
                // whole groups of 8 straight into the output
                while (n - i >= 8 && unpackInto(out, at + i)) {
                    i += 8;
                }
                for (; i < n; i++) {
                    if (unpackedPosition == 8) {
                        unpackGroup();
                    }
                    out[at + i] = unpacked[unpackedPosition++];
                }
            }
            runRemaining -= n;
            done += n;
        }
    }

    /** Skips the next {@code count} values. */
    void skip(int count) {
        int done = 0;
        while (done < count) {
            if (runRemaining == 0) {
                nextRun();
            }
            int n = Math.min(count - done, runRemaining);
            if (!rle) {
                for (int i = 0; i < n; i++) {
                    if (unpackedPosition == 8) {
                        unpackGroup();
                    }
                    unpackedPosition++;
                }
            }
            runRemaining -= n;
            done += n;
        }
    }

    private void nextRun() {
        if (legacy || position >= end) {
            throw new ParquetDecodingException("RLE/bit-packed data ended before its values");
        }
        int header = readUnsignedVarInt();
        if ((header & 1) == 0) {
            rle = true;
            runRemaining = header >>> 1;
            int value = 0;
            for (int i = 0; i < bytesPerRleValue; i++) {
                value |= (buffer.get(position++) & 0xFF) << (8 * i);
            }
            rleValue = value;
        } else {
            rle = false;
            packedGroupsRemaining = header >>> 1;
            runRemaining = packedGroupsRemaining * 8;
            unpackedPosition = 8;
        }
        if (runRemaining == 0) {
            nextRun();
        }
    }

    private void unpackGroup() {
        if (packedGroupsRemaining == 0) {
            throw new ParquetDecodingException("Bit-packed run ended before its values");
        }
        if (position + bitWidth > buffer.limit()) {
            if (!legacy) {
                throw new ParquetDecodingException("Bit-packed run goes past the end of the page");
            }
            // The last group of legacy levels may have fewer than bitWidth bytes: pad it.
            byte[] padded = new byte[bitWidth];
            for (int i = 0; position + i < buffer.limit(); i++) {
                padded[i] = buffer.get(position + i);
            }
            packer.unpack8Values(padded, 0, unpacked, 0);
            position += bitWidth;
            packedGroupsRemaining--;
            unpackedPosition = 0;
            return;
        }
        unpack8(unpacked, 0);
        unpackedPosition = 0;
    }

    /**
     * Unpacks the run's next group of 8 values into {@code out} at {@code at}, if it lies whole in
     * the buffer (else leaves it to {@link #unpackGroup}, which checks and pads); the buffered
     * group must be used up.
     */
    private boolean unpackInto(int[] out, int at) {
        if (packedGroupsRemaining == 0 || position + bitWidth > buffer.limit()) {
            return false;
        }
        unpack8(out, at);
        return true;
    }

    private void unpack8(int[] out, int at) {
        packer.unpack8Values(buffer, position, out, at);
        position += bitWidth;
        packedGroupsRemaining--;
    }

    private int readUnsignedVarInt() {
        int value = 0;
        int shift = 0;
        int b;
        do {
            if (position >= end) {
                throw new ParquetDecodingException("Truncated RLE/bit-packed run header");
            }
            b = buffer.get(position++) & 0xFF;
            value |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0 && shift < 35);
        return value;
    }
}
