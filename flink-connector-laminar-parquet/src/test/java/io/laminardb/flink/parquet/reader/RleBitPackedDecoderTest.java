package io.laminardb.flink.parquet.reader;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.DirectByteBufferAllocator;
import org.apache.parquet.column.values.bitpacking.BitPackingValuesWriter;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The level decoder reads what parquet-java writes: RLE / bit-packed hybrid levels taken as runs
 * ({@code readRepeated}) and one by one, and the deprecated BIT_PACKED levels of old writers.
 */
class RleBitPackedDecoderTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void runsAndPackedValuesGiveTheLevels(int seed) throws Exception {
        Random random = new Random(seed);
        int bitWidth = 1 + seed % 3;
        int[] levels = levels(random, 5_000, bitWidth);
        RunLengthBitPackingHybridEncoder encoder =
                new RunLengthBitPackingHybridEncoder(
                        bitWidth, 64, 1 << 20, new DirectByteBufferAllocator());
        for (int level : levels) {
            encoder.writeInt(level);
        }
        byte[] bytes = encoder.toBytes().toByteArray();
        RleBitPackedDecoder decoder =
                new RleBitPackedDecoder(ByteBuffer.wrap(bytes), 0, bytes.length, bitWidth);
        int[] out = new int[levels.length];
        int done = 0;
        int runs = 0;
        while (done < levels.length) {
            int want = Math.min(levels.length - done, 1 + random.nextInt(300));
            int repeated = decoder.readRepeated(want);
            if (repeated > 0) {
                runs++;
                java.util.Arrays.fill(out, done, done + repeated, decoder.repeatedValue());
                done += repeated;
            } else {
                int n = Math.min(want, decoder.packedRemaining());
                decoder.read(out, done, n);
                done += n;
            }
        }
        assertThat(out).isEqualTo(levels);
        assertThat(runs).isGreaterThan(0);
    }

    @ParameterizedTest(name = "{0} values")
    @ValueSource(ints = {1, 7, 8, 9, 1_001})
    void legacyBitPackedLevels(int count) throws Exception {
        Random random = new Random(count);
        for (int bitWidth = 1; bitWidth <= 3; bitWidth++) {
            int[] levels = levels(random, count, bitWidth);
            @SuppressWarnings("deprecation")
            BitPackingValuesWriter writer =
                    new BitPackingValuesWriter(
                            (1 << bitWidth) - 1, 64, 1 << 20, new DirectByteBufferAllocator());
            for (int level : levels) {
                writer.writeInteger(level);
            }
            BytesInput written = writer.getBytes();
            byte[] bytes = written.toByteArray();
            assertThat(bytes.length).isEqualTo(RleBitPackedDecoder.legacyLength(count, bitWidth));
            RleBitPackedDecoder decoder =
                    RleBitPackedDecoder.legacyBitPacked(ByteBuffer.wrap(bytes), 0, count, bitWidth);
            int[] out = new int[count];
            assertThat(decoder.readRepeated(count)).isZero();
            decoder.read(out, 0, count);
            assertThat(out).as("bit width %s", bitWidth).isEqualTo(levels);
        }
    }

    /** Levels in runs of one value and stretches of random values. */
    private static int[] levels(Random random, int count, int bitWidth) {
        int[] levels = new int[count];
        int max = (1 << bitWidth) - 1;
        int i = 0;
        while (i < count) {
            int n = Math.min(count - i, 1 + random.nextInt(100));
            boolean run = random.nextBoolean();
            int value = random.nextInt(max + 1);
            for (int k = 0; k < n; k++) {
                levels[i + k] = run ? value : random.nextInt(max + 1);
            }
            i += n;
        }
        return levels;
    }
}
