package io.laminardb.flink.parquet.table;

import io.laminardb.flink.parquet.testutils.SqlTables;
import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partition pushdown: the source lists the partition directories, the planner picks the ones a
 * query needs, and only their files are read. Directory keys come in another order than the table's
 * PARTITIONED BY; one value needs Hive escaping and one partition is the default (NULL).
 */
class PartitionPushDownITCase {

    @RegisterExtension static final MiniClusterExtension CLUSTER = new MiniClusterExtension();

    @TempDir static Path dir;

    private static Path root;

    /** region, then hour, then 10 ids each; the ids tell which partition a row came from. */
    private static final String[][] PARTITIONS = {
        {"region=eu", "hour=1"},
        {"region=eu", "hour=2"},
        {"region=us%2Fwest", "hour=1"},
        {"region=__HIVE_DEFAULT_PARTITION__", "hour=2"},
        {"region=__DEFAULT_PARTITION__", "hour=3"}, // Flink's filesystem sink's name
    };

    @BeforeAll
    static void writeFiles() throws Exception {
        root = dir.resolve("events");
        for (int p = 0; p < PARTITIONS.length; p++) {
            TradeFiles.write(
                    root.resolve(PARTITIONS[p][0]).resolve(PARTITIONS[p][1]).resolve("f.parquet"),
                    p * 10L,
                    10,
                    5);
        }
        // A marker file and a hidden directory are not partitions.
        java.nio.file.Files.createDirectories(root.resolve("_temporary/region=xx/hour=9"));
        java.nio.file.Files.writeString(root.resolve("_SUCCESS"), "");
    }

    private static TableEnvironment env(boolean streaming) {
        TableEnvironment tEnv = SqlTables.env(streaming);
        tEnv.executeSql(
                "CREATE TABLE events (id BIGINT, symbol STRING, `hour` INT, region STRING)"
                        + " PARTITIONED BY (`hour`, region) WITH ('connector' = 'parquet',"
                        + " 'path' = '"
                        + root.toUri()
                        + "')");
        return tEnv;
    }

    private static List<Long> ids(TableEnvironment tEnv, String where) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (CloseableIterator<Row> it =
                tEnv.executeSql("SELECT id FROM events WHERE " + where).collect()) {
            it.forEachRemaining(row -> ids.add((Long) row.getField(0)));
        }
        return ids;
    }

    private static List<Long> partitions(int... indexes) {
        List<Long> ids = new ArrayList<>();
        for (int p : indexes) {
            for (long id = p * 10L; id < p * 10L + 10; id++) {
                ids.add(id);
            }
        }
        return ids;
    }

    @Test
    void explainShowsThePartitionsKept() {
        String plan = env(false).explainSql("SELECT id FROM events WHERE region = 'us/west'");
        assertThat(plan).contains("partitions=[{hour=1, region=us/west}]");
        assertThat(plan).doesNotContain("where=[");
    }

    /**
     * Planning lists partition directories and one file, never the files of every partition: a file
     * that cannot even be listed in a partition the query does not need does not matter.
     */
    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void planningDoesNotListTheFilesOfEveryPartition(boolean streaming) throws Exception {
        Path other = dir.resolve("planning-" + streaming);
        TradeFiles.write(other.resolve("region=eu/hour=1/f.parquet"), 0, 10, 5);
        java.nio.file.Files.createDirectories(other.resolve("region=us/hour=1"));
        java.nio.file.Files.createSymbolicLink(
                other.resolve("region=us/hour=1/broken.parquet"), dir.resolve("nowhere"));
        TableEnvironment tEnv = SqlTables.env(streaming);
        tEnv.executeSql(
                "CREATE TABLE e2 (id BIGINT, region STRING, `hour` INT) PARTITIONED BY (region,"
                        + " `hour`) WITH ('connector' = 'parquet', 'path' = '"
                        + other.toUri()
                        + "')");
        assertThat(tEnv.explainSql("SELECT id FROM e2 WHERE region = 'eu'"))
                .contains("partitions=[{hour=1, region=eu}]");
        List<Long> ids = new ArrayList<>();
        try (CloseableIterator<Row> it =
                tEnv.executeSql("SELECT id FROM e2 WHERE region = 'eu'").collect()) {
            it.forEachRemaining(row -> ids.add((Long) row.getField(0)));
        }
        assertThat(ids).containsExactlyInAnyOrderElementsOf(partitions(0));
    }

    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void readsOnlyTheKeptPartitions(boolean streaming) throws Exception {
        TableEnvironment tEnv = env(streaming);
        assertThat(ids(tEnv, "region = 'us/west'"))
                .containsExactlyInAnyOrderElementsOf(partitions(2));
        assertThat(ids(tEnv, "`hour` = 2")).containsExactlyInAnyOrderElementsOf(partitions(1, 3));
        assertThat(ids(tEnv, "region IS NULL"))
                .containsExactlyInAnyOrderElementsOf(partitions(3, 4));
        assertThat(ids(tEnv, "region = 'eu' AND `hour` > 1 AND id % 2 = 0"))
                .containsExactlyInAnyOrder(10L, 12L, 14L, 16L, 18L);
        assertThat(ids(tEnv, "region = 'nowhere'")).isEmpty();
    }
}
