package io.laminardb.flink.parquet.enumerator.assigner;

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
        SplitAssigner assigner = new SplitAssigner(List.of());

        assigner.onPlanned(List.of(split("a", 0), split("a", 1)));
        assigner.onPlanned(List.of(split("b", 0)));

        assertThat(assigner.pendingCount()).isEqualTo(3);
        assertThat(drain(assigner)).containsExactly("a#0", "a#1", "b#0");
        assertThat(assigner.next()).isNull();
        assertThat(assigner.isEmpty()).isTrue();
    }

    @Test
    void handedBackSplitsGoBeforeEveryPendingSplitInTheirOrder() {
        SplitAssigner assigner = new SplitAssigner(List.of());
        assigner.onPlanned(List.of(split("a", 0), split("a", 1), split("b", 0)));
        assertThat(ids(List.of(assigner.next(), assigner.next()))).containsExactly("a#0", "a#1");

        assigner.onHandedBack(List.of(split("a", 0), split("a", 1)));
        assigner.onPlanned(List.of(split("c", 0)));

        assertThat(drain(assigner)).containsExactly("a#0", "a#1", "b#0", "c#0");
    }

    @Test
    void restoredSplitsComeBeforeNewlyPlannedOnes() {
        SplitAssigner assigner = new SplitAssigner(List.of(split("a", 1), split("b", 0)));

        assigner.onPlanned(List.of(split("c", 0)));

        assertThat(drain(assigner)).containsExactly("a#1", "b#0", "c#0");
    }

    @Test
    void snapshotIsTheAssignmentOrderAndACopy() {
        SplitAssigner assigner = new SplitAssigner(List.of(split("b", 0)));
        assigner.onPlanned(List.of(split("c", 0)));
        assigner.onHandedBack(List.of(split("a", 0)));

        List<ParquetSplit> snapshot = assigner.snapshot();
        assigner.next();

        assertThat(ids(snapshot)).containsExactly("a#0", "b#0", "c#0");
        assertThat(assigner.pendingCount()).isEqualTo(2);
    }

    private static ParquetSplit split(String file, int rowGroup) {
        return new ParquetSplit(
                new Path("file:/data/" + file + ".parquet"),
                1000L,
                1L,
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
