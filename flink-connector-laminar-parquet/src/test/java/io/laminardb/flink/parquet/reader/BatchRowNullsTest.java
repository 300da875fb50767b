package io.laminardb.flink.parquet.reader;

import org.apache.flink.table.data.columnar.vector.ColumnVector;
import org.apache.flink.table.types.logical.BigIntType;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-batch "no NULL" flags that let {@link BatchRow#isNullAt} skip the vector: set only for a
 * column whose sink got no NULL in that batch, and answers always equal to the vector's.
 */
class BatchRowNullsTest {

    @Test
    void aSinkKnowsWhetherTheColumnItHandedOutHoldsANull() {
        FlinkVectorSink sink = new FlinkVectorSink(new BigIntType());
        ColumnVector withNull = write(sink, 1L, null, 3L);
        assertThat(sink.tookNoNulls()).isFalse();
        ColumnVector withoutNull = write(sink, 4L, 5L);
        assertThat(sink.tookNoNulls()).as("a new batch starts without NULLs").isTrue();
        ColumnVector onlyNulls = write(sink, null, null);
        assertThat(sink.tookNoNulls()).isFalse();

        assertThat(withNull.isNullAt(1)).isTrue();
        assertThat(withoutNull.isNullAt(0)).isFalse();
        assertThat(onlyNulls.isNullAt(0)).isTrue();
    }

    @Test
    void rowsAnswerIsNullAtAsTheVectorsDo() {
        FlinkVectorSink sink = new FlinkVectorSink(new BigIntType());
        ColumnVector withNull = write(sink, 1L, null, 3L);
        ColumnVector withoutNull = write(sink, 4L, 5L, 6L);
        ColumnVector[] columns = {withNull, withoutNull};
        boolean[] noNulls = {false, true};
        for (int r = 0; r < 3; r++) {
            BatchRow flagged = new BatchRow(columns, noNulls, r);
            BatchRow plain = new BatchRow(columns, r);
            for (int c = 0; c < columns.length; c++) {
                assertThat(flagged.isNullAt(c)).isEqualTo(columns[c].isNullAt(r));
                assertThat(plain.isNullAt(c)).isEqualTo(columns[c].isNullAt(r));
            }
        }
        assertThat(new BatchRow(columns, noNulls, 1).isNullAt(0)).isTrue();
        assertThat(new BatchRow(columns, noNulls, 1).getLong(1)).isEqualTo(5L);
    }

    private static ColumnVector write(FlinkVectorSink sink, Long... values) {
        sink.open(values.length);
        for (int i = 0; i < values.length; i++) {
            sink.position(i);
            if (values[i] == null) {
                sink.setNull();
            } else {
                sink.setLong(values[i]);
            }
        }
        return sink.take();
    }
}
