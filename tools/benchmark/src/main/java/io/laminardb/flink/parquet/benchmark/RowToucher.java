package io.laminardb.flink.parquet.benchmark;

import io.laminardb.flink.parquet.datagen.DataSetGenerator;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.util.Collector;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The downstream of both sources: reads every field of every row with the typed getter of its
 * column (strings are hashed over their bytes, so they are really materialized; or, with {@link
 * Strings#FIELDS}, only their length and first byte are read), folds the values into a per-row
 * hash, and emits nothing. The row count and an order-independent checksum (the sum of the row
 * hashes) go to accumulators, so the harness can check that both sources read the same rows.
 *
 * <p>The same instance type, with the same code path, runs behind both sources.
 */
final class RowToucher extends RichFlatMapFunction<RowData, Long> {

    static final String ROWS = "rows";
    static final String CHECKSUM = "checksum";

    /** When the first row of the current run reached an instance ({@link System#nanoTime()}). */
    static final AtomicLong FIRST_ROW_NANOS = new AtomicLong();

    /** When the last instance of the current run ended its input. */
    static final AtomicLong LAST_ROW_NANOS = new AtomicLong();

    /** The JVM's CPU time when the first row of the current run arrived, -1 before. */
    static final AtomicLong FIRST_ROW_CPU_NANOS = new AtomicLong(-1);

    /** The JVM's CPU time when the last instance of the current run ended its input. */
    static final AtomicLong LAST_ROW_CPU_NANOS = new AtomicLong(-1);

    private static final long serialVersionUID = 1L;

    private static final int BOOLEAN = 0;
    private static final int INT = 1;
    private static final int BIGINT = 2;
    private static final int DOUBLE = 3;
    private static final int FLOAT = 4;
    private static final int STRING = 5;
    private static final int TIMESTAMP = 6;
    private static final int BINARY = 7;
    private static final int TINYINT = 8;
    private static final int SMALLINT = 9;
    private static final int DECIMAL = 10;
    private static final int NESTED = 11;

    /** What is read of a string value. */
    enum Strings {
        /** Every byte, hashed (MurmurHash, as {@code StringData#hashCode}). */
        HASH,
        /** Its length and first byte: the string object is made, its bytes are not walked. */
        FIELDS
    }

    private final int[] kinds;
    private final LogicalType[] types;
    private final int[] precisions;
    private final int[] scales;
    private final boolean hashStrings;

    private transient LongCounter rows;
    private transient LongCounter checksum;
    private transient long localRows;
    private transient long localChecksum;

    RowToucher(RowType rowType, Strings strings) {
        this.hashStrings = strings == Strings.HASH;
        int n = rowType.getFieldCount();
        this.kinds = new int[n];
        this.types = rowType.getChildren().toArray(new LogicalType[0]);
        this.precisions = new int[n];
        this.scales = new int[n];
        for (int i = 0; i < n; i++) {
            LogicalType type = rowType.getTypeAt(i);
            switch (type.getTypeRoot()) {
                case BOOLEAN:
                    kinds[i] = BOOLEAN;
                    break;
                case TINYINT:
                    kinds[i] = TINYINT;
                    break;
                case SMALLINT:
                    kinds[i] = SMALLINT;
                    break;
                case INTEGER:
                case DATE:
                    kinds[i] = INT;
                    break;
                case DECIMAL:
                    kinds[i] = DECIMAL;
                    precisions[i] = ((DecimalType) type).getPrecision();
                    scales[i] = ((DecimalType) type).getScale();
                    break;
                case BIGINT:
                    kinds[i] = BIGINT;
                    break;
                case DOUBLE:
                    kinds[i] = DOUBLE;
                    break;
                case FLOAT:
                    kinds[i] = FLOAT;
                    break;
                case CHAR:
                case VARCHAR:
                    kinds[i] = STRING;
                    break;
                case BINARY:
                case VARBINARY:
                    kinds[i] = BINARY;
                    break;
                case TIMESTAMP_WITHOUT_TIME_ZONE:
                    kinds[i] = TIMESTAMP;
                    precisions[i] = ((TimestampType) type).getPrecision();
                    break;
                case ROW:
                case ARRAY:
                case MAP:
                    kinds[i] = NESTED;
                    break;
                default:
                    throw new IllegalArgumentException(
                            "The benchmark does not read columns of type " + type);
            }
        }
    }

    @Override
    public void open(OpenContext openContext) {
        rows = getRuntimeContext().getLongCounter(ROWS);
        checksum = getRuntimeContext().getLongCounter(CHECKSUM);
        localRows = 0;
        localChecksum = 0;
    }

    @Override
    public void flatMap(RowData row, Collector<Long> out) {
        if (localRows == 0) {
            FIRST_ROW_NANOS.accumulateAndGet(
                    System.nanoTime(), (a, b) -> a == 0 ? b : Math.min(a, b));
            FIRST_ROW_CPU_NANOS.compareAndSet(-1, processCpuNanos());
        }
        long h = 1;
        for (int i = 0; i < kinds.length; i++) {
            h *= 31;
            if (row.isNullAt(i)) {
                h += 7;
                continue;
            }
            switch (kinds[i]) {
                case BOOLEAN:
                    h += row.getBoolean(i) ? 1 : 2;
                    break;
                case TINYINT:
                    h += row.getByte(i);
                    break;
                case SMALLINT:
                    h += row.getShort(i);
                    break;
                case INT:
                    h += row.getInt(i);
                    break;
                case DECIMAL:
                    DecimalData decimal = row.getDecimal(i, precisions[i], scales[i]);
                    h +=
                            decimal.isCompact()
                                    ? decimal.toUnscaledLong()
                                    : decimal.toBigDecimal().unscaledValue().hashCode();
                    break;
                case BIGINT:
                    h += row.getLong(i);
                    break;
                case DOUBLE:
                    h += Double.doubleToLongBits(row.getDouble(i));
                    break;
                case FLOAT:
                    h += Float.floatToIntBits(row.getFloat(i));
                    break;
                case STRING:
                    h += hashStrings ? row.getString(i).hashCode() : lengthAndFirstByte(row, i);
                    break;
                case BINARY:
                    h += java.util.Arrays.hashCode(row.getBinary(i));
                    break;
                case TIMESTAMP:
                    TimestampData ts = row.getTimestamp(i, precisions[i]);
                    h += ts.getMillisecond() * 1_000_003L + ts.getNanoOfMillisecond();
                    break;
                case NESTED:
                    h += nestedField(row, i, types[i]);
                    break;
                default:
                    throw new IllegalStateException();
            }
        }
        localRows++;
        localChecksum += DataSetGenerator.mix(h);
    }

    @Override
    public void close() {
        if (rows != null) {
            rows.add(localRows);
            checksum.add(localChecksum);
        }
        LAST_ROW_NANOS.accumulateAndGet(System.nanoTime(), Math::max);
        LAST_ROW_CPU_NANOS.accumulateAndGet(processCpuNanos(), Math::max);
    }

    /**
     * The hash of a ROW, ARRAY or MAP field, or of a field of a nested row: every field and element
     * read with its typed getter; a map's entries in any order.
     */
    private long nestedField(RowData row, int i, LogicalType type) {
        switch (type.getTypeRoot()) {
            case ROW:
                RowType rowType = (RowType) type;
                return nestedRow(row.getRow(i, rowType.getFieldCount()), rowType);
            case ARRAY:
                return array(row.getArray(i), ((ArrayType) type).getElementType());
            case MAP:
                return map(row.getMap(i), (MapType) type);
            case BIGINT:
                return row.getLong(i);
            case INTEGER:
                return row.getInt(i);
            case DOUBLE:
                return Double.doubleToLongBits(row.getDouble(i));
            case VARCHAR:
                return hashStrings ? row.getString(i).hashCode() : lengthAndFirstByte(row, i);
            default:
                throw new IllegalArgumentException(
                        "The benchmark does not read nested fields of type " + type);
        }
    }

    private long nestedRow(RowData nested, RowType rowType) {
        long h = 1;
        for (int f = 0; f < rowType.getFieldCount(); f++) {
            h = h * 31 + (nested.isNullAt(f) ? 7 : nestedField(nested, f, rowType.getTypeAt(f)));
        }
        return h;
    }

    private long array(ArrayData array, LogicalType elementType) {
        long h = array.size();
        for (int k = 0; k < array.size(); k++) {
            h = h * 31 + (array.isNullAt(k) ? 7 : element(array, k, elementType));
        }
        return h;
    }

    /** The sum of the entries' hashes: the same in any order. */
    private long map(MapData map, MapType type) {
        ArrayData keys = map.keyArray();
        ArrayData values = map.valueArray();
        long h = map.size();
        for (int k = 0; k < map.size(); k++) {
            long key = element(keys, k, type.getKeyType());
            long value = values.isNullAt(k) ? 7 : element(values, k, type.getValueType());
            h += DataSetGenerator.mix(key * 31 + value);
        }
        return h;
    }

    private long element(ArrayData array, int k, LogicalType type) {
        switch (type.getTypeRoot()) {
            case BIGINT:
                return array.getLong(k);
            case INTEGER:
                return array.getInt(k);
            case DOUBLE:
                return Double.doubleToLongBits(array.getDouble(k));
            case VARCHAR:
                return hashStrings
                        ? array.getString(k).hashCode()
                        : ((BinaryStringData) array.getString(k)).getSizeInBytes();
            case ROW:
                RowType rowType = (RowType) type;
                return nestedRow(array.getRow(k, rowType.getFieldCount()), rowType);
            case ARRAY:
                return array(array.getArray(k), ((ArrayType) type).getElementType());
            case MAP:
                return map(array.getMap(k), (MapType) type);
            default:
                throw new IllegalArgumentException(
                        "The benchmark does not read elements of type " + type);
        }
    }

    private static int lengthAndFirstByte(RowData row, int i) {
        BinaryStringData s = (BinaryStringData) row.getString(i);
        int length = s.getSizeInBytes();
        return length == 0 ? 0 : length * 257 + s.byteAt(0);
    }

    /** Resets the timers before a run. */
    static void resetTimers() {
        FIRST_ROW_NANOS.set(0);
        LAST_ROW_NANOS.set(0);
        FIRST_ROW_CPU_NANOS.set(-1);
        LAST_ROW_CPU_NANOS.set(-1);
    }

    /** CPU time of this JVM, all threads, or -1 where the JVM does not tell. */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os =
                ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return -1;
    }
}
