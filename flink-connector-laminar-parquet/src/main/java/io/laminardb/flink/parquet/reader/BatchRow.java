package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RawValueData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.columnar.vector.BooleanColumnVector;
import org.apache.flink.table.data.columnar.vector.ByteColumnVector;
import org.apache.flink.table.data.columnar.vector.BytesColumnVector;
import org.apache.flink.table.data.columnar.vector.ColumnVector;
import org.apache.flink.table.data.columnar.vector.DoubleColumnVector;
import org.apache.flink.table.data.columnar.vector.FloatColumnVector;
import org.apache.flink.table.data.columnar.vector.IntColumnVector;
import org.apache.flink.table.data.columnar.vector.LongColumnVector;
import org.apache.flink.table.data.columnar.vector.ShortColumnVector;
import org.apache.flink.table.data.columnar.vector.TimestampColumnVector;
import org.apache.flink.types.RowKind;
import org.apache.flink.types.variant.Variant;

import javax.annotation.Nullable;

import java.util.Arrays;

/**
 * One row of a decoded batch: a view over the batch's column vectors at a row index. It reads what
 * its batch holds: for a batch of fresh vectors, for as long as anyone holds it; for a pooled batch
 * ({@link ParquetBatch#recycle()}), until every row of the batch was emitted and downstream is done
 * with it, after which the vectors hold a later batch (Flink's object-reuse contract; a row kept
 * longer must be copied, as Flink's serializers do). For such outputs one row object serves every
 * row of a batch ({@link ParquetBatch#reusedRow}), as Flink's own columnar rows do: it reads the
 * next row once Flink is done with the current one.
 */
@Internal
public final class BatchRow implements RowData {

    private final ColumnVector[] columns;

    /**
     * Per column, whether it is known to hold no NULL in this batch (shared by the batch's rows),
     * or null when nothing is known. {@link #isNullAt} answers those columns without calling the
     * vector: a per-row, per-column interface call over a dozen vector classes is what SQL's
     * operators (NOT NULL enforcement, projections, serializers) otherwise pay for every field.
     */
    @Nullable private final boolean[] noNulls;

    private int rowId;
    private RowKind rowKind = RowKind.INSERT;

    public BatchRow(ColumnVector[] columns, int rowId) {
        this(columns, null, rowId);
    }

    /**
     * @param noNulls per column, true when the column is known to hold no NULL; null for none
     */
    public BatchRow(ColumnVector[] columns, @Nullable boolean[] noNulls, int rowId) {
        this.columns = columns;
        this.noNulls = noNulls;
        this.rowId = rowId;
    }

    /**
     * Makes this row read row {@code rowId} of its vectors, as an INSERT: for a row object handed
     * out again for every row of a batch ({@link ParquetBatch#reusedRow}).
     */
    BatchRow moveTo(int rowId) {
        this.rowId = rowId;
        this.rowKind = RowKind.INSERT;
        return this;
    }

    /**
     * A row object of its own reading the same row of the same vectors (which a later {@link
     * #moveTo} of this one does not change); still valid only as long as the batch's vectors are.
     */
    @VisibleForTesting
    BatchRow detached() {
        BatchRow row = new BatchRow(columns, noNulls, rowId);
        row.rowKind = rowKind;
        return row;
    }

    @Override
    public int getArity() {
        return columns.length;
    }

    @Override
    public RowKind getRowKind() {
        return rowKind;
    }

    @Override
    public void setRowKind(RowKind kind) {
        this.rowKind = kind;
    }

    @Override
    public boolean isNullAt(int pos) {
        return (noNulls == null || !noNulls[pos]) && columns[pos].isNullAt(rowId);
    }

    @Override
    public boolean getBoolean(int pos) {
        return ((BooleanColumnVector) columns[pos]).getBoolean(rowId);
    }

    @Override
    public byte getByte(int pos) {
        return ((ByteColumnVector) columns[pos]).getByte(rowId);
    }

    @Override
    public short getShort(int pos) {
        return ((ShortColumnVector) columns[pos]).getShort(rowId);
    }

    @Override
    public int getInt(int pos) {
        return ((IntColumnVector) columns[pos]).getInt(rowId);
    }

    @Override
    public long getLong(int pos) {
        return ((LongColumnVector) columns[pos]).getLong(rowId);
    }

    @Override
    public float getFloat(int pos) {
        return ((FloatColumnVector) columns[pos]).getFloat(rowId);
    }

    @Override
    public double getDouble(int pos) {
        return ((DoubleColumnVector) columns[pos]).getDouble(rowId);
    }

    @Override
    public StringData getString(int pos) {
        ColumnVector column = columns[pos];
        if (column instanceof BatchBytes) {
            return ((BatchBytes) column).getString(rowId);
        }
        BytesColumnVector.Bytes bytes = ((BytesColumnVector) column).getBytes(rowId);
        return StringData.fromBytes(bytes.data, bytes.offset, bytes.len);
    }

    @Override
    public DecimalData getDecimal(int pos, int precision, int scale) {
        return (DecimalData) ((ObjectValues) columns[pos]).get(rowId);
    }

    @Override
    public TimestampData getTimestamp(int pos, int precision) {
        return ((TimestampColumnVector) columns[pos]).getTimestamp(rowId, precision);
    }

    @Override
    public <T> RawValueData<T> getRawValue(int pos) {
        throw new UnsupportedOperationException("RAW values are not read from Parquet");
    }

    @Override
    public byte[] getBinary(int pos) {
        BytesColumnVector.Bytes bytes = ((BytesColumnVector) columns[pos]).getBytes(rowId);
        if (bytes.offset == 0 && bytes.len == bytes.data.length) {
            return bytes.data;
        }
        return Arrays.copyOfRange(bytes.data, bytes.offset, bytes.offset + bytes.len);
    }

    @Override
    public ArrayData getArray(int pos) {
        return (ArrayData) ((ObjectValues) columns[pos]).get(rowId);
    }

    @Override
    public MapData getMap(int pos) {
        return (MapData) ((ObjectValues) columns[pos]).get(rowId);
    }

    @Override
    public RowData getRow(int pos, int numFields) {
        return (RowData) ((ObjectValues) columns[pos]).get(rowId);
    }

    @Override
    public Variant getVariant(int pos) {
        throw new UnsupportedOperationException("VARIANT values are not read from Parquet yet");
    }

    @Override
    public String toString() {
        return "BatchRow{rowId=" + rowId + ", arity=" + columns.length + "}";
    }
}
