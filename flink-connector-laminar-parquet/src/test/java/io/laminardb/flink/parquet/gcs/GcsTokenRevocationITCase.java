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
import org.apache.flink.util.ExceptionUtils;

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
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code gs://} when GCS refuses an access token before its announced expiry ({@code 401}), as it
 * does for a revoked token: {@link GcsTestServer} issues tokens valid for an hour and refuses each
 * after its third use. The read fetches a new token and goes on, ending with exactly the input
 * rows. And when the service account itself is refused (the token endpoint answers {@code 401
 * unauthorized_client} and every token is refused), the job fails fast, naming the path, with
 * neither the private key nor a token in the error.
 */
class GcsTokenRevocationITCase {

    private static final int ROWS = 4000;

    @RegisterExtension
    @Order(1)
    static final GcsTestServer REVOKING = new GcsTestServer();

    @RegisterExtension
    @Order(2)
    static final GcsTestServer REFUSING = new GcsTestServer();

    @RegisterExtension
    @Order(3)
    static final MiniClusterExtension CLUSTER = SqlTables.cluster(2);

    @TempDir static Path dir;

    private static GcsServiceAccount revokingAccount;
    private static GcsServiceAccount refusedAccount;

    @BeforeAll
    static void upload() throws Exception {
        Path local = dir.resolve("trades");
        TradeFiles.writeTwoDays(local, ROWS / 2);
        revokingAccount = GcsServiceAccount.create(dir.resolve("revoking.json"), REVOKING);
        refusedAccount = GcsServiceAccount.create(dir.resolve("refused.json"), REFUSING);
        for (GcsTestServer gcs : List.of(REVOKING, REFUSING)) {
            gcs.createBucket("lake");
            gcs.putTree("lake", "trades/", local);
        }
        REVOKING.requireServiceAccount(revokingAccount.keys().getPublic());
        REFUSING.requireServiceAccount(refusedAccount.keys().getPublic());
        FlinkFsPlugins.initializeFileSystems(new Configuration());
    }

    @AfterAll
    static void resetFileSystems() {
        for (GcsTestServer gcs : List.of(REVOKING, REFUSING)) {
            Map<String, Integer> counts = new TreeMap<>();
            gcs.calls().forEach(call -> counts.merge(call, 1, Integer::sum));
            System.out.println(
                    "GCS calls: " + counts + ", tokens issued: " + gcs.issuedTokens().size());
        }
        FileSystem.initialize(new Configuration(), null);
    }

    private static StreamExecutionEnvironment envWithoutRestarts() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "disable");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(2);
        return env;
    }

    @Test
    void aTokenRefusedBeforeItsExpiryIsReplacedAndTheReadGoesOn() throws Exception {
        REVOKING.tokenLifetime(Duration.ofHours(1));
        REVOKING.revokeTokensAfterUses(3);
        var builder = LaminarParquetSource.forRowData().path("gs://lake/trades/");
        revokingAccount.settings().forEach(builder::storageOption);
        LaminarParquetSource<RowData> source = builder.build();
        RowType type = source.getRowType();

        Map<Long, Integer> seen = new TreeMap<>();
        try (CloseableIterator<RowData> rows =
                envWithoutRestarts()
                        .fromSource(source, WatermarkStrategy.noWatermarks(), "gs")
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

        List<String> calls = REVOKING.calls();
        int revoked = Collections.frequency(calls, "revoked");
        assertThat(revoked).as("requests refused with a revoked token: %s", calls).isPositive();
        // requests in flight with one token are refused together and share its replacement
        assertThat(REVOKING.issuedTokens()).as("new tokens after refusals").hasSizeGreaterThan(1);
        assertThat(Collections.frequency(calls, "media")).isGreaterThan(4);
        assertThat(REVOKING.unknownRequests()).isEmpty();
    }

    @Test
    void aRefusedServiceAccountFailsFastNamingThePathAndNoSecret() throws Exception {
        var builder = LaminarParquetSource.forRowData().path("gs://lake/trades/");
        refusedAccount.settings().forEach(builder::storageOption);
        // built while the account is good: the schema is read, a token is held
        LaminarParquetSource<RowData> source = builder.build();
        REFUSING.revokeServiceAccount();

        long start = System.nanoTime();
        Throwable failure =
                catchThrowable(
                        () -> {
                            try (CloseableIterator<RowData> rows =
                                    envWithoutRestarts()
                                            .fromSource(
                                                    source, WatermarkStrategy.noWatermarks(), "gs")
                                            .executeAndCollect()) {
                                rows.forEachRemaining(row -> {});
                            }
                        });
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            System.out.println("refused account, failed after " + took + ": " + t);
        }

        assertThat(failure).isNotNull();
        String trace = ExceptionUtils.stringifyException(failure);
        assertThat(took).as("failed after %s: %s", took, trace).isLessThan(Duration.ofSeconds(20));
        assertThat(trace).contains("gs://lake/trades").contains("401");
        assertThat(trace)
                .doesNotContain(refusedAccount.privateKeyBase64())
                .doesNotContain(refusedAccount.privateKeyBase64().substring(0, 40));
        assertThat(REFUSING.issuedTokens()).isNotEmpty();
        for (String token : REFUSING.issuedTokens()) {
            assertThat(trace).doesNotContain(token);
        }
        assertThat(REFUSING.unknownRequests()).isEmpty();
    }
}
