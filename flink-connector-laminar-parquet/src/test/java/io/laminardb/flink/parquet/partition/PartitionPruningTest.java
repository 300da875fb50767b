package io.laminardb.flink.parquet.partition;

import io.laminardb.flink.parquet.enumerator.SplitPlanner;
import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.split.ParquetSplit;
import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystemFactory;
import org.apache.flink.core.fs.local.LocalFileSystem;
import org.apache.flink.core.plugin.PluginManager;
import org.apache.flink.table.data.RowData;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files whose partition values fail the filter are skipped before any footer is read: a file system
 * wrapper that counts {@code open} calls per file shows they are never opened.
 */
class PartitionPruningTest {

    /** Opens per file name, for the file system of scheme {@code counting}. */
    static final Map<String, AtomicInteger> OPENS = new ConcurrentHashMap<>();

    @TempDir Path dir;

    @AfterEach
    void restoreFileSystems() {
        FileSystem.initialize(new Configuration(), null);
        OPENS.clear();
    }

    @Test
    void prunedFilesAreNeverOpened() throws Exception {
        for (int month = 1; month <= 4; month++) {
            TradeFiles.write(
                    dir.resolve("t/year=2024/month=" + month + "/m" + month + ".parquet"),
                    month * 1_000L,
                    1_000,
                    500);
        }
        FileSystem.initialize(new Configuration(), countingFileSystems());
        String root = "counting://" + dir.resolve("t").toAbsolutePath();

        ParquetFilter filter =
                ParquetFilter.and(ParquetFilter.in("month", 2L, 3L), ParquetFilter.gte("id", 0L));
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData().path(root).filter(filter).build();
        OPENS.clear(); // build() read the first file's footer for the schema

        List<DiscoveredFile> all = new FileDiscovery(root, true).discover(FileOrder.NAME);
        List<DiscoveredFile> kept = source.getPartitionPruner().prune(all);
        assertThat(all).hasSize(4);
        assertThat(kept)
                .extracting(f -> f.path().getName())
                .containsExactly("m2.parquet", "m3.parquet");

        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            List<ParquetSplit> splits = new SplitPlanner(executor, 1, filter).plan(kept);
            assertThat(splits).hasSize(4); // 2 files x 2 row groups
        } finally {
            executor.shutdownNow();
        }
        assertThat(OPENS.keySet()).containsExactlyInAnyOrder("m2.parquet", "m3.parquet");
        assertThat(OPENS).doesNotContainKeys("m1.parquet", "m4.parquet");

        // A filter on a non-partition column prunes no file.
        assertThat(source.getPartitionPruner().prunes()).isTrue();
        LaminarParquetSource<RowData> noPartitionFilter =
                LaminarParquetSource.forRowData()
                        .path(root)
                        .filter(ParquetFilter.gte("id", 0L))
                        .build();
        assertThat(noPartitionFilter.getPartitionPruner().prunes()).isFalse();
        assertThat(noPartitionFilter.getPartitionPruner().prune(all)).hasSize(4);

        // NULL partitions (the default partition) fail comparisons: pruned.
        assertThat(
                        new PartitionPruner(
                                        org.apache.flink.table.types.logical.RowType.of(
                                                new org.apache.flink.table.types.logical.LogicalType
                                                        [] {
                                                    new org.apache.flink.table.types.logical
                                                            .IntType(),
                                                    new org.apache.flink.table.types.logical
                                                            .IntType()
                                                },
                                                new String[] {"year", "month"}),
                                        HivePartitions.DEFAULT_PARTITION_NAME,
                                        ParquetFilter.eq("month", 2L))
                                .keep(
                                        new DiscoveredFile(
                                                new org.apache.flink.core.fs.Path("/x/y.parquet"),
                                                1,
                                                1,
                                                Map.of(
                                                        "year",
                                                        "2024",
                                                        "month",
                                                        HivePartitions.DEFAULT_PARTITION_NAME))))
                .isFalse();
    }

    private static PluginManager countingFileSystems() {
        FileSystemFactory factory =
                new FileSystemFactory() {
                    @Override
                    public String getScheme() {
                        return "counting";
                    }

                    @Override
                    public FileSystem create(URI fsUri) {
                        return new CountingFileSystem();
                    }
                };
        return new PluginManager() {
            @Override
            @SuppressWarnings("unchecked")
            public <P> Iterator<P> load(Class<P> service) {
                return service == FileSystemFactory.class
                        ? (Iterator<P>) List.of(factory).iterator()
                        : Collections.emptyIterator();
            }
        };
    }

    /** The local file system under the scheme {@code counting}, counting opens per file. */
    static final class CountingFileSystem extends LocalFileSystem {
        @Override
        public URI getUri() {
            return URI.create("counting:///");
        }

        @Override
        public FSDataInputStream open(org.apache.flink.core.fs.Path f, int bufferSize)
                throws IOException {
            return open(f);
        }

        @Override
        public FSDataInputStream open(org.apache.flink.core.fs.Path f) throws IOException {
            OPENS.computeIfAbsent(f.getName(), k -> new AtomicInteger()).incrementAndGet();
            return super.open(f);
        }
    }
}
