package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;

import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.Packer;
import org.apache.parquet.io.ParquetDecodingException;

import java.nio.ByteBuffer;

/**
 * Decodes Parquet's RLE / bit-packing hybrid encoding (definition levels, dictionary ids) many
 * values at a time from a buffer, without a stream or an allocation per run.
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

    RleBitPackedDecoder(ByteBuffer buffer, int offset, int length, int bitWidth) {
        this.buffer = buffer;
        this.position = offset;
        this.end = offset + length;
        this.bitWidth = bitWidth;
        this.bytesPerRleValue = (bitWidth + 7) / 8;
        this.packer = Packer.LITTLE_ENDIAN.newBytePacker(bitWidth);
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
                for (int i = 0; i < n; i++) {
                    if (unpackedPosition == 8) {
                        unpackGroup();
                    }
                    out[offset + done + i] = unpacked[unpackedPosition++];
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
        if (position >= end) {
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
            throw new ParquetDecodingException("Bit-packed run goes past the end of the page");
        }
        packer.unpack8Values(buffer, position, unpacked, 0);
        position += bitWidth;
        packedGroupsRemaining--;
        unpackedPosition = 0;
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
