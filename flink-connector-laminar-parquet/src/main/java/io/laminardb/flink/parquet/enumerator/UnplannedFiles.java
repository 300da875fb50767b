package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.fs.FileOrder;

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
import static org.apache.flink.util.Preconditions.checkState;

/**
 * The files discovered and not yet planned into splits, in file order, and the chunk of them whose
 * footers are being read right now. A chunk being read stays in the checkpoint as unplanned until
 * its splits arrive, so a restore plans it again instead of losing it.
 *
 * <p>File order holds across listings: a file a later listing finds goes before the waiting files
 * that come after it in the order (a file renamed into place with an old modification time, a name
 * that sorts first), so a chunk always takes the first files in the order. With {@link
 * FileOrder#UNORDERED} files wait in the order they came in.
 *
 * <p>Coordinator thread only. At most one chunk is read at a time. Adding or taking a file costs
 * O(log n) for n waiting files; a snapshot O(n log n).
 */
@Internal
final class UnplannedFiles {

    @Nullable private final Comparator<DiscoveredFile> order;
    private final Queue<DiscoveredFile> waiting;

    /** The chunk whose footers are being read, or null. It was taken from the head of waiting. */
    @Nullable private List<DiscoveredFile> beingPlanned;

    UnplannedFiles(FileOrder fileOrder, Collection<DiscoveredFile> restored) {
        checkNotNull(restored, "restored files");
        this.order =
                fileOrder.comparator(DiscoveredFile::pathString, DiscoveredFile::modificationTime);
        this.waiting =
                order == null
                        ? new ArrayDeque<>(restored)
                        : new PriorityQueue<>(Math.max(1, restored.size()), order);
        if (order != null) {
            waiting.addAll(restored);
        }
    }

    /** Adds newly discovered files, each at its place in file order. */
    void add(List<DiscoveredFile> files) {
        waiting.addAll(files);
    }

    /** Whether a chunk is being planned. */
    boolean isPlanning() {
        return beingPlanned != null;
    }

    /** How many files wait for a chunk (not counting the chunk being planned). */
    int waitingCount() {
        return waiting.size();
    }

    /** Whether no file waits and none is being planned. */
    boolean isEmpty() {
        return beingPlanned == null && waiting.isEmpty();
    }

    /** Takes up to {@code maxFiles} first files in file order as the chunk being planned. */
    List<DiscoveredFile> startChunk(int maxFiles) {
        checkState(
                beingPlanned == null,
                "A chunk of %s files is still being planned; finish it before starting another",
                beingPlanned == null ? 0 : beingPlanned.size());
        checkState(!waiting.isEmpty(), "No file waits to be planned");
        List<DiscoveredFile> chunk = new ArrayList<>(Math.min(maxFiles, waiting.size()));
        while (chunk.size() < maxFiles && !waiting.isEmpty()) {
            chunk.add(waiting.poll());
        }
        beingPlanned = chunk;
        return chunk;
    }

    /** Marks the chunk being planned as planned: its splits have been handed on. */
    void chunkPlanned() {
        checkState(beingPlanned != null, "No chunk is being planned");
        beingPlanned = null;
    }

    /** The chunk being planned, then the waiting files in file order, for a checkpoint. */
    List<DiscoveredFile> snapshot() {
        List<DiscoveredFile> files =
                new ArrayList<>(waiting.size() + (beingPlanned == null ? 0 : beingPlanned.size()));
        if (beingPlanned != null) {
            files.addAll(beingPlanned);
        }
        List<DiscoveredFile> waitingInOrder = new ArrayList<>(waiting);
        if (order != null) {
            waitingInOrder.sort(order);
        }
        files.addAll(waitingInOrder);
        return files;
    }
}
