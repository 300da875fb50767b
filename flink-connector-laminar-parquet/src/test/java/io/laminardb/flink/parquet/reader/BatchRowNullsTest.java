package io.laminardb.flink.parquet.reader;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.columnar.vector.ColumnVector;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.types.RowKind;

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

    /**
     * A batch's rows, its own and the reused one, answer isNullAt as the vectors do, for heap
     * vectors and others (constant and Arrow columns), with and without the no-NULL flags.
     */
    @Test
    void aBatchsRowsAnswerIsNullAtForHeapAndOtherVectors() {
        FlinkVectorSink longs = new FlinkVectorSink(new BigIntType());
        ColumnVector heapWithNulls = write(longs, null, 2L, null, 4L);
        ColumnVector heapWithout = write(longs, 5L, 6L, 7L, 8L);
        ColumnVector notHeap =
                new ColumnVector() {
                    @Override
                    public boolean isNullAt(int i) {
                        return i % 2 == 1;
                    }
                };
        ColumnVector[] columns = {heapWithNulls, heapWithout, notHeap};
        for (boolean[] noNulls : new boolean[][] {{false, true, false}, {false, false, false}}) {
            ParquetBatch batch = new ParquetBatch(columns, noNulls, null, 4, 0, 0, null);
            for (int r = 0; r < 4; r++) {
                RowData own = batch.row(r);
                RowData reused = batch.reusedRow(r);
                for (int c = 0; c < columns.length; c++) {
                    assertThat(own.isNullAt(c))
                            .as("row %s column %s", r, c)
                            .isEqualTo(columns[c].isNullAt(r));
                    assertThat(reused.isNullAt(c))
                            .as("row %s column %s", r, c)
                            .isEqualTo(columns[c].isNullAt(r));
                }
            }
        }
    }

    @Test
    void theReusedRowReadsEachSelectedRowAsAnInsert() {
        FlinkVectorSink sink = new FlinkVectorSink(new BigIntType());
        ColumnVector values = write(sink, 10L, null, 30L, 40L);
        ParquetBatch batch =
                new ParquetBatch(
                        new ColumnVector[] {values},
                        new boolean[] {false},
                        new int[] {0, 2, 3},
                        3,
                        0,
                        0,
                        null);

        RowData first = batch.reusedRow(0);
        first.setRowKind(RowKind.DELETE); // as an operator may do to a row it was handed
        RowData second = batch.reusedRow(1);

        assertThat(second).isSameAs(first);
        assertThat(second.getLong(0)).as("the second selected row, vector row 2").isEqualTo(30L);
        assertThat(second.getRowKind()).isEqualTo(RowKind.INSERT);
        assertThat(batch.reusedRow(2).getLong(0)).isEqualTo(40L);
        assertThat(batch.row(1)).as("row() gives a row of its own").isNotSameAs(batch.row(1));
        assertThat(batch.row(1).getLong(0)).isEqualTo(30L);
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
