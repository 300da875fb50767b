package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.partition.PartitionPruner;
import io.laminardb.flink.parquet.split.ParquetSplit;
import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static io.laminardb.flink.parquet.enumerator.EnumeratorTesting.allAssigned;
import static io.laminardb.flink.parquet.enumerator.EnumeratorTesting.runAll;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without a file order, with many small splits pending, a reader's request brings several (guided
 * self-scheduling: the pending splits over twice the parallelism, at most {@link
 * ParquetSplitEnumerator#MAX_SPLITS_PER_REQUEST}); the batches shrink to one split as the splits
 * run out, and every split is assigned exactly once. With a file order and several readers a
 * request always brings one split, so that no split waits in a busy reader's queue while a free
 * reader takes a later one; a single reader of a bounded read has no other reader to wait for, and
 * takes several in order ({@link SplitBatching}).
 */
class MultipleSplitsPerRequestTest {

    private static final int FILES = 40;

    @TempDir Path dir;

    @Test
    void batchesShrinkToOneSplitWithoutAFileOrder() throws Throwable {
        List<Integer> batches = batches(FileOrder.UNORDERED, 2);

        // 40 pending over 2 readers: 10 at first, then fewer, down to one at a time
        assertThat(batches.get(0)).isEqualTo(10);
        for (int i = 1; i < batches.size(); i++) {
            assertThat(batches.get(i)).isLessThanOrEqualTo(batches.get(i - 1));
        }
        assertThat(batches.get(batches.size() - 1)).isEqualTo(1);
        assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(FILES);
    }

    @Test
    void oneSplitPerRequestInFileOrder() throws Throwable {
        for (FileOrder order : List.of(FileOrder.NAME, FileOrder.MODIFICATION_TIME)) {
            assertThat(batches(order, 2)).as(order.toString()).hasSize(FILES).containsOnly(1);
        }
    }

    @Test
    void aSingleReaderTakesSeveralSplitsInFileOrder() throws Throwable {
        for (FileOrder order : List.of(FileOrder.NAME, FileOrder.MODIFICATION_TIME)) {
            List<Integer> batches = batches(order, 1);
            // 40 pending for one reader: the most per request first, down to one at a time
            assertThat(batches.get(0)).as(order.toString()).isEqualTo(16);
            assertThat(batches.get(batches.size() - 1)).isEqualTo(1);
            assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(FILES);
        }
    }

    @Test
    void theRuleForSeveralSplitsPerRequest() {
        for (FileOrder order : List.of(FileOrder.NAME, FileOrder.MODIFICATION_TIME)) {
            assertThat(SplitBatching.severalSplitsPerRequest(order, true, 1)).isTrue();
            assertThat(SplitBatching.severalSplitsPerRequest(order, true, 2)).isFalse();
            // a later listing could find a file that comes before the queued ones
            assertThat(SplitBatching.severalSplitsPerRequest(order, false, 1)).isFalse();
        }
        assertThat(SplitBatching.severalSplitsPerRequest(FileOrder.UNORDERED, false, 4)).isTrue();
    }

    /**
     * The number of splits of each assignment, {@code readers} readers asking in turn until all are
     * assigned.
     */
    private List<Integer> batches(FileOrder order, int readers) throws Throwable {
        Path files = dir.resolve(order.name() + readers);
        for (int i = 0; i < FILES; i++) {
            TradeFiles.write(files.resolve(String.format("f%02d.parquet", i)), 3L * i, 3, 3);
        }
        try (MockSplitEnumeratorContext<ParquetSplit> context =
                        new MockSplitEnumeratorContext<>(readers);
                ParquetSplitEnumerator enumerator =
                        StaticParquetEnumerator.create(
                                context,
                                new FileDiscovery(files.toString(), false),
                                TestDiscoverySettings.of(order, 32L << 20),
                                null,
                                null,
                                PartitionPruner.none(),
                                ParquetEnumState.initial())) {
            for (int reader = 0; reader < readers; reader++) {
                context.registerReader(new ReaderInfo(reader, "localhost"));
            }
            enumerator.start();
            runAll(context); // listing and the first chunk of footers: 40 splits pending

            List<Integer> batches = new ArrayList<>();
            for (int i = 0; i < 4 * FILES && !context.hasNoMoreSplits(0); i++) {
                int before = context.getSplitsAssignmentSequence().size();
                enumerator.handleSplitRequest(i % readers, "localhost");
                runAll(context);
                List<SplitsAssignment<ParquetSplit>> sequence =
                        context.getSplitsAssignmentSequence();
                if (sequence.size() > before) {
                    batches.add(
                            sequence.get(sequence.size() - 1).assignment().values().stream()
                                    .mapToInt(List::size)
                                    .sum());
                }
            }

            List<String> names =
                    allAssigned(context).stream()
                            .map(s -> s.path().getName())
                            .collect(Collectors.toList());
            assertThat(names).hasSize(FILES).doesNotHaveDuplicates();
            if (order != FileOrder.UNORDERED) {
                // modification times rise with the names (ties go by path)
                assertThat(names).isSorted();
            }
            return batches;
        }
    }
}
