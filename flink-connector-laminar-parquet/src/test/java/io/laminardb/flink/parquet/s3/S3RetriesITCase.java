package io.laminardb.flink.parquet.s3;

import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.testutils.FaultInjectingProxy;
import io.laminardb.flink.parquet.testutils.FlinkFsPlugins;
import io.laminardb.flink.parquet.testutils.S3ProxyServer;
import io.laminardb.flink.parquet.testutils.SqlTables;
import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transient S3 failures (connection resets before and in the middle of a response, 503 SlowDown)
 * injected by a proxy between the source and a real S3 server: the S3 file system's retries carry
 * the job through without a restart (restarts are off), and it emits exactly the input rows.
 */
class S3RetriesITCase {

    private static final int FILES = 3;
    private static final int ROWS_PER_FILE = 3000;

    @RegisterExtension
    @Order(1)
    static final S3ProxyServer S3 = new S3ProxyServer("retry-access", "retry-secret");

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension CLUSTER = SqlTables.cluster(2);

    @TempDir static Path dir;

    private static FaultInjectingProxy faults;

    @BeforeAll
    static void upload() throws Exception {
        for (int f = 0; f < FILES; f++) {
            TradeFiles.write(
                    dir.resolve("part-" + f + ".parquet"),
                    (long) f * ROWS_PER_FILE,
                    ROWS_PER_FILE,
                    500);
        }
        S3.createBucket("flaky");
        S3.putTree("flaky", "trades/", dir);
        faults = new FaultInjectingProxy(S3.port(), 3);
        FlinkFsPlugins.initializeFileSystems(new Configuration());
    }

    @AfterAll
    static void stop() throws Exception {
        faults.close();
        FileSystem.initialize(new Configuration(), null);
    }

    @Test
    void transientFailuresAreRetriedAndEveryRowIsReadOnce() throws Exception {
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .path("s3://flaky/trades/")
                        .columns("id", "symbol", "price", "note")
                        .storageOption("s3.endpoint", faults.endpoint())
                        .storageOption("s3.path.style.access", "true")
                        .storageOption("s3.access-key", S3.accessKey())
                        .storageOption("s3.secret-key", S3.secretKey())
                        .storageOption("s3.retry.interval", "10ms")
                        .storageOption("s3.retry.throttle.interval", "10ms")
                        .build();

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        Map<Long, Integer> seen = new HashMap<>();
        try (CloseableIterator<RowData> it =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "flaky")
                        .executeAndCollect()) {
            while (it.hasNext()) {
                RowData row = it.next();
                long id = row.getLong(0);
                seen.merge(id, 1, Integer::sum);
                assertThat(row.getString(1).toString()).isEqualTo(TradeFiles.symbol(id));
                assertThat(row.getDouble(2)).isEqualTo(TradeFiles.price(id));
                String note = TradeFiles.note(id);
                if (note == null) {
                    assertThat(row.isNullAt(3)).isTrue();
                } else {
                    assertThat(row.getString(3).toString()).isEqualTo(note);
                }
            }
        }

        assertThat(seen).hasSize(FILES * ROWS_PER_FILE);
        assertThat(seen.values()).allMatch(count -> count == 1);
        for (long id = 0; id < FILES * ROWS_PER_FILE; id++) {
            assertThat(seen).containsKey(id);
        }
        // The faults did happen, of each kind.
        assertThat(faults.resetsBeforeResponse()).as("resets before a response").isPositive();
        assertThat(faults.serviceUnavailable()).as("503 answers").isPositive();
        assertThat(faults.resetsInBody()).as("resets in a response body").isPositive();
    }
}
