package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.plan.MetadataColumn;
import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.source.LaminarParquetSourceBuilder;
import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Metadata columns: the file's path, name, size and modification time, the row group and the row's
 * position in its file, checked against the files for every row, with row groups pruned, pages
 * skipped and reads resumed mid-row-group.
 */
class MetadataColumnsTest {

    @TempDir static Path dir;

    private static Path a;
    private static Path b;

    /** a: ids 0..2999 in row groups of 1,000; b: ids 3000..8999 in one row group, 6 pages. */
    @BeforeAll
    static void writeFiles() throws Exception {
        a = dir.resolve("t/day=2024-01-01/a.parquet");
        b = dir.resolve("t/day=2024-01-02/b.parquet");
        TradeFiles.write(a, 0, 3_000, 1_000);
        TradeFiles.write(b, 3_000, 6_000, 6_000);
    }

    private static LaminarParquetSourceBuilder<RowData> builder() {
        return LaminarParquetSource.forRowData()
                .path(dir.resolve("t").toString())
                .columns("id", "day")
                .metadataColumn(MetadataColumn.FILE_PATH)
                .metadataColumn(MetadataColumn.FILE_NAME)
                .metadataColumn(MetadataColumn.FILE_SIZE)
                .metadataColumn("mtime", MetadataColumn.FILE_MODIFICATION_TIME)
                .metadataColumn(MetadataColumn.ROW_GROUP)
                .metadataColumn(MetadataColumn.ROW_INDEX);
    }

    @Test
    void theRowTypeEndsWithTheMetadataColumnsInOrder() {
        RowType type = builder().build().getRowType();
        assertThat(type.getFieldNames())
                .containsExactly(
                        "id",
                        "day",
                        "file.path",
                        "file.name",
                        "file.size",
                        "mtime",
                        "row_group",
                        "row_index");
        assertThat(type.getTypeAt(5).getTypeRoot())
                .isEqualTo(LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE);
        assertThat(type.getChildren().subList(2, 8)).noneMatch(t -> t.isNullable());
    }

    @Test
    void everyRowHasItsFileAndItsPositionInTheFile() throws Exception {
        for (int resumeAfter : new int[] {0, 1, 999, 1_000, 1_234, 5_000}) {
            List<List<Object>> rows = read(builder().build(), resumeAfter);
            assertThat(rows).hasSize(9_000);
            assertMetadata(rows);
        }
    }

    @Test
    void rowIndexesAreFilePositionsWhenRowGroupsArePrunedAndPagesSkipped() throws Exception {
        ParquetFilter filter =
                ParquetFilter.or(
                        ParquetFilter.between("id", 1_500L, 1_600L),
                        ParquetFilter.between("id", 7_100L, 7_200L));
        for (int resumeAfter : new int[] {0, 1, 50, 101, 150}) {
            List<List<Object>> rows = read(builder().filter(filter).build(), resumeAfter);
            TreeSet<Long> ids = new TreeSet<>();
            rows.forEach(r -> ids.add((Long) r.get(0)));
            assertThat(rows).as("resume after %s", resumeAfter).hasSize(202);
            assertThat(ids.first()).isEqualTo(1_500L);
            assertThat(ids.last()).isEqualTo(7_200L);
            assertMetadata(rows);
        }
    }

    @Test
    void aMetadataColumnMayNotTakeTheNameOfAnotherColumn() {
        assertThatThrownBy(
                        () ->
                                LaminarParquetSource.forRowData()
                                        .path(dir.resolve("t").toString())
                                        .metadataColumn("id", MetadataColumn.ROW_INDEX)
                                        .build())
                .hasMessageContaining("'id'");
    }

    private static void assertMetadata(List<List<Object>> rows) throws Exception {
        for (List<Object> row : rows) {
            long id = (Long) row.get(0);
            Path file = id < 3_000 ? a : b;
            long position = id < 3_000 ? id : id - 3_000;
            int rowGroup = id < 3_000 ? (int) (id / 1_000) : 0;
            assertThat(row.get(2)).asString().endsWith(file.toString()).startsWith("file:");
            assertThat(row.get(3)).isEqualTo(file.getFileName().toString());
            assertThat(row.get(4)).isEqualTo(Files.size(file));
            assertThat(row.get(5))
                    .isEqualTo(
                            TimestampData.fromEpochMillis(
                                    Files.getLastModifiedTime(file).toMillis()));
            assertThat(row.get(6)).as("row group of id %s", id).isEqualTo(rowGroup);
            assertThat(row.get(7)).as("row index of id %s", id).isEqualTo(position);
        }
    }

    private static List<List<Object>> read(LaminarParquetSource<RowData> source, int resumeAfter)
            throws Exception {
        return SplitReads.read(source, dir.resolve("t"), true, resumeAfter);
    }
}
