package io.laminardb.flink.parquet.enumerator.assigner;

import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.core.fs.Path;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests of {@link SplitAssigner}. */
class SplitAssignerTest {

    @Test
    void handsOutPlannedSplitsInTheOrderTheyWerePlanned() {
        SplitAssigner assigner = new SplitAssigner(FileOrder.UNORDERED, List.of());

        assigner.onPlanned(List.of(split("a", 0), split("a", 1)));
        assigner.onPlanned(List.of(split("b", 0)));

        assertThat(assigner.pendingCount()).isEqualTo(3);
        assertThat(drain(assigner)).containsExactly("a#0", "a#1", "b#0");
        assertThat(assigner.next()).isNull();
        assertThat(assigner.isEmpty()).isTrue();
    }

    @Test
    void handedBackSplitsGoBeforeEveryPendingSplitInTheirOrder() {
        SplitAssigner assigner = new SplitAssigner(FileOrder.UNORDERED, List.of());
        assigner.onPlanned(List.of(split("a", 0), split("a", 1), split("b", 0)));
        assertThat(ids(List.of(assigner.next(), assigner.next()))).containsExactly("a#0", "a#1");

        assigner.onHandedBack(List.of(split("a", 0), split("a", 1)));
        assigner.onPlanned(List.of(split("c", 0)));

        assertThat(drain(assigner)).containsExactly("a#0", "a#1", "b#0", "c#0");
    }

    @Test
    void restoredSplitsComeBeforeNewlyPlannedOnes() {
        SplitAssigner assigner =
                new SplitAssigner(FileOrder.UNORDERED, List.of(split("a", 1), split("b", 0)));

        assigner.onPlanned(List.of(split("c", 0)));

        assertThat(drain(assigner)).containsExactly("a#1", "b#0", "c#0");
    }

    @Test
    void snapshotIsTheAssignmentOrderAndACopy() {
        SplitAssigner assigner = new SplitAssigner(FileOrder.UNORDERED, List.of(split("b", 0)));
        assigner.onPlanned(List.of(split("c", 0)));
        assigner.onHandedBack(List.of(split("a", 0)));

        List<ParquetSplit> snapshot = assigner.snapshot();
        assigner.next();

        assertThat(ids(snapshot)).containsExactly("a#0", "b#0", "c#0");
        assertThat(assigner.pendingCount()).isEqualTo(2);
    }

    /**
     * By name: a split of a file planned later but first in the order goes before the pending
     * splits of files after it (a free reader never gets a later file while an earlier one waits);
     * handed-back splits still go first; a restore keeps the order.
     */
    @Test
    void fileOrderHoldsAcrossPlanningSteps() {
        SplitAssigner assigner = new SplitAssigner(FileOrder.NAME, List.of());
        assigner.onPlanned(List.of(split("c", 0), split("c", 1)));
        assigner.onPlanned(List.of(split("b", 0)));
        assigner.onPlanned(List.of(split("a", 1), split("a", 0)));
        assigner.onHandedBack(List.of(split("z", 3)));

        assertThat(ids(assigner.snapshot()))
                .containsExactly("z#3", "a#0", "a#1", "b#0", "c#0", "c#1");
        SplitAssigner restored = new SplitAssigner(FileOrder.NAME, assigner.snapshot());
        assertThat(drain(assigner)).containsExactly("z#3", "a#0", "a#1", "b#0", "c#0", "c#1");
        assertThat(drain(restored)).containsExactly("a#0", "a#1", "b#0", "c#0", "c#1", "z#3");
    }

    /** By modification time: a file renamed into place with an old time goes first. */
    @Test
    void modificationTimeOrderHoldsAcrossPlanningSteps() {
        SplitAssigner assigner = new SplitAssigner(FileOrder.MODIFICATION_TIME, List.of());
        assigner.onPlanned(List.of(split("a", 0, 300L), split("b", 0, 200L)));
        assigner.onPlanned(List.of(split("c", 0, 100L), split("d", 0, 200L)));

        assertThat(drain(assigner)).containsExactly("c#0", "b#0", "d#0", "a#0");
    }

    private static ParquetSplit split(String file, int rowGroup) {
        return split(file, rowGroup, 1L);
    }

    private static ParquetSplit split(String file, int rowGroup, long modificationTime) {
        return new ParquetSplit(
                new Path("file:/data/" + file + ".parquet"),
                1000L,
                modificationTime,
                rowGroup,
                new long[] {10L},
                Map.of());
    }

    private static List<String> drain(SplitAssigner assigner) {
        List<ParquetSplit> splits = new ArrayList<>();
        for (ParquetSplit split = assigner.next(); split != null; split = assigner.next()) {
            splits.add(split);
        }
        return ids(splits);
    }

    private static List<String> ids(List<ParquetSplit> splits) {
        List<String> ids = new ArrayList<>();
        for (ParquetSplit split : splits) {
            String name = split.path().getName();
            ids.add(name.substring(0, name.indexOf('.')) + "#" + split.firstRowGroup());
        }
        return ids;
    }
}
