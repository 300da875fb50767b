package io.laminardb.flink.parquet.arrow;

import io.laminardb.flink.parquet.reader.DictionaryStrings;

import org.apache.flink.table.data.columnar.vector.BytesColumnVector;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.TinyIntType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run of values handed to the Arrow sink in one call ({@code setByteValues}, {@code
 * setDictionaryEntries}, {@code setTinyInts}, {@code setSmallInts}, {@code setLongs}, {@code
 * setDoubles}, {@code setTimestamps}) writes the vector that the same values written one by one
 * write: random runs of PLAIN strings, dictionary entries and NULLs, enough bytes to make the
 * buffers grow several times.
 */
class ArrowColumnSinkRunsTest {

    private static final int ROWS = 3_000;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3})
    void runsOfStringsWriteWhatValuesOneByOneWrite(int seed) {
        Random random = new Random(seed);
        byte[][] entries = new byte[40][];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = text(random);
        }
        DictionaryStrings dictionary = dictionary(entries);
        try (ArrowReaderMemory memory = new ArrowReaderMemory(256L << 20)) {
            ArrowColumnSink runs = new ArrowColumnSink("s", new VarCharType(), memory);
            ArrowColumnSink oneByOne = new ArrowColumnSink("s", new VarCharType(), memory);
            runs.open(ROWS);
            oneByOne.open(ROWS);
            int row = 0;
            while (row < ROWS) {
                int n = Math.min(ROWS - row, 1 + random.nextInt(300));
                switch (random.nextInt(3)) {
                    case 0:
                        runs.setNulls(row, n);
                        oneByOne.setNulls(row, n);
                        break;
                    case 1:
                        writePlain(random, runs, oneByOne, row, n);
                        break;
                    default:
                        int[] ids = new int[n + 2];
                        for (int i = 0; i < ids.length; i++) {
                            ids[i] = random.nextInt(entries.length);
                        }
                        runs.setDictionaryEntries(row, dictionary, ids, 2, n);
                        for (int i = 0; i < n; i++) {
                            oneByOne.position(row + i);
                            byte[] entry = entries[ids[2 + i]];
                            oneByOne.setBytes(entry, 0, entry.length);
                        }
                }
                row += n;
            }
            ArrowColumnView a = runs.take();
            ArrowColumnView b = oneByOne.take();
            for (int r = 0; r < ROWS; r++) {
                assertThat(a.isNullAt(r)).as("row %s is null", r).isEqualTo(b.isNullAt(r));
                if (!b.isNullAt(r)) {
                    assertThat(bytes(a.getBytes(r)))
                            .as("row %s", r)
                            .isEqualTo(bytes(b.getBytes(r)));
                }
            }
            a.release();
            b.release();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2})
    void runsOfNumbersAndTimestampsWriteWhatValuesOneByOneWrite(int seed) {
        Random random = new Random(seed);
        LogicalType[] types = {
            new TinyIntType(),
            new SmallIntType(),
            new BigIntType(),
            new DoubleType(),
            new TimestampType(6),
            new TimestampType(9)
        };
        int[] units = {1, 1_000, 1_000_000};
        try (ArrowReaderMemory memory = new ArrowReaderMemory(64L << 20)) {
            for (LogicalType type : types) {
                ArrowColumnSink runs = new ArrowColumnSink("c", type, memory);
                ArrowColumnSink oneByOne = new ArrowColumnSink("c", type, memory);
                runs.open(ROWS);
                oneByOne.open(ROWS);
                int row = 0;
                while (row < ROWS) {
                    int n = Math.min(ROWS - row, 1 + random.nextInt(300));
                    if (random.nextInt(4) == 0) {
                        runs.setNulls(row, n);
                        oneByOne.setNulls(row, n);
                    } else {
                        long[] values = new long[n];
                        int[] ints = new int[n];
                        double[] doubles = new double[n];
                        // timestamps within 200 years of the epoch, in ms, us or ns
                        int unitsPerMilli = units[random.nextInt(units.length)];
                        long range = 200L * 365 * 86_400_000L * unitsPerMilli;
                        for (int i = 0; i < n; i++) {
                            values[i] = random.nextLong() % range;
                            doubles[i] = random.nextGaussian();
                            ints[i] = random.nextInt(); // narrowed by the cast, as one by one
                            oneByOne.position(row + i);
                            if (type instanceof TinyIntType) {
                                oneByOne.setByte((byte) ints[i]);
                            } else if (type instanceof SmallIntType) {
                                oneByOne.setShort((short) ints[i]);
                            } else if (type instanceof BigIntType) {
                                oneByOne.setLong(values[i]);
                            } else if (type instanceof DoubleType) {
                                oneByOne.setDouble(doubles[i]);
                            } else {
                                Instant instant =
                                        Instant.EPOCH.plusNanos(
                                                values[i]
                                                        % unitsPerMilli
                                                        * (1_000_000 / unitsPerMilli));
                                instant = instant.plusMillis(values[i] / unitsPerMilli);
                                oneByOne.setTimestamp(
                                        instant.toEpochMilli(), instant.getNano() % 1_000_000);
                            }
                        }
                        if (type instanceof TinyIntType) {
                            runs.setTinyInts(row, ints, n);
                        } else if (type instanceof SmallIntType) {
                            runs.setSmallInts(row, ints, n);
                        } else if (type instanceof BigIntType) {
                            runs.setLongs(row, values, n);
                        } else if (type instanceof DoubleType) {
                            runs.setDoubles(row, doubles, n);
                        } else {
                            runs.setTimestamps(row, values, n, unitsPerMilli);
                        }
                    }
                    row += n;
                }
                ArrowColumnView a = runs.take();
                ArrowColumnView b = oneByOne.take();
                for (int r = 0; r < ROWS; r++) {
                    assertThat(a.isNullAt(r))
                            .as("%s row %s is null", type, r)
                            .isEqualTo(b.isNullAt(r));
                    if (!b.isNullAt(r)) {
                        if (type instanceof TinyIntType) {
                            assertThat(a.getByte(r)).isEqualTo(b.getByte(r));
                        } else if (type instanceof SmallIntType) {
                            assertThat(a.getShort(r)).isEqualTo(b.getShort(r));
                        } else if (type instanceof BigIntType) {
                            assertThat(a.getLong(r)).isEqualTo(b.getLong(r));
                        } else if (type instanceof DoubleType) {
                            assertThat(a.getDouble(r)).isEqualTo(b.getDouble(r));
                        } else {
                            assertThat(a.getTimestamp(r, 9))
                                    .as("%s row %s", type, r)
                                    .isEqualTo(b.getTimestamp(r, 9));
                        }
                    }
                }
                a.release();
                b.release();
            }
        }
    }

    /** A PLAIN page of {@code n} values (each after its 4-byte length), as a run and one by one. */
    private static void writePlain(
            Random random, ArrowColumnSink runs, ArrowColumnSink oneByOne, int row, int n) {
        byte[][] values = new byte[n][];
        int size = 7; // bytes before the first value
        for (int i = 0; i < n; i++) {
            values[i] = text(random);
            size += 4 + values[i].length;
        }
        byte[] page = new byte[size + 5];
        int[] starts = new int[n];
        int[] lengths = new int[n];
        int at = 7;
        for (int i = 0; i < n; i++) {
            at += 4;
            System.arraycopy(values[i], 0, page, at, values[i].length);
            starts[i] = at;
            lengths[i] = values[i].length;
            at += values[i].length;
            oneByOne.position(row + i);
            oneByOne.setBytes(page, starts[i], lengths[i]);
        }
        runs.setByteValues(row, page, starts, lengths, n, 7, at);
    }

    private static byte[] text(Random random) {
        int length = random.nextInt(8) == 0 ? 0 : random.nextInt(400);
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = random.nextInt(20) == 0 ? '€' : (char) ('a' + random.nextInt(26));
        }
        return new String(chars).getBytes(StandardCharsets.UTF_8);
    }

    private static DictionaryStrings dictionary(byte[][] entries) {
        int[] offsets = new int[entries.length + 1];
        for (int i = 0; i < entries.length; i++) {
            offsets[i + 1] = offsets[i] + entries[i].length;
        }
        byte[] bytes = new byte[offsets[entries.length]];
        for (int i = 0; i < entries.length; i++) {
            System.arraycopy(entries[i], 0, bytes, offsets[i], entries[i].length);
        }
        return new DictionaryStrings(bytes, offsets, 1_000_000, false);
    }

    private static byte[] bytes(BytesColumnVector.Bytes bytes) {
        return Arrays.copyOfRange(bytes.data, bytes.offset, bytes.offset + bytes.len);
    }
}
