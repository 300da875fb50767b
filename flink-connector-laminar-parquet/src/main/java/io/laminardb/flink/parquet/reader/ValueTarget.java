package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;

import org.apache.parquet.io.api.Binary;

/**
 * Where a decoded Parquet value goes: one slot of a column vector (top-level primitive columns) or
 * one field, element, key or value of a nested value under assembly. Leaf converters convert the
 * Parquet value to Flink's internal representation and call the method for its kind; the target
 * decides how it is stored, so that primitives written into vectors are never boxed.
 *
 * <p>Called on the fetcher thread only.
 */
@Internal
public interface ValueTarget {

    void setBoolean(boolean value);

    void setByte(byte value);

    void setShort(short value);

    void setInt(int value);

    void setLong(long value);

    void setFloat(float value);

    void setDouble(double value);

    /** A timestamp as epoch milliseconds and nanoseconds of the millisecond (0..999999). */
    void setTimestamp(long epochMillis, int nanoOfMilli);

    /** UTF-8 text that never changes (a decoded dictionary entry); the target may keep it. */
    void setString(byte[] utf8);

    /** Bytes that never change (a decoded dictionary entry); the target may keep them. */
    void setBinary(byte[] bytes);

    /** UTF-8 text; the target copies the bytes if it keeps them. */
    void setString(Binary utf8);

    /** Raw bytes; the target copies the bytes if it keeps them. */
    void setBinary(Binary bytes);

    /**
     * A value in Flink's internal form: DecimalData, TimestampData, ArrayData, MapData, RowData.
     */
    void setObject(Object value);
}
