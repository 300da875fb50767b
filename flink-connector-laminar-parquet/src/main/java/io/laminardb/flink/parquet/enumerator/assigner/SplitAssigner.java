package io.laminardb.flink.parquet.enumerator.assigner;

import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * The splits no reader holds, and which one goes next: splits handed back by a failed reader first,
 * then planned splits in file order (row-group order within a file). File order holds across
 * planning steps: a split of a file that a later listing found but that comes first in the order
 * goes before the pending splits of files after it, so a free reader never gets a later file's
 * split while an earlier one waits. With {@link FileOrder#UNORDERED} splits go in the order they
 * were planned. It does not know readers; the enumerator asks it for the next split when a reader
 * waits.
 *
 * <p>Coordinator thread only. Each operation costs O(log n) per split it takes or gives, for n
 * pending splits; a snapshot O(n log n).
 */
@Internal
public final class SplitAssigner {

    /** Splits handed back by failed readers, in the order to assign them. */
    private final ArrayDeque<ParquetSplit> handedBack = new ArrayDeque<>();

    @Nullable private final Comparator<ParquetSplit> order;

    /** Planned splits, in file order (or planning order). */
    private final Queue<ParquetSplit> planned;

    /**
     * An assigner holding the unassigned splits of a checkpoint: in file order, or for {@link
     * FileOrder#UNORDERED} in their checkpointed order.
     */
    public SplitAssigner(FileOrder fileOrder, Collection<ParquetSplit> restored) {
        checkNotNull(restored, "restored splits");
        Comparator<ParquetSplit> byFile =
                fileOrder.comparator(
                        (ParquetSplit split) -> split.path().toString(),
                        ParquetSplit::modificationTime);
        this.order =
                byFile == null
                        ? null
                        : byFile.thenComparingInt(ParquetSplit::firstRowGroup)
                                .thenComparing(ParquetSplit::splitId);
        this.planned =
                order == null
                        ? new ArrayDeque<>(restored)
                        : new PriorityQueue<>(Math.max(1, restored.size()), order);
        if (order != null) {
            planned.addAll(restored);
        }
    }

    /** Adds newly planned splits, each at its place in file order. */
    public void onPlanned(List<ParquetSplit> splits) {
        planned.addAll(splits);
    }

    /**
     * Adds splits handed back after a reader failed (those assigned to it since the last completed
     * checkpoint): they go before every pending split, in the given order, so their rows are not
     * delayed behind newer files.
     */
    public void onHandedBack(List<ParquetSplit> splits) {
        for (int i = splits.size() - 1; i >= 0; i--) {
            handedBack.addFirst(splits.get(i));
        }
    }

    /** Takes the next split to assign, or null when none is pending. */
    @Nullable
    public ParquetSplit next() {
        ParquetSplit split = handedBack.poll();
        return split != null ? split : planned.poll();
    }

    /** How many splits are pending. */
    public int pendingCount() {
        return handedBack.size() + planned.size();
    }

    public boolean isEmpty() {
        return handedBack.isEmpty() && planned.isEmpty();
    }

    /** The pending splits in the order they would be assigned, for a checkpoint. */
    public List<ParquetSplit> snapshot() {
        List<ParquetSplit> splits = new ArrayList<>(pendingCount());
        splits.addAll(handedBack);
        List<ParquetSplit> plannedInOrder = new ArrayList<>(planned);
        if (order != null) {
            plannedInOrder.sort(order);
        }
        splits.addAll(plannedInOrder);
        return splits;
    }
}
