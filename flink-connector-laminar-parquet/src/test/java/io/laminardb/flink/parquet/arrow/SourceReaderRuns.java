package io.laminardb.flink.parquet.arrow;

import io.laminardb.flink.parquet.enumerator.SplitPlanner;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.split.ParquetSplit;
import io.laminardb.flink.parquet.testutils.RecordsOnlyOutput;

import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.apache.flink.core.io.InputStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a source's real reader (fetcher thread, emitter, split state) on splits planned as the
 * enumerator plans them, without a cluster, handing every record to a callback while it is valid.
 */
public final class SourceReaderRuns {

    private SourceReaderRuns() {}

    /** The source's splits, in file order, of at most {@code targetSplitBytes} each. */
    public static List<ParquetSplit> plan(LaminarParquetSource<?> source, long targetSplitBytes)
            throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            return new SplitPlanner(
                            executor,
                            targetSplitBytes,
                            source.getFilter(),
                            source.getReadSchema().readType(),
                            io.laminardb.flink.parquet.fs.CorruptFilePolicy.FAIL)
                    .plan(
                            new FileDiscovery(
                                            source.getConfig().path(),
                                            source.getConfig().hivePartitioning())
                                    .discover(FileOrder.NAME));
        } finally {
            executor.shutdownNow();
        }
    }

    /** Reads the splits to their end. */
    public static <T> void readAll(
            LaminarParquetSource<T> source, List<ParquetSplit> splits, Consumer<T> each)
            throws Exception {
        List<ParquetSplit> rest = read(source, splits, each, Integer.MAX_VALUE);
        if (!rest.isEmpty()) {
            throw new AssertionError("Splits left after reading to the end: " + rest);
        }
    }

    /**
     * Reads the splits until {@code records} records were emitted, then takes a checkpoint and
     * closes the reader.
     *
     * @return the splits of the checkpoint (empty when the input ended first)
     */
    public static <T> List<ParquetSplit> read(
            LaminarParquetSource<T> source,
            List<ParquetSplit> splits,
            Consumer<T> each,
            int records)
            throws Exception {
        CallbackOutput<T> output = new CallbackOutput<>(each);
        try (SourceReader<T, ParquetSplit> reader =
                source.createReader(new TestingReaderContext())) {
            reader.start();
            reader.addSplits(splits);
            reader.notifyNoMoreSplits();
            while (true) {
                InputStatus status = reader.pollNext(output);
                if (status == InputStatus.END_OF_INPUT) {
                    return List.of();
                }
                if (output.count >= records) {
                    // In the order given (the reader's state is a map): resumed reads keep the
                    // order of a read through, which the tests compare with.
                    List<ParquetSplit> state = new ArrayList<>(reader.snapshotState(1L));
                    List<String> order = new ArrayList<>();
                    splits.forEach(s -> order.add(s.splitId()));
                    state.sort(Comparator.comparingInt(s -> order.indexOf(s.splitId())));
                    return state;
                }
                if (status == InputStatus.NOTHING_AVAILABLE) {
                    reader.isAvailable().get(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static final class CallbackOutput<T> extends RecordsOnlyOutput<T> {
        private final Consumer<T> each;
        int count;

        CallbackOutput(Consumer<T> each) {
            this.each = each;
        }

        @Override
        public void collect(T record) {
            each.accept(record);
            count++;
        }
    }
}
