package io.laminardb.flink.parquet.enumerator.assigner;

import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * The splits no reader holds, and which one goes next: splits handed back by a failed reader first,
 * then planned splits in the order they were planned (file order, then row-group order within a
 * file). It does not know readers or files; the enumerator asks it for the next split when a reader
 * waits.
 *
 * <p>Coordinator thread only. Each operation costs O(1) per split it takes or gives.
 */
@Internal
public final class SplitAssigner {

    /** Handed-back splits at the head, planned splits behind them in file order. */
    private final ArrayDeque<ParquetSplit> pending;

    /** An assigner holding the unassigned splits of a checkpoint, in their checkpointed order. */
    public SplitAssigner(Collection<ParquetSplit> restored) {
        this.pending = new ArrayDeque<>(checkNotNull(restored, "restored splits"));
    }

    /** Adds newly planned splits behind every pending one, keeping their order. */
    public void onPlanned(List<ParquetSplit> splits) {
        pending.addAll(splits);
    }

    /**
     * Adds splits handed back after a reader failed (those assigned to it since the last completed
     * checkpoint): they go before every pending split, in the given order, so their rows are not
     * delayed behind newer files.
     */
    public void onHandedBack(List<ParquetSplit> splits) {
        for (int i = splits.size() - 1; i >= 0; i--) {
            pending.addFirst(splits.get(i));
        }
    }

    /** Takes the next split to assign, or null when none is pending. */
    @Nullable
    public ParquetSplit next() {
        return pending.poll();
    }

    /** How many splits are pending. */
    public int pendingCount() {
        return pending.size();
    }

    public boolean isEmpty() {
        return pending.isEmpty();
    }

    /** The pending splits in the order they would be assigned, for a checkpoint. */
    public List<ParquetSplit> snapshot() {
        return new ArrayList<>(pending);
    }
}
