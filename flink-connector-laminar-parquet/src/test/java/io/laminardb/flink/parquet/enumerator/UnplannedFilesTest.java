package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.fs.FileOrder;

import org.apache.flink.core.fs.Path;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests of {@link UnplannedFiles}. */
class UnplannedFilesTest {

    @Test
    void chunksTakeFilesFromTheHeadInOrder() {
        UnplannedFiles files =
                new UnplannedFiles(FileOrder.UNORDERED, List.of(file("a"), file("b")));
        files.add(List.of(file("c")));

        assertThat(names(files.startChunk(2))).containsExactly("a", "b");
        assertThat(files.isPlanning()).isTrue();
        assertThat(files.waitingCount()).isEqualTo(1);
        files.chunkPlanned();
        assertThat(names(files.startChunk(2))).containsExactly("c");
        files.chunkPlanned();

        assertThat(files.isEmpty()).isTrue();
        assertThat(files.snapshot()).isEmpty();
    }

    @Test
    void theChunkBeingPlannedStaysInTheSnapshotUntilPlanned() {
        UnplannedFiles files =
                new UnplannedFiles(FileOrder.UNORDERED, List.of(file("a"), file("b"), file("c")));

        files.startChunk(2);

        assertThat(files.isEmpty()).isFalse();
        assertThat(names(files.snapshot())).containsExactly("a", "b", "c");
        files.chunkPlanned();
        assertThat(names(files.snapshot())).containsExactly("c");
    }

    @Test
    void aChunkBeingPlannedKeepsTheFilesNotEmptyEvenWithNoneWaiting() {
        UnplannedFiles files = new UnplannedFiles(FileOrder.UNORDERED, List.of(file("a")));

        files.startChunk(64);

        assertThat(files.waitingCount()).isZero();
        assertThat(files.isEmpty()).isFalse();
    }

    @Test
    void oneChunkAtATime() {
        UnplannedFiles files =
                new UnplannedFiles(FileOrder.UNORDERED, List.of(file("a"), file("b")));
        files.startChunk(1);

        assertThatThrownBy(() -> files.startChunk(1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("still being planned");
        files.chunkPlanned();
        assertThatThrownBy(files::chunkPlanned)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No chunk is being planned");
    }

    /**
     * File order holds across listings: a file found later but first in the order goes into the
     * next chunk before the files after it, and a snapshot lists the waiting files in order.
     */
    @Test
    void fileOrderHoldsAcrossListings() {
        UnplannedFiles byName = new UnplannedFiles(FileOrder.NAME, List.of(file("d"), file("b")));
        byName.add(List.of(file("c"), file("a")));
        assertThat(names(byName.snapshot())).containsExactly("a", "b", "c", "d");
        assertThat(names(byName.startChunk(2))).containsExactly("a", "b");
        byName.add(List.of(file("bb")));
        assertThat(names(byName.snapshot())).containsExactly("a", "b", "bb", "c", "d");

        UnplannedFiles byTime = new UnplannedFiles(FileOrder.MODIFICATION_TIME, List.of());
        byTime.add(List.of(file("a", 300L), file("b", 200L)));
        byTime.add(List.of(file("renamed-into-place", 100L)));
        assertThat(names(byTime.startChunk(3))).containsExactly("renamed-into-place", "b", "a");
    }

    private static DiscoveredFile file(String name) {
        return file(name, 1L);
    }

    private static DiscoveredFile file(String name, long modificationTime) {
        return new DiscoveredFile(new Path("file:/data/" + name), 10L, modificationTime, Map.of());
    }

    private static List<String> names(List<DiscoveredFile> files) {
        List<String> names = new ArrayList<>();
        for (DiscoveredFile file : files) {
            names.add(file.path().getName());
        }
        return names;
    }
}
