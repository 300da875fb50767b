package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

import org.apache.parquet.io.api.Binary;

/** A {@link ValueTarget} that keeps values as objects in Flink's internal (RowData) form. */
@Internal
public abstract class ObjectTarget implements ValueTarget {

    /** Receives the value (boxed for primitives). */
    public abstract void set(Object value);

    @Override
    public void setBoolean(boolean value) {
        set(value);
    }

    @Override
    public void setByte(byte value) {
        set(value);
    }

    @Override
    public void setShort(short value) {
        set(value);
    }

    @Override
    public void setInt(int value) {
        set(value);
    }

    @Override
    public void setLong(long value) {
        set(value);
    }

    @Override
    public void setFloat(float value) {
        set(value);
    }

    @Override
    public void setDouble(double value) {
        set(value);
    }

    @Override
    public void setTimestamp(long epochMillis, int nanoOfMilli) {
        set(TimestampData.fromEpochMillis(epochMillis, nanoOfMilli));
    }

    @Override
    public void setString(byte[] utf8) {
        set(StringData.fromBytes(utf8));
    }

    @Override
    public void setBinary(byte[] bytes) {
        set(bytes);
    }

    @Override
    public void setString(Binary utf8) {
        set(StringData.fromBytes(utf8.getBytes()));
    }

    @Override
    public void setBinary(Binary bytes) {
        set(bytes.getBytes());
    }

    @Override
    public void setObject(Object value) {
        set(value);
    }
}
