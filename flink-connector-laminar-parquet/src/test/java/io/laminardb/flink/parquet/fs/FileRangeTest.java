package io.laminardb.flink.parquet.fs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The range planner ({@link FileRange#coalesce}) and reads served from loaded ranges. */
class FileRangeTest {

    private static FileRange r(long offset, long length) {
        return new FileRange(offset, length);
    }

    @Test
    void rangesFurtherApartThanTheGapStaySeparate() {
        assertThat(FileRange.coalesce(List.of(r(0, 10), r(20, 10), r(100, 5)), 9))
                .containsExactly(r(0, 10), r(20, 10), r(100, 5));
    }

    @Test
    void aGapExactlyAtTheThresholdJoins() {
        // [0, 10) and [20, 30): 10 bytes apart
        assertThat(FileRange.coalesce(List.of(r(0, 10), r(20, 10)), 10)).containsExactly(r(0, 30));
        assertThat(FileRange.coalesce(List.of(r(0, 10), r(20, 10)), 9))
                .containsExactly(r(0, 10), r(20, 10));
    }

    @Test
    void touchingRangesJoinWithGapZero() {
        assertThat(FileRange.coalesce(List.of(r(0, 10), r(10, 5), r(16, 4)), 0))
                .containsExactly(r(0, 15), r(16, 4));
    }

    @Test
    void overlappingAndContainedRangesJoin() {
        assertThat(FileRange.coalesce(List.of(r(0, 10), r(5, 10), r(6, 2), r(40, 1)), 0))
                .containsExactly(r(0, 15), r(40, 1));
    }

    @Test
    void unorderedInputComesOutSortedByOffset() {
        assertThat(FileRange.coalesce(List.of(r(300, 10), r(0, 10), r(100, 10), r(105, 1)), 0))
                .containsExactly(r(0, 10), r(100, 10), r(300, 10));
        assertThat(FileRange.coalesce(List.of(r(300, 10), r(0, 10), r(100, 10)), 1 << 20))
                .containsExactly(r(0, 310));
    }

    @Test
    void emptyRangesAreDroppedAndBadRangesRejected() {
        assertThat(FileRange.coalesce(List.of(r(5, 0)), 100)).isEmpty();
        assertThat(FileRange.coalesce(List.of(), 100)).isEmpty();
        assertThatThrownBy(() -> r(-1, 3)).hasMessageContaining("negative offset");
        assertThatThrownBy(() -> r(1, -3)).hasMessageContaining("negative length");
        assertThatThrownBy(() -> FileRange.coalesce(List.of(r(0, 1)), -1))
                .hasMessageContaining("negative");
        assertThat(FileRange.totalLength(List.of(r(0, 10), r(50, 7)))).isEqualTo(17);
    }

    @Test
    void loadedRangesServeReadsAndReadsOutsideFailNamingTheFileAndOffset() throws IOException {
        byte[] a = {1, 2, 3, 4};
        byte[] b = {9, 8};
        LoadedRanges loaded = new LoadedRanges(List.of(r(10, 4), r(20, 2)), new byte[][] {a, b});
        assertThat(loaded.bytes()).isEqualTo(6);
        try (LoadedRangesInputStream in = new LoadedRangesInputStream("f.parquet", null)) {
            in.load(loaded);
            in.seek(11);
            byte[] out = new byte[3];
            in.readFully(out);
            assertThat(out).containsExactly(2, 3, 4);
            in.seek(20);
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocateDirect(2);
            in.readFully(buffer);
            assertThat(buffer.get(0)).isEqualTo((byte) 9);
            assertThat(buffer.get(1)).isEqualTo((byte) 8);
            in.seek(12);
            assertThatThrownBy(() -> in.readFully(new byte[4]))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("f.parquet")
                    .hasMessageContaining("offset 14");
        }
    }
}
