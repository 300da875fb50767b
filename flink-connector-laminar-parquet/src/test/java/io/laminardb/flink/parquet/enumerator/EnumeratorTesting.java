package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the enumerator tests do with a {@link MockSplitEnumeratorContext}. */
final class EnumeratorTesting {

    private EnumeratorTesting() {}

    /** The state as a restore would see it: serialized and read back. */
    static ParquetEnumState viaSerializer(ParquetEnumState state) throws IOException {
        ParquetEnumStateSerializer serializer = new ParquetEnumStateSerializer();
        return serializer.deserialize(serializer.getVersion(), serializer.serialize(state));
    }

    /** Runs the queued callAsync work (and the work it queues) until none is left. */
    static void runAll(MockSplitEnumeratorContext<ParquetSplit> context) throws Throwable {
        while (!context.getOneTimeCallables().isEmpty()) {
            context.runNextOneTimeCallable();
        }
    }

    /** Lets one reader ask for splits until it is told there are no more. */
    static void drain(
            ParquetSplitEnumerator enumerator,
            MockSplitEnumeratorContext<ParquetSplit> context,
            int reader)
            throws Throwable {
        for (int i = 0; i < 10_000 && !context.hasNoMoreSplits(reader); i++) {
            enumerator.handleSplitRequest(reader, "localhost");
            runAll(context);
        }
        assertThat(context.hasNoMoreSplits(reader)).isTrue();
    }

    /** Every split assigned to one reader, in the order assigned. */
    static List<ParquetSplit> assignedTo(
            MockSplitEnumeratorContext<ParquetSplit> context, int reader) {
        List<ParquetSplit> splits = new ArrayList<>();
        for (SplitsAssignment<ParquetSplit> a : context.getSplitsAssignmentSequence()) {
            splits.addAll(a.assignment().getOrDefault(reader, List.of()));
        }
        return splits;
    }

    /** Every split assigned to any reader, in the order assigned. */
    static List<ParquetSplit> allAssigned(MockSplitEnumeratorContext<ParquetSplit> context) {
        List<ParquetSplit> splits = new ArrayList<>();
        for (SplitsAssignment<ParquetSplit> a : context.getSplitsAssignmentSequence()) {
            for (List<ParquetSplit> ofReader : a.assignment().values()) {
                splits.addAll(ofReader);
            }
        }
        return splits;
    }
}
