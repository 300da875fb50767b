package io.laminardb.flink.parquet.source;

import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests of {@link ParquetSourceConfig#fromOptions} and of {@link LaminarParquetSourceBuilder}. */
class ParquetSourceConfigTest {

    @TempDir Path dir;

    // ---------------------------------------------------------------- fromOptions: values

    @Test
    void defaults() {
        ParquetSourceConfig config = ParquetSourceConfig.fromOptions(Map.of("path", "/data/x"));

        assertThat(config.path()).isEqualTo("/data/x");
        assertThat(config.mode()).isEqualTo(SourceMode.BOUNDED);
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.columns()).isNull();
        assertThat(config.batchSize()).isEqualTo(8192);
        assertThat(config.hivePartitioning()).isTrue();
        assertThat(config.parallelism()).isNull();
        assertThat(config.eventTimeColumn()).isNull();
        assertThat(config.fileOrder()).isEqualTo(FileOrder.NAME);
        assertThat(config.storageOptions()).isEmpty();
        assertThat(config.targetSplitBytes())
                .isEqualTo(ParquetSourceConfig.DEFAULT_TARGET_SPLIT_BYTES);
    }

    @Test
    void parsesEveryOption() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("path", "  s3://bucket/trades/**/*.parquet  ");
        options.put("mode", "BOUNDED");
        options.put("poll.interval", "500 ms");
        options.put("columns", "ts, symbol ,price");
        options.put("batch.size", " 1024 ");
        options.put("hive.partitioning", "FALSE");
        options.put("parallelism", "3");
        options.put("event.time.column", "ts");
        options.put("file.order", "modification_time");
        options.put("storage.s3.endpoint", "http://minio:9000");
        options.put("storage.s3.path.style.access", "true");

        ParquetSourceConfig config = ParquetSourceConfig.fromOptions(options);

        assertThat(config.path()).isEqualTo("s3://bucket/trades/**/*.parquet");
        assertThat(config.mode()).isEqualTo(SourceMode.BOUNDED);
        assertThat(config.pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.columns()).containsExactly("ts", "symbol", "price");
        assertThat(config.batchSize()).isEqualTo(1024);
        assertThat(config.hivePartitioning()).isFalse();
        assertThat(config.parallelism()).isEqualTo(3);
        assertThat(config.eventTimeColumn()).isEqualTo("ts");
        assertThat(config.fileOrder()).isEqualTo(FileOrder.MODIFICATION_TIME);
        assertThat(config.storageOptions())
                .containsExactly(
                        Map.entry("s3.endpoint", "http://minio:9000"),
                        Map.entry("s3.path.style.access", "true"));
    }

    @Test
    void parsesEnumValuesByNameAndByValue() {
        assertThat(fromOptions("file.order", "unordered").fileOrder())
                .isEqualTo(FileOrder.UNORDERED);
        assertThat(fromOptions("file.order", "MODIFICATION_TIME").fileOrder())
                .isEqualTo(FileOrder.MODIFICATION_TIME);
        assertThat(fromOptions("file.order", " Name ").fileOrder()).isEqualTo(FileOrder.NAME);
        assertThat(fromOptions("mode", "bounded").mode()).isEqualTo(SourceMode.BOUNDED);
        assertThat(fromOptions("poll.interval", "1 min").pollInterval())
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(fromOptions("hive.partitioning", "true").hivePartitioning()).isTrue();
    }

    @Test
    void scanParallelismIsAFallbackOfParallelism() {
        assertThat(fromOptions("scan.parallelism", "4").parallelism()).isEqualTo(4);

        Map<String, String> both = new HashMap<>();
        both.put("path", "/data");
        both.put("parallelism", "2");
        both.put("scan.parallelism", "8");
        assertThat(ParquetSourceConfig.fromOptions(both).parallelism()).isEqualTo(2);

        assertThatThrownBy(() -> fromOptions("scan.parallelism", "-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scan.parallelism")
                .hasMessageContaining("'-1'");
    }

    // ---------------------------------------------------------------- fromOptions: errors

    @Test
    void anUnknownKeyFailsNamingItAndTheAllowedKeys() {
        assertThatThrownBy(() -> fromOptions("batchsize", "10"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown option: 'batchsize'")
                .hasMessageContaining("batch.size")
                .hasMessageContaining("columns")
                .hasMessageContaining("event.time.column")
                .hasMessageContaining("file.order")
                .hasMessageContaining("hive.partitioning")
                .hasMessageContaining("mode")
                .hasMessageContaining("parallelism")
                .hasMessageContaining("path")
                .hasMessageContaining("poll.interval")
                .hasMessageContaining("scan.parallelism")
                .hasMessageContaining("'storage.'");
    }

    @Test
    void anUnknownModeFailsListingTheModes() {
        assertThatThrownBy(() -> fromOptions("mode", "stream"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown mode: 'stream'. Expected: bounded, continuous");
    }

    @Test
    void anUnknownFileOrderFailsListingTheOrders() {
        assertThatThrownBy(() -> fromOptions("file.order", "size"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Unknown file.order: 'size'. Expected: name, modification_time,"
                                + " unordered");
    }

    @Test
    void aBatchSizeThatIsNotAPositiveIntegerFails() {
        for (String bad : new String[] {"abc", "0", "-5", "1.5", "99999999999"}) {
            assertThatThrownBy(() -> fromOptions("batch.size", bad))
                    .as("batch.size=%s", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Invalid batch.size: '" + bad + "'. Expected a positive integer");
        }
    }

    @Test
    void aPollIntervalThatIsNotADurationFails() {
        assertThatThrownBy(() -> fromOptions("poll.interval", "xyz"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid poll.interval: 'xyz'")
                .hasMessageContaining("Expected a duration");
        assertThatThrownBy(() -> fromOptions("poll.interval", "0 s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("poll.interval must be positive");
    }

    @Test
    void aHivePartitioningThatIsNotABooleanFails() {
        assertThatThrownBy(() -> fromOptions("hive.partitioning", "maybe"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid hive.partitioning: 'maybe'. Expected: true, false");
    }

    @Test
    void aMissingPathFails() {
        assertThatThrownBy(() -> ParquetSourceConfig.fromOptions(Map.of("batch.size", "10")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Missing required option 'path'");
        assertThatThrownBy(() -> ParquetSourceConfig.fromOptions(Map.of("path", "  ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a path");
    }

    /**
     * BUG: {@code columns} is documented (ParquetSourceOptions.COLUMNS, docs) as "Comma-separated
     * columns to read", but fromOptions parses it with Flink's list syntax, which splits on {@code
     * ';'}: {@code columns=ts,symbol,price} becomes ONE column named {@code "ts,symbol,price"}, and
     * build() then fails with "Unknown column 'ts,symbol,price'".
     */
    @Test
    void columnsAreCommaSeparated() {
        assertThat(fromOptions("columns", "ts,symbol,price").columns())
                .containsExactly("ts", "symbol", "price");
        assertThat(fromOptions("columns", "ts, symbol ,price").columns())
                .containsExactly("ts", "symbol", "price");
    }

    /** The same bug, seen from the builder: string options name the columns to read. */
    @Test
    void theBuilderTakesCommaSeparatedColumnsFromStringOptions() {
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .options(Map.of("path", dir.toString(), "columns", "symbol,id"))
                        .rowType(schema())
                        .build();

        assertThat(source.getRowType().getFieldNames()).containsExactly("symbol", "id");
    }

    @Test
    void badColumnListsFail() {
        assertThatThrownBy(() -> fromOptions("columns", "a,b,A"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Column 'A' is listed twice");
        assertThatThrownBy(() -> fromOptions("columns", "a,,b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty name");
    }

    // ---------------------------------------------------------------- secrets

    @Test
    void storageSecretsAreMaskedInToString() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("path", "s3://bucket/data");
        options.put("storage.s3.endpoint", "http://minio:9000");
        options.put("storage.s3.access-key", "AKIAEXAMPLE");
        options.put("storage.s3.secret-key", "s3cr3t-value");
        options.put("storage.azure.account.password", "hunter2");
        options.put("storage.gcs.auth.token", "ya29.token-value");
        options.put("storage.gcs.credentials.json", "{\"private\":\"pk\"}");

        ParquetSourceConfig config = ParquetSourceConfig.fromOptions(options);
        String text = config.toString();

        assertThat(text)
                .contains("s3.endpoint=http://minio:9000")
                .contains("s3.access-key=******")
                .contains("s3.secret-key=******")
                .doesNotContain("AKIAEXAMPLE")
                .doesNotContain("s3cr3t-value")
                .doesNotContain("hunter2")
                .doesNotContain("ya29.token-value")
                .doesNotContain("\"pk\"");
        // the values themselves are kept
        assertThat(config.storageOptions()).containsEntry("s3.secret-key", "s3cr3t-value");
    }

    // ---------------------------------------------------------------- builder

    @Test
    void continuousModeMakesAnUnboundedSourceOnAnEmptyDirectoryWithADeclaredSchema()
            throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .path(dir.resolve("empty").toString())
                        .rowType(schema())
                        .partitionColumn("day", new org.apache.flink.table.types.logical.DateType())
                        .options(Map.of("mode", "continuous", "poll.interval", "2 s"))
                        .build();

        assertThat(source.getBoundedness())
                .isEqualTo(org.apache.flink.api.connector.source.Boundedness.CONTINUOUS_UNBOUNDED);
        assertThat(source.getRowType().getFieldNames()).endsWith("day");
        ParquetSourceConfig config = source.getConfig();
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        // unset: the larger of 10 minutes and three poll intervals
        assertThat(config.settleWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.toBuilder().pollInterval(Duration.ofMinutes(5)).build().settleWindow())
                .isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void continuousOptionsParseAndReachTheEnumeratorSettings() {
        ParquetSourceConfig config =
                ParquetSourceConfig.fromOptions(
                        Map.of(
                                "path", "/data",
                                "mode", "continuous",
                                "poll.interval", "1 s",
                                "discovery.settle-window", "30 s",
                                "discovery.max-backlog", "50",
                                "discovery.max-failures", "4",
                                "discovery.in-progress-timeout", "2 min",
                                "corrupt-files", "skip"));

        assertThat(config.mode()).isEqualTo(SourceMode.CONTINUOUS);
        io.laminardb.flink.parquet.enumerator.DiscoverySettings settings =
                config.discoverySettings();
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.settleWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.maxBacklog()).isEqualTo(50);
        assertThat(settings.maxListingFailures()).isEqualTo(4);
        assertThat(settings.inProgressTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.corruptFiles())
                .isEqualTo(io.laminardb.flink.parquet.fs.CorruptFilePolicy.SKIP);
        assertThat(config.toString()).contains("settleWindow=PT30S").contains("corruptFiles=skip");
        assertThatThrownBy(
                        () ->
                                ParquetSourceConfig.fromOptions(
                                        Map.of("path", "/data", "corrupt-files", "ignore")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown corrupt-files: 'ignore'. Expected: fail, skip");
    }

    @Test
    void theBuilderReadsTheSchemaOfTheFirstFileAndProjects() throws IOException {
        Files.createDirectories(dir.resolve("year=2024"));
        Files.createFile(dir.resolve("year=2024/a-empty.parquet"));
        TradeFiles.write(dir.resolve("year=2024/b.parquet"), 0, 10, 10);

        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .path(dir.toString())
                        .columns("PRICE", "id", "ts")
                        .eventTimeColumn("ts")
                        .batchSize(16)
                        .build();

        RowType type = source.getRowType();
        assertThat(type.getFieldNames()).containsExactly("price", "id", "ts");
        assertThat(type.getTypeAt(2)).isEqualTo(new TimestampType(false, 3));
        assertThat(source.getConfig().batchSize()).isEqualTo(16);
    }

    @Test
    void theBuilderFailsWithoutAFileToTakeTheSchemaFrom() throws IOException {
        Files.createFile(dir.resolve("empty.parquet"));

        assertThatThrownBy(() -> LaminarParquetSource.forRowData().path(dir.toString()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No Parquet file found at " + dir)
                .hasMessageContaining("rowType");
    }

    @Test
    void anUnknownColumnFailsNamingItAndTheAvailableColumns() {
        LaminarParquetSourceBuilder<RowData> builder =
                LaminarParquetSource.forRowData()
                        .path(dir.toString())
                        .rowType(schema())
                        .columns("id", "volume");

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Unknown column 'volume' in columns; the schema's columns are:"
                                + " [id, ts, ts_ltz, symbol, qty]");
    }

    @Test
    void anUnknownColumnFromAFileSchemaFailsNamingTheAvailableColumns() throws IOException {
        TradeFiles.write(dir.resolve("a.parquet"), 0, 10, 10);

        assertThatThrownBy(
                        () ->
                                LaminarParquetSource.forRowData()
                                        .path(dir.toString())
                                        .columns("volume")
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'volume'")
                .hasMessageContaining("[id, ts, symbol, price, qty, note]");
    }

    @Test
    void anEventTimeColumnOfAWrongTypeFails() {
        assertThatThrownBy(
                        () ->
                                LaminarParquetSource.forRowData()
                                        .path(dir.toString())
                                        .rowType(schema())
                                        .eventTimeColumn("symbol")
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "event.time.column 'symbol' is STRING; it must be TIMESTAMP,"
                                + " TIMESTAMP_LTZ or BIGINT");
        assertThatThrownBy(
                        () ->
                                LaminarParquetSource.forRowData()
                                        .path(dir.toString())
                                        .rowType(schema())
                                        .eventTimeColumn("qty")
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'qty' is INT");
    }

    @Test
    void anEventTimeColumnThatIsNotReadFails() {
        assertThatThrownBy(
                        () ->
                                LaminarParquetSource.forRowData()
                                        .path(dir.toString())
                                        .rowType(schema())
                                        .columns("id", "symbol")
                                        .eventTimeColumn("ts")
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown event.time.column 'ts'")
                .hasMessageContaining("[id, symbol]");
    }

    @Test
    void eventTimeColumnsOfEveryAllowedTypeAreAccepted() {
        for (String column : List.of("id", "ts", "ts_ltz")) {
            LaminarParquetSource<RowData> source =
                    LaminarParquetSource.forRowData()
                            .path(dir.toString())
                            .rowType(schema())
                            .eventTimeColumn(column)
                            .build();
            assertThat(source.getConfig().eventTimeColumn()).isEqualTo(column);
        }
    }

    @Test
    void theBuilderChecksItsSettings() {
        assertThatThrownBy(
                        () ->
                                LaminarParquetSource.forRowData()
                                        .path(dir.toString())
                                        .rowType(schema())
                                        .batchSize(0)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid batch.size: '0'. Expected a positive integer");
        assertThatThrownBy(() -> LaminarParquetSource.forRowData().rowType(schema()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a path");
        assertThatThrownBy(
                        () ->
                                LaminarParquetSource.forRowData()
                                        .path(dir.toString())
                                        .rowType(schema())
                                        .parallelism(0)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid parallelism: '0'. Expected a positive integer");
        assertThatThrownBy(
                        () ->
                                LaminarParquetSource.forRowData()
                                        .path(dir.toString())
                                        .rowType(schema())
                                        .pollInterval(Duration.ZERO)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("poll.interval must be positive");
    }

    @Test
    void theBuilderTakesStringOptions() {
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .options(
                                Map.of(
                                        "path", dir.toString(),
                                        "columns", "symbol,id",
                                        "file.order", "unordered"))
                        .rowType(schema())
                        .build();

        assertThat(source.getRowType().getFieldNames()).containsExactly("symbol", "id");
        assertThat(source.getConfig().fileOrder()).isEqualTo(FileOrder.UNORDERED);
    }

    @Test
    void theBuilderChecksStorageOptionsAgainstThePathsScheme() {
        assertThatThrownBy(
                        () ->
                                LaminarParquetSource.forRowData()
                                        .path(dir.toString())
                                        .storageOption("s3.secret-key", "s3cr3t-value")
                                        .rowType(schema())
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'storage.s3.secret-key' does not apply to path")
                .hasMessageNotContaining("s3cr3t-value");
        assertThatThrownBy(
                        () ->
                                LaminarParquetSource.forRowData()
                                        .options(
                                                Map.of(
                                                        "path", "s3://bucket/data/",
                                                        "storage.s3.endpoint", "http://x",
                                                        "storage.s3.secrte-key", "s3cr3t-value"))
                                        .rowType(schema())
                                        .build())
                .hasMessageContaining("Unknown storage option 'storage.s3.secrte-key'")
                .hasMessageNotContaining("s3cr3t-value");
    }

    // ---------------------------------------------------------------- one config, two ways

    @Test
    void settersAndStringOptionsMakeEqualConfigs() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("path", " " + dir + " ");
        options.put("poll.interval", "500 ms");
        options.put("columns", "ts, symbol");
        options.put("batch.size", "1024");
        options.put("hive.partitioning", "false");
        options.put("parallelism", "3");
        options.put("event.time.column", "ts");
        options.put("file.order", "modification_time");
        ParquetSourceConfig fromOptions = ParquetSourceConfig.fromOptions(options);

        ParquetSourceConfig fromSetters =
                ParquetSourceConfig.builder()
                        .path(" " + dir + " ")
                        .pollInterval(Duration.ofMillis(500))
                        .columns(List.of("ts", "symbol"))
                        .batchSize(1024)
                        .hivePartitioning(false)
                        .parallelism(3)
                        .eventTimeColumn("ts")
                        .fileOrder(FileOrder.MODIFICATION_TIME)
                        .build();
        LaminarParquetSource<RowData> builtWithSetters =
                LaminarParquetSource.forRowData()
                        .path(" " + dir + " ")
                        .pollInterval(Duration.ofMillis(500))
                        .columns("ts", "symbol")
                        .batchSize(1024)
                        .hivePartitioning(false)
                        .parallelism(3)
                        .eventTimeColumn("ts")
                        .fileOrder(FileOrder.MODIFICATION_TIME)
                        .rowType(schema())
                        .build();
        LaminarParquetSource<RowData> builtWithOptions =
                LaminarParquetSource.forRowData().options(options).rowType(schema()).build();

        assertThat(fromSetters).isEqualTo(fromOptions).hasSameHashCodeAs(fromOptions);
        assertThat(builtWithSetters.getConfig()).isEqualTo(fromOptions);
        assertThat(builtWithOptions.getConfig()).isEqualTo(fromOptions);
        assertThat(fromOptions.toBuilder().build()).isEqualTo(fromOptions);
        assertThat(ParquetSourceConfig.builder().path("/data").build())
                .isEqualTo(ParquetSourceConfig.fromOptions(Map.of("path", "/data")));
    }

    @Test
    void scanParallelismAndParallelismMakeEqualConfigs() {
        assertThat(fromOptions("scan.parallelism", "4"))
                .isEqualTo(fromOptions("parallelism", "4"))
                .isEqualTo(ParquetSourceConfig.builder().path("/data").parallelism(4).build());
    }

    @Test
    void stringOptionsSetOnlyTheOptionsGiven() {
        ParquetSourceConfig config =
                ParquetSourceConfig.builder()
                        .batchSize(16)
                        .storageOption("a", "1")
                        .options(Map.of("path", "/data", "storage.b", "2"))
                        .build();

        assertThat(config.batchSize()).isEqualTo(16);
        assertThat(config.storageOptions())
                .containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
    }

    /** Each rule of the options is checked in one place: setters and strings fail alike. */
    @Test
    void eachRuleFailsWithTheSameMessageEitherWay() {
        expectSameFailure(
                b -> b.batchSize(0),
                Map.of("batch.size", "0"),
                IllegalArgumentException.class,
                "Invalid batch.size: '0'. Expected a positive integer");
        expectSameFailure(
                b -> b.parallelism(-1),
                Map.of("parallelism", "-1"),
                IllegalArgumentException.class,
                "Invalid parallelism: '-1'. Expected a positive integer");
        expectSameFailure(
                b -> b.pollInterval(Duration.ZERO),
                Map.of("poll.interval", "0 ms"),
                IllegalArgumentException.class,
                "poll.interval must be positive, but is PT0S");
        expectSameFailure(
                b -> b.settleWindow(Duration.ofSeconds(10)),
                Map.of("discovery.settle-window", "10 s"),
                IllegalArgumentException.class,
                "discovery.settle-window (PT10S) must be longer than poll.interval (PT10S): a new"
                        + " file is read one poll after it is first listed, and must then still be"
                        + " inside the window");
        expectSameFailure(
                b -> b.maxDiscoveryBacklog(0),
                Map.of("discovery.max-backlog", "0"),
                IllegalArgumentException.class,
                "Invalid discovery.max-backlog: '0'. Expected a positive integer");
        expectSameFailure(
                b -> b.inProgressTimeout(Duration.ZERO),
                Map.of("discovery.in-progress-timeout", "0 s"),
                IllegalArgumentException.class,
                "discovery.in-progress-timeout must be positive, but is PT0S");

        expectSameFailure(
                b -> b.columns("a", "A"),
                Map.of("columns", "a,A"),
                IllegalArgumentException.class,
                "Column 'A' is listed twice in columns");
        expectSameFailure(
                b -> b.columns("a", ""),
                Map.of("columns", "a,"),
                IllegalArgumentException.class,
                "columns must not contain an empty name: [a, ]");
    }

    @Test
    void aMissingPathFailsWithTheSameMessageEitherWay() {
        String message =
                "Missing required option 'path': the source needs a path, a Parquet file, a"
                        + " directory or a glob";
        assertThatThrownBy(() -> LaminarParquetSource.forRowData().rowType(schema()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
        assertThatThrownBy(() -> ParquetSourceConfig.fromOptions(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
        assertThatThrownBy(() -> ParquetSourceConfig.builder().path(" ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void theOptionsOfTheSqlFactoryAreTheConfigsOptions() {
        assertThat(ParquetSourceConfig.requiredOptions())
                .containsExactly(ParquetSourceOptions.PATH);
        assertThat(ParquetSourceConfig.optionalOptions())
                .containsExactlyInAnyOrder(
                        ParquetSourceOptions.MODE,
                        ParquetSourceOptions.POLL_INTERVAL,
                        ParquetSourceOptions.DISCOVERY_SETTLE_WINDOW,
                        ParquetSourceOptions.DISCOVERY_MAX_BACKLOG,
                        ParquetSourceOptions.DISCOVERY_MAX_FAILURES,
                        ParquetSourceOptions.DISCOVERY_IN_PROGRESS_TIMEOUT,
                        ParquetSourceOptions.CORRUPT_FILES,
                        ParquetSourceOptions.COLUMNS,
                        ParquetSourceOptions.BATCH_SIZE,
                        ParquetSourceOptions.READ_COALESCE_GAP,
                        ParquetSourceOptions.READ_PREFETCH_MAX_BYTES,
                        ParquetSourceOptions.HIVE_PARTITIONING,
                        ParquetSourceOptions.PARALLELISM,
                        ParquetSourceOptions.EVENT_TIME_COLUMN,
                        ParquetSourceOptions.FILE_ORDER);
    }

    /**
     * The failure of a source built with {@code setters} (on a valid path and schema) is the
     * failure of the same settings as string options, through the source builder and the config.
     */
    private void expectSameFailure(
            java.util.function.Consumer<LaminarParquetSourceBuilder<RowData>> setters,
            Map<String, String> options,
            Class<? extends Throwable> type,
            String message) {
        LaminarParquetSourceBuilder<RowData> withSetters =
                LaminarParquetSource.forRowData().path(dir.toString()).rowType(schema());
        setters.accept(withSetters);
        Map<String, String> all = new HashMap<>(options);
        all.put("path", dir.toString());

        assertThatThrownBy(withSetters::build).isInstanceOf(type).hasMessage(message);
        assertThatThrownBy(
                        () ->
                                LaminarParquetSource.forRowData()
                                        .options(all)
                                        .rowType(schema())
                                        .build())
                .isInstanceOf(type)
                .hasMessage(message);
        assertThatThrownBy(() -> ParquetSourceConfig.fromOptions(all))
                .isInstanceOf(type)
                .hasMessage(message);
    }

    // ------------------------------------------------------------------------------------------

    private static ParquetSourceConfig fromOptions(String key, String value) {
        Map<String, String> options = new HashMap<>();
        options.put("path", "/data");
        options.put(key, value);
        return ParquetSourceConfig.fromOptions(options);
    }

    private static RowType schema() {
        return RowType.of(
                new org.apache.flink.table.types.logical.LogicalType[] {
                    new BigIntType(false),
                    new TimestampType(3),
                    new LocalZonedTimestampType(6),
                    VarCharType.STRING_TYPE,
                    new IntType()
                },
                new String[] {"id", "ts", "ts_ltz", "symbol", "qty"});
    }

    @Test
    void readShapingOptionsParseAndDefault() {
        ParquetSourceConfig defaults = ParquetSourceConfig.fromOptions(Map.of("path", "/data"));
        // unset: by the file system, 1 MiB on object stores and HDFS, 8 KiB on a local disk
        assertThat(defaults.readCoalesceGap()).isNull();
        assertThat(defaults.rangeReads().coalesceGap(true)).isEqualTo(1L << 20);
        assertThat(defaults.rangeReads().coalesceGap(false)).isEqualTo(8L << 10);
        assertThat(defaults.readPrefetchMaxBytes())
                .isEqualTo(org.apache.flink.configuration.MemorySize.ofMebiBytes(64));
        ParquetSourceConfig set =
                ParquetSourceConfig.fromOptions(
                        Map.of(
                                "path",
                                "/data",
                                "read.coalesce-gap",
                                "0",
                                "read.prefetch.max-bytes",
                                "16 mb"));
        assertThat(set.rangeReads().coalesceGap(true)).isZero();
        assertThat(set.rangeReads().coalesceGap(false)).isZero();
        assertThat(set.rangeReads().prefetchMaxBytes()).isEqualTo(16L << 20);
        assertThat(set.toBuilder().build()).isEqualTo(set);
    }

    @Test
    void badReadShapingValuesNameTheOption() {
        assertThatThrownBy(
                        () ->
                                ParquetSourceConfig.fromOptions(
                                        Map.of("path", "/data", "read.coalesce-gap", "-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("read.coalesce-gap")
                .hasMessageContaining("-1");
        assertThatThrownBy(
                        () ->
                                ParquetSourceConfig.fromOptions(
                                        Map.of("path", "/data", "read.prefetch.max-bytes", "lots")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("read.prefetch.max-bytes")
                .hasMessageContaining("lots");
        assertThatThrownBy(
                        () ->
                                ParquetSourceConfig.fromOptions(
                                        Map.of("path", "/data", "read.prefetch.max-bytes", "3 gb")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("read.prefetch.max-bytes")
                .hasMessageContaining("at most 1 gb");
    }
}
