package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.types.logical.LogicalType;

import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The elements of one ARRAY (or the keys or the values of one MAP) under assembly, as a leaf
 * converter writes them: primitives into an array of their Flink type, anything else (strings,
 * decimals, timestamps, binaries) as objects. {@link #finish} makes the {@link ArrayData}: over the
 * primitive array itself when no element is NULL (no object per element), over objects otherwise.
 * Reused from array to array. Fetcher thread.
 */
@Internal
final class ElementBuffer extends ObjectTarget {

    /** An array without elements; immutable, so shared. */
    static final ArrayData EMPTY = new GenericArrayData(new Object[0]);

    private enum Kind {
        BOOLEAN,
        TINYINT,
        SMALLINT,
        INT,
        BIGINT,
        FLOAT,
        DOUBLE,
        OBJECT
    }

    private final Kind kind;
    private final String column;

    private boolean[] booleans = new boolean[0];
    private byte[] bytes = new byte[0];
    private short[] shorts = new short[0];
    private int[] ints = new int[0];
    private long[] longs = new long[0];
    private float[] floats = new float[0];
    private double[] doubles = new double[0];
    private Object[] objects = new Object[0];

    /** Per element, whether it is NULL; read only when {@link #hasNull}. */
    private boolean[] nulls = new boolean[0];

    private boolean hasNull;
    private int size;

    /**
     * @param elementType the Flink type of the elements
     * @param column the column's path, for errors
     */
    ElementBuffer(LogicalType elementType, String column) {
        this.kind = kindOf(elementType);
        this.column = column;
    }

    private static Kind kindOf(LogicalType type) {
        switch (type.getTypeRoot()) {
            case BOOLEAN:
                return Kind.BOOLEAN;
            case TINYINT:
                return Kind.TINYINT;
            case SMALLINT:
                return Kind.SMALLINT;
            case INTEGER:
            case DATE:
            case TIME_WITHOUT_TIME_ZONE:
                return Kind.INT;
            case BIGINT:
                return Kind.BIGINT;
            case FLOAT:
                return Kind.FLOAT;
            case DOUBLE:
                return Kind.DOUBLE;
            default:
                return Kind.OBJECT;
        }
    }

    /** Starts a new array: no elements yet. */
    void start() {
        size = 0;
        hasNull = false;
    }

    /** The next element is NULL. */
    void addNull() {
        grow();
        if (kind == Kind.OBJECT) {
            objects[size] = null;
        } else {
            if (!hasNull) {
                hasNull = true;
                Arrays.fill(nulls, 0, size, false);
            }
            nulls[size] = true;
        }
        size++;
    }

    /** The elements added since {@link #start}, as an array of their own. */
    ArrayData finish() {
        if (size == 0) {
            return EMPTY;
        }
        if (kind == Kind.OBJECT) {
            return new GenericArrayData(Arrays.copyOf(objects, size));
        }
        if (!hasNull) {
            switch (kind) {
                case BOOLEAN:
                    return new GenericArrayData(Arrays.copyOf(booleans, size));
                case TINYINT:
                    return new GenericArrayData(Arrays.copyOf(bytes, size));
                case SMALLINT:
                    return new GenericArrayData(Arrays.copyOf(shorts, size));
                case INT:
                    return new GenericArrayData(Arrays.copyOf(ints, size));
                case BIGINT:
                    return new GenericArrayData(Arrays.copyOf(longs, size));
                case FLOAT:
                    return new GenericArrayData(Arrays.copyOf(floats, size));
                default:
                    return new GenericArrayData(Arrays.copyOf(doubles, size));
            }
        }
        Object[] boxed = new Object[size];
        for (int i = 0; i < size; i++) {
            boxed[i] = nulls[i] ? null : boxed(i);
        }
        return new GenericArrayData(boxed);
    }

    private Object boxed(int i) {
        switch (kind) {
            case BOOLEAN:
                return booleans[i];
            case TINYINT:
                return bytes[i];
            case SMALLINT:
                return shorts[i];
            case INT:
                return ints[i];
            case BIGINT:
                return longs[i];
            case FLOAT:
                return floats[i];
            default:
                return doubles[i];
        }
    }

    /**
     * Adds {@code n} PLAIN values of a physical number type from {@code position} of {@code values}
     * (little-endian, there), as {@code n} calls of the setter that type's values come through
     * unchanged would: INT32 into INT elements, INT64 into BIGINT, FLOAT, DOUBLE.
     */
    void addPlain(PrimitiveTypeName type, ByteBuffer values, int position, int n) {
        reserve(n);
        int at = size;
        switch (type) {
            case INT32:
                checkKind(Kind.INT);
                for (int i = 0; i < n; i++) {
                    ints[at + i] = values.getInt(position + 4 * i);
                }
                break;
            case INT64:
                checkKind(Kind.BIGINT);
                for (int i = 0; i < n; i++) {
                    longs[at + i] = values.getLong(position + 8 * i);
                }
                break;
            case FLOAT:
                checkKind(Kind.FLOAT);
                for (int i = 0; i < n; i++) {
                    floats[at + i] = values.getFloat(position + 4 * i);
                }
                break;
            default:
                checkKind(Kind.DOUBLE);
                for (int i = 0; i < n; i++) {
                    doubles[at + i] = values.getDouble(position + 8 * i);
                }
        }
        if (hasNull) {
            Arrays.fill(nulls, at, at + n, false);
        }
        size = at + n;
    }

    /** Room for one more element in the arrays of this kind. */
    private void grow() {
        reserve(1);
    }

    /** Room for {@code more} elements in the arrays of this kind. */
    private void reserve(int more) {
        if (more <= nulls.length - size) {
            return;
        }
        int capacity = Math.max(16, Math.max(size + more, size * 2));
        nulls = Arrays.copyOf(nulls, capacity);
        switch (kind) {
            case BOOLEAN:
                booleans = Arrays.copyOf(booleans, capacity);
                break;
            case TINYINT:
                bytes = Arrays.copyOf(bytes, capacity);
                break;
            case SMALLINT:
                shorts = Arrays.copyOf(shorts, capacity);
                break;
            case INT:
                ints = Arrays.copyOf(ints, capacity);
                break;
            case BIGINT:
                longs = Arrays.copyOf(longs, capacity);
                break;
            case FLOAT:
                floats = Arrays.copyOf(floats, capacity);
                break;
            case DOUBLE:
                doubles = Arrays.copyOf(doubles, capacity);
                break;
            default:
                objects = Arrays.copyOf(objects, capacity);
        }
    }

    private void expect(Kind wanted) {
        checkKind(wanted);
        grow();
        if (hasNull) {
            nulls[size] = false;
        }
    }

    private void checkKind(Kind wanted) {
        if (kind != wanted) {
            throw new IllegalStateException(
                    "Column '" + column + "': a " + wanted + " value for " + kind + " elements");
        }
    }

    @Override
    public void set(Object value) {
        expect(Kind.OBJECT);
        objects[size++] = value;
    }

    @Override
    public void setBoolean(boolean value) {
        expect(Kind.BOOLEAN);
        booleans[size++] = value;
    }

    @Override
    public void setByte(byte value) {
        expect(Kind.TINYINT);
        bytes[size++] = value;
    }

    @Override
    public void setShort(short value) {
        expect(Kind.SMALLINT);
        shorts[size++] = value;
    }

    @Override
    public void setInt(int value) {
        expect(Kind.INT);
        ints[size++] = value;
    }

    @Override
    public void setLong(long value) {
        expect(Kind.BIGINT);
        longs[size++] = value;
    }

    @Override
    public void setFloat(float value) {
        expect(Kind.FLOAT);
        floats[size++] = value;
    }

    @Override
    public void setDouble(double value) {
        expect(Kind.DOUBLE);
        doubles[size++] = value;
    }
}
