package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.columnar.vector.ColumnVector;

/** A column vector whose values are objects in Flink's internal form (decimals, nested values). */
@Internal
public interface ObjectValues extends ColumnVector {

    Object get(int rowId);
}
