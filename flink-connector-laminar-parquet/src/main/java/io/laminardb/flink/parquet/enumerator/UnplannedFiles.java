package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.DiscoveredFile;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static org.apache.flink.util.Preconditions.checkNotNull;
import static org.apache.flink.util.Preconditions.checkState;

/**
 * The files discovered and not yet planned into splits, in file order, and the chunk of them whose
 * footers are being read right now. A chunk being read stays in the checkpoint as unplanned until
 * its splits arrive, so a restore plans it again instead of losing it.
 *
 * <p>Coordinator thread only. At most one chunk is read at a time.
 */
@Internal
final class UnplannedFiles {

    private final ArrayDeque<DiscoveredFile> waiting;

    /** The chunk whose footers are being read, or null. It was taken from the head of waiting. */
    @Nullable private List<DiscoveredFile> beingPlanned;

    UnplannedFiles(Collection<DiscoveredFile> restored) {
        this.waiting = new ArrayDeque<>(checkNotNull(restored, "restored files"));
    }

    /** Adds newly discovered files behind the waiting ones, keeping their order. */
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

    /** Takes up to {@code maxFiles} files from the head as the chunk being planned. */
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

    /** The chunk being planned, then the waiting files, for a checkpoint. */
    List<DiscoveredFile> snapshot() {
        List<DiscoveredFile> files =
                new ArrayList<>(waiting.size() + (beingPlanned == null ? 0 : beingPlanned.size()));
        if (beingPlanned != null) {
            files.addAll(beingPlanned);
        }
        files.addAll(waiting);
        return files;
    }
}
