package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.DiscoveredFile;

import org.apache.flink.core.fs.Path;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests of {@link DiscoveryPosition}: the "seen" rule and its bounded size. */
class DiscoveryPositionTest {

    private static final long W = 60_000L;

    @Test
    void beforeAnythingIsHandedOverEveryFileIsNew() {
        DiscoveryPosition initial = DiscoveryPosition.initial(W);

        assertThat(initial.isNew(file("a", 10, Long.MIN_VALUE + 1))).isTrue();
        assertThat(initial.isNew(file("a", 10, 0))).isTrue();
        assertThat(initial.isNew(file("a", 10, 1_700_000_000_000L))).isTrue();
        assertThat(initial.maxModificationTime()).isEqualTo(DiscoveryPosition.NOTHING_HANDED_OVER);
        assertThat(initial.window()).isEmpty();
    }

    @Test
    void aFileHandedOverIsNotNewAgainUnlessItChanges() {
        DiscoveredFile a = file("a", 10, 1_000_000L);
        DiscoveryPosition position = DiscoveryPosition.initial(W).advance(List.of(a));

        assertThat(position.isNew(a)).isFalse();
        // Rewritten in place: a new version of the file, handed over again.
        assertThat(position.isNew(file("a", 11, 1_000_000L))).isTrue();
        assertThat(position.isNew(file("a", 10, 1_000_001L))).isTrue();
        assertThat(position.isNew(file("b", 10, 1_000_000L))).isTrue();
    }

    @Test
    void filesAtOrBelowTheCutoffCountAsSeen() {
        DiscoveryPosition position =
                DiscoveryPosition.initial(W).advance(List.of(file("new", 1, 1_000_000L)));

        // Renamed into place with an older mtime: read inside the window, not below it.
        assertThat(position.isNew(file("late", 1, 1_000_000L - W + 1))).isTrue();
        assertThat(position.isNew(file("late", 1, 1_000_000L - W))).isFalse();
        assertThat(position.isNew(file("late", 1, 0L))).isFalse();
        // Newer than M (another writer's clock ahead): new.
        assertThat(position.isNew(file("ahead", 1, 2_000_000L))).isTrue();
    }

    @Test
    void advancingDropsTheFilesThatFallBehindTheWindow() {
        DiscoveredFile a = file("a", 1, 1_000_000L);
        DiscoveredFile b = file("b", 1, 1_030_000L);
        DiscoveryPosition position = DiscoveryPosition.initial(W).advance(List.of(a, b));
        assertThat(position.window()).extracting(e -> e.path()).hasSize(2);

        DiscoveryPosition later = position.advance(List.of(file("c", 1, 1_070_000L)));

        assertThat(later.maxModificationTime()).isEqualTo(1_070_000L);
        assertThat(later.window())
                .extracting(DiscoveryPosition.WindowEntry::path)
                .containsExactly("file:/data/b.parquet", "file:/data/c.parquet");
        assertThat(later.isNew(a)).isFalse();
        assertThat(later.isNew(b)).isFalse();
        assertThat(position.advance(List.of())).isSameAs(position);
    }

    @Test
    void aNewVersionReplacesTheOldInTheWindow() {
        DiscoveryPosition position =
                DiscoveryPosition.initial(W)
                        .advance(List.of(file("a", 1, 1_000_000L)))
                        .advance(List.of(file("a", 2, 1_000_500L)));

        assertThat(position.window())
                .containsExactly(
                        new DiscoveryPosition.WindowEntry("file:/data/a.parquet", 2, 1_000_500L));
        assertThat(position.isNew(file("a", 2, 1_000_500L))).isFalse();
        assertThat(position.isNew(file("a", 1, 1_000_000L))).isTrue();
    }

    @Test
    void rejectsANegativeWindowAndEntriesNewerThanTheMaximum() {
        assertThatThrownBy(() -> DiscoveryPosition.initial(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("settle window must not be negative");
        assertThatThrownBy(
                        () ->
                                new DiscoveryPosition(
                                        10L,
                                        W,
                                        List.of(new DiscoveryPosition.WindowEntry("x", 1, 11L))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("newer than the position's newest modification time");
    }

    /**
     * 100,000 files arrive over 1,000 polls (100 per poll, ten per second of modification time);
     * every poll lists every file so far. Each file is handed over exactly once, and the serialized
     * enumerator state holding the position stays under 64 KB, the same size after 10,000 files as
     * after 100,000: it depends on the files inside the settle window, not on the files read.
     */
    @Test
    void theSerializedStateStaysBoundedWhateverWasHandedOver() throws IOException {
        int polls = 1_000;
        int filesPerPoll = 100;
        long start = 1_700_000_000_000L;
        List<DiscoveredFile> present = new ArrayList<>();
        DiscoveryPosition position = DiscoveryPosition.initial(30_000L);
        ParquetEnumStateSerializer serializer = new ParquetEnumStateSerializer();
        long handedOver = 0;
        int maxBytes = 0;
        int bytesAfter100Polls = 0;

        for (int poll = 0; poll < polls; poll++) {
            for (int i = 0; i < filesPerPoll; i++) {
                long n = (long) poll * filesPerPoll + i;
                present.add(
                        new DiscoveredFile(
                                new Path(String.format("file:/data/dt=x/f-%08d.parquet", n)),
                                1024 + n % 7,
                                start + n * 100,
                                Map.of("dt", "x")));
            }
            List<DiscoveredFile> fresh = new ArrayList<>();
            for (DiscoveredFile file : present) {
                if (position.isNew(file)) {
                    fresh.add(file);
                }
            }
            assertThat(fresh).as("poll %s", poll).hasSize(filesPerPoll);
            handedOver += fresh.size();
            position = position.advance(fresh);

            int bytes =
                    serializer.serialize(
                                    new ParquetEnumState(false, List.of(), List.of(), position))
                            .length;
            maxBytes = Math.max(maxBytes, bytes);
            if (poll == 99) {
                bytesAfter100Polls = bytes;
            }
        }

        assertThat(handedOver).isEqualTo(100_000L);
        assertThat(position.window()).hasSize(300);
        assertThat(maxBytes).isLessThan(64 * 1024).isEqualTo(bytesAfter100Polls);
        assertThat(
                        serializer
                                .deserialize(
                                        serializer.getVersion(),
                                        serializer.serialize(
                                                new ParquetEnumState(
                                                        false, List.of(), List.of(), position)))
                                .position())
                .isEqualTo(position);
    }

    private static DiscoveredFile file(String name, long size, long mtime) {
        return new DiscoveredFile(
                new Path("file:/data/" + name + ".parquet"), size, mtime, Map.of());
    }
}
