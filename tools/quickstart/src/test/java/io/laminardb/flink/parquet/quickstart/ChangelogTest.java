package io.laminardb.flink.parquet.quickstart;

import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link Changelog}. */
class ChangelogTest {

    private static Changelog apply(Row... rows) {
        Changelog changelog = new Changelog();
        for (Row row : rows) {
            changelog.apply(row);
        }
        return changelog;
    }

    @Test
    void insertsAreKeptInOrder() {
        Changelog changelog = apply(Row.of("B", 1), Row.of("A", 2), Row.of("B", 1));
        assertThat(changelog.rows())
                .containsExactly(Row.of("B", 1), Row.of("B", 1), Row.of("A", 2));
        assertThat(changelog.changes()).isEqualTo(3);
    }

    @Test
    void updatesReplaceTheirRow() {
        // A streaming GROUP BY: count per key, updated as rows arrive.
        Changelog changelog =
                apply(
                        Row.ofKind(RowKind.INSERT, "A", 1L),
                        Row.ofKind(RowKind.INSERT, "B", 1L),
                        Row.ofKind(RowKind.UPDATE_BEFORE, "A", 1L),
                        Row.ofKind(RowKind.UPDATE_AFTER, "A", 2L),
                        Row.ofKind(RowKind.UPDATE_BEFORE, "A", 2L),
                        Row.ofKind(RowKind.UPDATE_AFTER, "A", 3L));
        assertThat(changelog.rows()).containsExactly(Row.of("B", 1L), Row.of("A", 3L));
        assertThat(changelog.rows()).allMatch(r -> r.getKind() == RowKind.INSERT);
        assertThat(changelog.changes()).isEqualTo(6);
    }

    @Test
    void deleteRemovesOneCopy() {
        Changelog changelog =
                apply(
                        Row.of("A", 1),
                        Row.of("A", 1),
                        Row.of("C", 3),
                        Row.ofKind(RowKind.DELETE, "A", 1),
                        Row.ofKind(RowKind.DELETE, "C", 3));
        assertThat(changelog.rows()).containsExactly(Row.of("A", 1));
    }

    @Test
    void retractionOfAnUnknownRowChangesNothing() {
        Changelog changelog =
                apply(
                        Row.of("A", 1),
                        Row.ofKind(RowKind.DELETE, "A", 2),
                        Row.ofKind(RowKind.UPDATE_BEFORE, "Z", 1));
        assertThat(changelog.rows()).containsExactly(Row.of("A", 1));
        assertThat(changelog.changes()).isEqualTo(3);
    }

    @Test
    void rowsAreComparedByValueIncludingNullsAndArrays() {
        Changelog changelog =
                apply(
                        Row.of(null, new byte[] {1, 2}),
                        Row.ofKind(RowKind.UPDATE_BEFORE, null, new byte[] {1, 2}),
                        Row.ofKind(RowKind.UPDATE_AFTER, null, new byte[] {3}));
        assertThat(changelog.rows()).containsExactly(Row.of(null, new byte[] {3}));
    }

    @Test
    void emptyChangelog() {
        Changelog changelog = new Changelog();
        assertThat(changelog.rows()).isEmpty();
        assertThat(changelog.changes()).isZero();
    }
}
