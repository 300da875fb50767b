package io.laminardb.flink.parquet.arrow.ring0;

import io.laminardb.flink.parquet.arrow.ArrowBatch;
import io.laminardb.flink.parquet.arrow.ArrowValues;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.RowType;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The writer of one subtask with a real consumer thread: back-pressure, flushes, failures. */
class Ring0WriterTest {

    private static final RowType TYPE =
            (RowType)
                    DataTypes.ROW(
                                    DataTypes.FIELD("id", DataTypes.INT()),
                                    DataTypes.FIELD("name", DataTypes.STRING()))
                            .getLogicalType();

    /** Records what it is given; sleeps per batch when slow. */
    private static final class Recording implements Ring0Consumer {
        final List<List<Object>> rows = Collections.synchronizedList(new ArrayList<>());
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final long sleepMillis;
        final int failAtBatch;
        int batches;

        Recording(long sleepMillis, int failAtBatch) {
            this.sleepMillis = sleepMillis;
            this.failAtBatch = failAtBatch;
        }

        @Override
        public void open(int subtask, int parallelism) {
            events.add("open " + subtask + "/" + parallelism);
        }

        @Override
        public void accept(ArrowBatch batch) throws Exception {
            if (++batches == failAtBatch) {
                throw new IllegalStateException("consumer broke at batch " + batches);
            }
            Thread.sleep(sleepMillis);
            rows.addAll(ArrowValues.rows(batch.root()));
        }

        @Override
        public void flush() {
            events.add("flush after " + rows.size());
        }

        @Override
        public void close() {
            events.add("close");
        }
    }

    private static GenericRowData row(int id) {
        return GenericRowData.of(id, id % 3 == 0 ? null : StringData.fromString("n" + id));
    }

    private static List<Object> expected(int id) {
        return Arrays.asList(id, id % 3 == 0 ? null : "n" + id);
    }

    @Test
    void aSlowConsumerBackPressuresTheWriterAndLosesNothing() throws Exception {
        Recording consumer = new Recording(5, -1);
        Ring0Writer<org.apache.flink.table.data.RowData> writer =
                Ring0Writer.forRowData(consumer, 2, TYPE, 10, 1, 3);
        List<List<Object>> expected = new ArrayList<>();
        long start = System.nanoTime();
        for (int id = 0; id < 400; id++) {
            writer.write(row(id), null);
            expected.add(expected(id));
        }
        long writeMillis = (System.nanoTime() - start) / 1_000_000;
        // 40 batches, at most 2 in the ring and 1 at the consumer: the writer waited for the
        // consumer's 5 ms per batch, for at least 37 of them.
        assertThat(writer.highWater()).isBetween(1, 2);
        assertThat(writeMillis).isGreaterThanOrEqualTo(37 * 5);

        writer.write(row(400), null); // a partial batch: handed over by the flush
        expected.add(expected(400));
        writer.flush(false);
        assertThat(consumer.rows).isEqualTo(expected);
        assertThat(consumer.events).containsExactly("open 1/3", "flush after 401");

        writer.flush(true);
        writer.close();
        assertThat(consumer.events)
                .containsExactly("open 1/3", "flush after 401", "flush after 401", "close");
    }

    @Test
    void aFailingConsumerFailsTheWriterNamingTheCause() throws Exception {
        Recording consumer = new Recording(0, 3);
        Ring0Writer<org.apache.flink.table.data.RowData> writer =
                Ring0Writer.forRowData(consumer, 2, TYPE, 1, 0, 1);
        assertThatThrownBy(
                        () -> {
                            for (int id = 0; id < 100; id++) {
                                writer.write(row(id), null);
                            }
                            writer.flush(true);
                        })
                .hasMessageContaining("The Ring 0 consumer failed")
                .hasStackTraceContaining("consumer broke at batch 3");
        assertThatThrownBy(writer::close).hasMessageContaining("consumer broke at batch 3");
        assertThat(consumer.rows).containsExactly(expected(0), expected(1));
    }
}
