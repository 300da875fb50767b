package io.laminardb.flink.parquet.table;

import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.plan.stats.ColumnStats;
import org.apache.flink.table.plan.stats.TableStats;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Statistics summed from footers, and the batch planner seeing them. */
class FooterStatisticsTest {

    @TempDir static Path dir;

    @BeforeAll
    static void writeFiles() throws Exception {
        TradeFiles.write(dir.resolve("t/day=1/a.parquet"), 0, 1000, 300);
        TradeFiles.write(dir.resolve("t/day=2/b.parquet"), 1000, 700, 300);
    }

    @Test
    void sumsRowsNullsAndRanges() throws Exception {
        RowType columns =
                RowType.of(
                        new LogicalType[] {
                            new BigIntType(false),
                            new IntType(),
                            new DoubleType(),
                            new VarCharType(VarCharType.MAX_LENGTH),
                            new IntType()
                        },
                        new String[] {"id", "qty", "price", "note", "absent"});
        TableStats stats =
                FooterStatistics.of(
                        new FileDiscovery(dir.resolve("t").toString(), true)
                                .discover(FileOrder.NAME),
                        columns);
        assertThat(stats.getRowCount()).isEqualTo(1700);
        ColumnStats id = stats.getColumnStats().get("id");
        assertThat(id.getNullCount()).isEqualTo(0);
        assertThat(id.getMin()).isEqualTo(0L);
        assertThat(id.getMax()).isEqualTo(1699L);
        ColumnStats qty = stats.getColumnStats().get("qty");
        assertThat(qty.getMin()).isEqualTo(1);
        assertThat(qty.getMax()).isEqualTo(500);
        assertThat(stats.getColumnStats().get("price").getMax()).isEqualTo(109.99);
        ColumnStats note = stats.getColumnStats().get("note");
        assertThat(note.getNullCount()).isEqualTo(170);
        assertThat(note.getMin()).isNull(); // strings: no range
        assertThat(stats.getColumnStats()).doesNotContainKey("absent");
    }

    @Test
    void batchPlannerSeesTheRowCountOfThePartitionsRead() {
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.executeSql(
                "CREATE TABLE t (id BIGINT, qty INT, `day` INT) PARTITIONED BY (`day`) WITH"
                        + " ('connector' = 'parquet', 'path' = '"
                        + dir.resolve("t").toUri()
                        + "')");
        assertThat(tEnv.explainSql("SELECT id FROM t", ExplainDetail.ESTIMATED_COST))
                .contains("rowcount = 1700.0");
        assertThat(
                        tEnv.explainSql(
                                "SELECT id FROM t WHERE `day` = 2", ExplainDetail.ESTIMATED_COST))
                .contains("rowcount = 700.0");
    }
}
