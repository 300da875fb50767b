package io.laminardb.flink.parquet.gcs;

import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.testutils.FlinkFsPlugins;
import io.laminardb.flink.parquet.testutils.GcsServiceAccount;
import io.laminardb.flink.parquet.testutils.GcsTestServer;
import io.laminardb.flink.parquet.testutils.SqlTables;
import io.laminardb.flink.parquet.testutils.TradeFiles;
import io.laminardb.flink.parquet.testutils.TradeRows;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gs://} reads through transient failures and expiring tokens: {@link GcsTestServer} answers
 * every fourth request with a {@code 503}, a {@code 429} or a download cut off half-way, and its
 * access tokens expire after a second (a request with an expired one gets a {@code 401}). With
 * Flink's restarts off, the job still ends with every row exactly once, values checked: the GCS
 * connector retries the failures and fetches new tokens (the connector does not retry itself).
 */
class GcsFaultsITCase {

    private static final int ROWS = 4000;

    @RegisterExtension
    @Order(1)
    static final GcsTestServer GCS = new GcsTestServer();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension CLUSTER = SqlTables.cluster(2);

    @TempDir static Path dir;

    private static GcsServiceAccount serviceAccount;

    @BeforeAll
    static void upload() throws Exception {
        Path local = dir.resolve("trades");
        TradeFiles.writeTwoDays(local, ROWS / 2);
        serviceAccount = GcsServiceAccount.create(dir.resolve("reader.json"), GCS);
        GCS.requireServiceAccount(serviceAccount.keys().getPublic());
        GCS.createBucket("lake");
        GCS.putTree("lake", "trades/", local);
        FlinkFsPlugins.initializeFileSystems(new Configuration());
    }

    @AfterAll
    static void resetFileSystems() {
        Map<String, Integer> counts = new TreeMap<>();
        GCS.calls().forEach(call -> counts.merge(call, 1, Integer::sum));
        System.out.println(
                "GCS calls: " + counts + ", tokens issued: " + GCS.issuedTokens().size());
        FileSystem.initialize(new Configuration(), null);
    }

    @Test
    void everyRowOnceThroughTransientFailuresAndExpiringTokens() throws Exception {
        GCS.tokenLifetime(Duration.ofSeconds(1));
        GCS.failEvery(4);
        var builder = LaminarParquetSource.forRowData().path("gs://lake/trades/");
        serviceAccount.settings().forEach(builder::storageOption);
        // the GCS connector's default, stated: the retries this test relies on (with 0 the first
        // failure fails the job)
        builder.storageOption("gs.http.max.retry", "10");
        LaminarParquetSource<RowData> source = builder.build();
        RowType type = source.getRowType();

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "disable");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(2);
        Map<Long, Integer> seen = new TreeMap<>();
        try (CloseableIterator<RowData> rows =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "gs")
                        .executeAndCollect()) {
            while (rows.hasNext()) {
                RowData row = rows.next();
                TradeRows.assertTrade(row, type);
                seen.merge(row.getLong(type.getFieldIndex("id")), 1, Integer::sum);
            }
        }
        assertThat(seen).hasSize(ROWS);
        assertThat(seen.keySet()).first().isEqualTo(0L);
        assertThat(seen.keySet()).last().isEqualTo((long) ROWS - 1);
        assertThat(seen.values()).containsOnly(1);

        List<String> calls = GCS.calls();
        assertThat(Collections.frequency(calls, "failed"))
                .as("transient failures served: %s", calls)
                .isGreaterThanOrEqualTo(3);
        assertThat(Collections.frequency(calls, "media")).isGreaterThan(4);
        assertThat(GCS.issuedTokens()).as("tokens fetched as they expired").hasSizeGreaterThan(1);
        assertThat(GCS.unknownRequests()).isEmpty();
    }
}
