package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.CorruptFilePolicy;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.source.ParquetSourceOptions;

/** {@link DiscoverySettings} for enumerator tests: the options' defaults unless given. */
public final class TestDiscoverySettings {

    private TestDiscoverySettings() {}

    /** The defaults with this file order and split size. */
    public static DiscoverySettings of(FileOrder fileOrder, long targetSplitBytes) {
        return of(fileOrder, targetSplitBytes, ParquetSourceOptions.CORRUPT_FILES.defaultValue());
    }

    /** The defaults with this file order, split size and corrupt-file policy. */
    public static DiscoverySettings of(
            FileOrder fileOrder, long targetSplitBytes, CorruptFilePolicy corruptFiles) {
        return new DiscoverySettings(
                fileOrder,
                targetSplitBytes,
                corruptFiles,
                ParquetSourceOptions.DISCOVERY_MAX_BACKLOG.defaultValue(),
                ParquetSourceOptions.POLL_INTERVAL.defaultValue(),
                java.time.Duration.ofMinutes(10),
                ParquetSourceOptions.DISCOVERY_MAX_FAILURES.defaultValue(),
                ParquetSourceOptions.DISCOVERY_IN_PROGRESS_TIMEOUT.defaultValue());
    }
}
