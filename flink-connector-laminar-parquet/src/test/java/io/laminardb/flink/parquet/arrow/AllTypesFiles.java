package io.laminardb.flink.parquet.arrow;

import java.nio.file.Path;

/** The data set of the Arrow tests: two Hive partitions of {@link AllTypesFile}s. */
public final class AllTypesFiles {

    private AllTypesFiles() {}

    /** {@code region=eu/a.parquet} (ids 0..1499) and {@code region=us/b.parquet} (1500..2199). */
    public static void writeTwoPartitions(Path dir) throws Exception {
        AllTypesFile.write(dir.resolve("region=eu/a.parquet"), 0, 1500);
        AllTypesFile.write(dir.resolve("region=us/b.parquet"), 1500, 700);
    }
}
