package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.fs.FooterTail;
import io.laminardb.flink.parquet.fs.ParquetFooters;
import io.laminardb.flink.parquet.fs.StorageSettings;
import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.source.SourceMode;
import io.laminardb.flink.parquet.split.ParquetSplit;
import io.laminardb.flink.parquet.testutils.CountingLocalFileSystem;
import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.apache.flink.table.data.RowData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import static io.laminardb.flink.parquet.enumerator.EnumeratorTesting.allAssigned;
import static io.laminardb.flink.parquet.enumerator.EnumeratorTesting.runAll;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PrefetchedFooters}: the footers continuous discovery reads with new files' tails go to the
 * planner, so discovery and planning read each new file once; bounded in bytes, matched by path,
 * size and modification time.
 */
class PrefetchedFootersTest {

    private static final int FILES = 24;

    @TempDir Path dir;

    @Test
    void aPollOfNewFilesReadsEachFileOnceInDiscoveryAndPlanning() throws Throwable {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            Path file =
                    dir.resolve("year=2024")
                            .resolve("month=" + (1 + i % 3))
                            .resolve(String.format("part-%02d.parquet", i));
            TradeFiles.write(file, 3L * i, 3, 3);
            files.add(file);
        }
        String root = CountingLocalFileSystem.uri(dir);
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .path(root)
                        .mode(SourceMode.CONTINUOUS)
                        .pollInterval(Duration.ofSeconds(1))
                        .build();
        CountingLocalFileSystem.reset();

        List<ParquetSplit> splits;
        try (MockSplitEnumeratorContext<ParquetSplit> context =
                new MockSplitEnumeratorContext<>(1)) {
            context.registerReader(
                    new org.apache.flink.api.connector.source.ReaderInfo(0, "localhost"));
            SplitEnumerator<ParquetSplit, ParquetEnumState> enumerator =
                    source.createEnumerator(context);
            enumerator.start();
            context.runPeriodicCallable(0); // first listing: the files are new, not yet stable
            assertThat(CountingLocalFileSystem.opensByName()).isEmpty();
            context.runPeriodicCallable(0); // listed unchanged: tails read, handed over
            for (int i = 0; i < 4 * FILES && allAssigned(context).size() < FILES; i++) {
                enumerator.handleSplitRequest(0, "localhost");
                runAll(context);
            }
            splits = allAssigned(context);
            enumerator.close();
        }

        Map<String, Integer> opens = CountingLocalFileSystem.opensByName();
        assertThat(opens).hasSize(FILES);
        assertThat(opens.values()).as("streams opened per file: %s", opens).containsOnly(1);

        // the same splits as planned from footers read afresh, and every row
        assertThat(splits).hasSize(FILES);
        assertThat(splits.stream().mapToLong(ParquetSplit::remainingRows).sum())
                .isEqualTo(3L * FILES);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<DiscoveredFile> discovered =
                    new FileDiscovery(root, true).discover(FileOrder.NAME);
            List<ParquetSplit> fresh = new SplitPlanner(pool, 32L << 20).plan(discovered);
            Comparator<ParquetSplit> byPath = Comparator.comparing(s -> s.path().toString());
            assertThat(splits.stream().sorted(byPath).collect(Collectors.toList()))
                    .isEqualTo(fresh.stream().sorted(byPath).collect(Collectors.toList()));
        } finally {
            pool.shutdownNow();
        }
        assertThat(splits)
                .allSatisfy(
                        s ->
                                assertThat(s.partitionValues())
                                        .containsEntry("year", "2024")
                                        .containsKey("month"));
    }

    @Test
    void keepsFootersUpToItsBoundAndOnlyForTheSameFile() throws IOException {
        DiscoveredFile a = trades("a.parquet");
        DiscoveredFile b = trades("b.parquet");
        FooterTail tailA = ParquetFooters.readTail(a, StorageSettings.CLUSTER);
        FooterTail tailB = ParquetFooters.readTail(b, StorageSettings.CLUSTER);
        int footerBytes = tailA.footerOnly().byteSize();
        assertThat(footerBytes).isLessThan(tailA.byteSize());

        PrefetchedFooters kept = new PrefetchedFooters(footerBytes + footerBytes / 2);
        assertThat(kept.offer(a, tailA)).isTrue();
        assertThat(kept.offer(b, tailB)).as("beyond the bound").isFalse();
        assertThat(kept.bytes()).isEqualTo(footerBytes);
        assertThat(kept.offer(a, tailA)).as("replaces the same path").isTrue();
        assertThat(kept.size()).isEqualTo(1);

        assertThat(kept.take(b)).isNull();
        FooterTail taken = kept.take(a);
        assertThat(taken).isNotNull();
        assertThat(taken.footer().getBlocks()).hasSize(1);
        assertThat(kept.take(a)).as("taken once").isNull();
        assertThat(kept.bytes()).isZero();
        assertThat(kept.taken()).isEqualTo(1);

        // another modification time: not the file whose footer was kept
        kept.offer(a, tailA);
        DiscoveredFile rewritten =
                new DiscoveredFile(
                        a.path(), a.size(), a.modificationTime() + 1, a.partitionValues());
        assertThat(kept.take(rewritten)).isNull();
        assertThat(kept.bytes()).isZero();

        kept.offer(b, tailB);
        kept.drop(b.pathString());
        assertThat(kept.size()).isZero();
        assertThat(PrefetchedFooters.none().offer(a, tailA)).isFalse();
    }

    private DiscoveredFile trades(String name) throws IOException {
        Path file = dir.resolve(name);
        TradeFiles.write(file, 0, 3, 3);
        return new DiscoveredFile(
                new org.apache.flink.core.fs.Path(file.toUri()),
                Files.size(file),
                Files.getLastModifiedTime(file).toMillis(),
                Map.of());
    }
}
