package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.partition.PartitionPruner;
import io.laminardb.flink.parquet.split.ParquetSplit;
import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static io.laminardb.flink.parquet.enumerator.EnumeratorTesting.allAssigned;
import static io.laminardb.flink.parquet.enumerator.EnumeratorTesting.assignedTo;
import static io.laminardb.flink.parquet.enumerator.EnumeratorTesting.drain;
import static io.laminardb.flink.parquet.enumerator.EnumeratorTesting.runAll;
import static io.laminardb.flink.parquet.enumerator.EnumeratorTesting.viaSerializer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests of the enumerator of a bounded read ({@link StaticParquetEnumerator}: the enumerator core
 * with {@link ListOnceDiscovery}) on real files, with Flink's {@link MockSplitEnumeratorContext}:
 * the test thread plays the coordinator; {@code callAsync} work runs only when the test runs it
 * with {@link MockSplitEnumeratorContext#runNextOneTimeCallable()}, so each step is deterministic.
 */
class StaticParquetEnumeratorTest {

    /** One byte: every row group is a split of its own. */
    private static final long ONE_SPLIT_PER_ROW_GROUP = 1L;

    @TempDir Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void discoversAndPlansThroughCallAsync() throws Throwable {
        writeSixSplitDataSet();
        MockSplitEnumeratorContext<ParquetSplit> context = context(2);
        ParquetSplitEnumerator enumerator = enumerator(context, ParquetEnumState.initial());

        enumerator.start();
        // nothing is done on the coordinator thread: discovery is queued
        assertThat(context.getOneTimeCallables()).hasSize(1);
        assertThat(enumerator.snapshotState(1L).discoveryDone()).isFalse();

        context.runNextOneTimeCallable(); // discovery; queues the planning of the footers
        ParquetEnumState afterDiscovery = enumerator.snapshotState(2L);
        assertThat(afterDiscovery.discoveryDone()).isTrue();
        assertThat(names(afterDiscovery.unplannedFiles()))
                .containsExactly("a.parquet", "b.parquet", "c.parquet");
        assertThat(afterDiscovery.unassignedSplits()).isEmpty();
        assertThat(context.getOneTimeCallables()).hasSize(1);

        context.runNextOneTimeCallable(); // footers
        ParquetEnumState afterPlanning = enumerator.snapshotState(3L);
        assertThat(afterPlanning.unplannedFiles()).isEmpty();
        assertThat(ids(afterPlanning.unassignedSplits()))
                .containsExactly("a#0", "a#1", "b#0", "c#0", "c#1", "c#2");
        assertThat(context.getSplitsAssignmentSequence()).isEmpty();
    }

    @Test
    void answersSplitRequestsInFileOrderThenSignalsNoMoreSplits() throws Throwable {
        writeSixSplitDataSet();
        MockSplitEnumeratorContext<ParquetSplit> context = context(2);
        ParquetSplitEnumerator enumerator = enumerator(context, ParquetEnumState.initial());
        enumerator.start();
        runAll(context);

        List<String> order = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int reader = i % 2;
            enumerator.handleSplitRequest(reader, "localhost");
            List<ParquetSplit> got = assignedTo(context, reader);
            order.add(id(got.get(got.size() - 1)));
            assertThat(context.hasNoMoreSplits(0)).isFalse();
            assertThat(context.hasNoMoreSplits(1)).isFalse();
        }
        assertThat(order).containsExactly("a#0", "a#1", "b#0", "c#0", "c#1", "c#2");
        assertThat(ids(assignedTo(context, 0))).containsExactly("a#0", "b#0", "c#1");
        assertThat(ids(assignedTo(context, 1))).containsExactly("a#1", "c#0", "c#2");

        enumerator.handleSplitRequest(1, "localhost");
        assertThat(context.hasNoMoreSplits(1)).isTrue();
        assertThat(context.hasNoMoreSplits(0)).isFalse();
        enumerator.handleSplitRequest(0, "localhost");
        assertThat(context.hasNoMoreSplits(0)).isTrue();
        assertThat(allAssigned(context)).hasSize(6);
    }

    @Test
    void readersThatAskBeforePlanningEndsAreServedWhenItEnds() throws Throwable {
        writeSixSplitDataSet();
        MockSplitEnumeratorContext<ParquetSplit> context = context(2);
        ParquetSplitEnumerator enumerator = enumerator(context, ParquetEnumState.initial());
        enumerator.start();
        enumerator.handleSplitRequest(0, "localhost");
        enumerator.handleSplitRequest(1, "localhost");

        context.runNextOneTimeCallable(); // discovery
        assertThat(allAssigned(context)).isEmpty();
        assertThat(context.hasNoMoreSplits(0)).isFalse();

        context.runNextOneTimeCallable(); // footers
        assertThat(ids(assignedTo(context, 0))).containsExactly("a#0");
        assertThat(ids(assignedTo(context, 1))).containsExactly("a#1");
        assertThat(context.hasNoMoreSplits(0)).isFalse();
    }

    @Test
    void signalsNoMoreSplitsWhenThereAreNoFiles() throws Throwable {
        MockSplitEnumeratorContext<ParquetSplit> context = context(1);
        ParquetSplitEnumerator enumerator = enumerator(context, ParquetEnumState.initial());
        enumerator.start();
        enumerator.handleSplitRequest(0, "localhost");

        runAll(context);

        assertThat(allAssigned(context)).isEmpty();
        assertThat(context.hasNoMoreSplits(0)).isTrue();
    }

    @Test
    void signalsNoMoreSplitsWhenEveryFileIsEmpty() throws Throwable {
        Files.createFile(dir.resolve("empty.parquet"));
        TradeFiles.write(dir.resolve("no-rows.parquet"), 0, 0, 10);
        MockSplitEnumeratorContext<ParquetSplit> context = context(1);
        ParquetSplitEnumerator enumerator = enumerator(context, ParquetEnumState.initial());
        enumerator.start();
        enumerator.handleSplitRequest(0, "localhost");

        runAll(context);

        assertThat(allAssigned(context)).isEmpty();
        assertThat(context.hasNoMoreSplits(0)).isTrue();
    }

    @Test
    void filesPrunedByTheirPartitionValuesAreCountedAndTheirFootersNeverRead() throws Throwable {
        for (int month = 1; month <= 4; month++) {
            TradeFiles.write(
                    dir.resolve("month=" + month + "/part.parquet"), month * 100L, 100, 50);
        }
        io.laminardb.flink.parquet.filter.ParquetFilter filter =
                io.laminardb.flink.parquet.filter.ParquetFilter.gte("month", 3L);
        org.apache.flink.table.types.logical.RowType partitions =
                org.apache.flink.table.types.logical.RowType.of(
                        new org.apache.flink.table.types.logical.LogicalType[] {
                            new org.apache.flink.table.types.logical.IntType()
                        },
                        new String[] {"month"});
        MockSplitEnumeratorContext<ParquetSplit> context = context(1);
        ParquetSplitEnumerator enumerator =
                track(
                        StaticParquetEnumerator.create(
                                context,
                                new FileDiscovery(dir.toString(), true),
                                TestDiscoverySettings.of(FileOrder.NAME, ONE_SPLIT_PER_ROW_GROUP),
                                filter,
                                null,
                                new io.laminardb.flink.parquet.partition.PartitionPruner(
                                        partitions,
                                        io.laminardb.flink.parquet.partition.HivePartitions
                                                .DEFAULT_PARTITION_NAME,
                                        filter),
                                ParquetEnumState.initial()));
        enumerator.start();
        runAll(context);
        drain(enumerator, context, 0);

        // month=1 and month=2 are not even listed.
        assertThat(enumerator.metrics().directoriesPrunedByPartitionCount()).isEqualTo(2);
        assertThat(enumerator.metrics().footersReadCount()).isEqualTo(2);
        assertThat(allAssigned(context))
                .extracting(s -> s.path().getParent().getName())
                .containsOnly("month=3", "month=4")
                .hasSize(4);
    }

    @Test
    void directoriesArePrunedAsHighUpAsTheKnownKeysDecide() throws Throwable {
        for (int day = 1; day <= 3; day++) {
            for (int hour = 1; hour <= 2; hour++) {
                TradeFiles.write(
                        dir.resolve("day=" + day + "/hour=" + hour + "/part.parquet"),
                        day * 100L + hour * 10L,
                        10,
                        10);
            }
        }
        org.apache.flink.table.types.logical.RowType partitions =
                org.apache.flink.table.types.logical.RowType.of(
                        new org.apache.flink.table.types.logical.LogicalType[] {
                            new org.apache.flink.table.types.logical.IntType(),
                            new org.apache.flink.table.types.logical.IntType()
                        },
                        new String[] {"day", "hour"});
        // The filter reads only day: day=1 and day=2 are skipped whole, not hour by hour.
        io.laminardb.flink.parquet.filter.ParquetFilter byDay =
                io.laminardb.flink.parquet.filter.ParquetFilter.eq("day", 3L);
        assertThat(prunedDirectories(partitions, byDay, null)).isEqualTo(2);
        // The partitions a planner chose, keyed (hour, day): day=2 is skipped whole, then the
        // hours of day=1 and day=3 that were not chosen.
        java.util.Set<List<String>> chosen = java.util.Set.of(List.of("1", "1"), List.of("2", "3"));
        assertThat(prunedDirectories(partitions, null, chosen)).isEqualTo(3);
    }

    private long prunedDirectories(
            org.apache.flink.table.types.logical.RowType partitions,
            io.laminardb.flink.parquet.filter.ParquetFilter filter,
            java.util.Set<List<String>> chosen)
            throws Throwable {
        MockSplitEnumeratorContext<ParquetSplit> context = context(1);
        ParquetSplitEnumerator enumerator =
                track(
                        StaticParquetEnumerator.create(
                                context,
                                new FileDiscovery(dir.toString(), true),
                                TestDiscoverySettings.of(FileOrder.NAME, ONE_SPLIT_PER_ROW_GROUP),
                                filter,
                                null,
                                new io.laminardb.flink.parquet.partition.PartitionPruner(
                                        partitions,
                                        io.laminardb.flink.parquet.partition.HivePartitions
                                                .DEFAULT_PARTITION_NAME,
                                        filter,
                                        List.of("hour", "day"),
                                        chosen),
                                ParquetEnumState.initial()));
        enumerator.start();
        runAll(context);
        drain(enumerator, context, 0);
        assertThat(allAssigned(context)).hasSize(2);
        return enumerator.metrics().directoriesPrunedByPartitionCount();
    }

    @Test
    void aDiscoveryErrorFailsNamingThePath() throws Throwable {
        MockSplitEnumeratorContext<ParquetSplit> context = context(1);
        String missing = dir.resolve("missing").toString();
        ParquetSplitEnumerator enumerator =
                track(
                        StaticParquetEnumerator.create(
                                context,
                                new FileDiscovery(missing, true),
                                TestDiscoverySettings.of(FileOrder.NAME, ONE_SPLIT_PER_ROW_GROUP),
                                null,
                                null,
                                PartitionPruner.none(),
                                ParquetEnumState.initial()));
        enumerator.start();

        assertThatThrownBy(context::runNextOneTimeCallable).hasStackTraceContaining(missing);
    }

    @Test
    void filesUnderDifferentPartitionDirectoriesFailDiscoveryNamingThem() throws Throwable {
        TradeFiles.write(dir.resolve("year=2024/a.parquet"), 0, 10, 10);
        TradeFiles.write(dir.resolve("year=2024/month=01/b.parquet"), 0, 10, 10);
        MockSplitEnumeratorContext<ParquetSplit> context = context(1);
        ParquetSplitEnumerator enumerator = enumerator(context, ParquetEnumState.initial());
        enumerator.start();

        assertThatThrownBy(context::runNextOneTimeCallable)
                .hasStackTraceContaining("a.parquet")
                .hasStackTraceContaining("b.parquet");
        assertThat(context.getSplitsAssignmentSequence()).isEmpty();
    }

    @Test
    void aCorruptFileFailsPlanningNamingTheFile() throws Throwable {
        TradeFiles.write(dir.resolve("a.parquet"), 0, 10, 10);
        Files.write(dir.resolve("b.parquet"), "not a parquet file".getBytes());
        MockSplitEnumeratorContext<ParquetSplit> context = context(1);
        ParquetSplitEnumerator enumerator = enumerator(context, ParquetEnumState.initial());
        enumerator.start();
        context.runNextOneTimeCallable(); // discovery

        assertThatThrownBy(context::runNextOneTimeCallable).hasStackTraceContaining("b.parquet");
    }

    @Test
    void ignoresRequestsOfReadersThatAreNotRegistered() throws Throwable {
        writeSixSplitDataSet();
        MockSplitEnumeratorContext<ParquetSplit> context = new MockSplitEnumeratorContext<>(2);
        toClose.add(context);
        context.registerReader(new ReaderInfo(0, "localhost"));
        ParquetSplitEnumerator enumerator = enumerator(context, ParquetEnumState.initial());
        enumerator.start();
        runAll(context);

        enumerator.handleSplitRequest(1, "localhost");
        enumerator.handleSplitRequest(0, "localhost");

        assertThat(ids(assignedTo(context, 0))).containsExactly("a#0");
        assertThat(assignedTo(context, 1)).isEmpty();
        assertThat(enumerator.snapshotState(1L).unassignedSplits()).hasSize(5);
    }

    @Test
    void splitsAddedBackAreAssignedAgainFirst() throws Throwable {
        writeSixSplitDataSet();
        MockSplitEnumeratorContext<ParquetSplit> context = context(2);
        ParquetSplitEnumerator enumerator = enumerator(context, ParquetEnumState.initial());
        enumerator.start();
        runAll(context);
        enumerator.handleSplitRequest(0, "localhost");
        enumerator.handleSplitRequest(0, "localhost");
        List<ParquetSplit> ofReader0 = assignedTo(context, 0);
        assertThat(ids(ofReader0)).containsExactly("a#0", "a#1");

        // reader 0 fails; its splits come back, one of them partly read
        ParquetSplit partlyRead = ofReader0.get(1).withPosition(1, 5L);
        enumerator.addSplitsBack(List.of(ofReader0.get(0), partlyRead), 0);
        assertThat(ids(enumerator.snapshotState(1L).unassignedSplits()))
                .containsExactly("a#0", "a#1", "b#0", "c#0", "c#1", "c#2");

        enumerator.handleSplitRequest(1, "localhost");
        enumerator.handleSplitRequest(1, "localhost");
        enumerator.handleSplitRequest(1, "localhost");
        List<ParquetSplit> ofReader1 = assignedTo(context, 1);
        assertThat(ids(ofReader1)).containsExactly("a#0", "a#1", "b#0");
        assertThat(ofReader1.get(1).rowsToSkip()).isEqualTo(5L);
    }

    @Test
    void aSplitAddedBackAfterTheLastOneIsAssignedAgain() throws Throwable {
        writeSixSplitDataSet();
        MockSplitEnumeratorContext<ParquetSplit> context = context(1);
        ParquetSplitEnumerator enumerator = enumerator(context, ParquetEnumState.initial());
        enumerator.start();
        runAll(context);
        for (int i = 0; i < 6; i++) {
            enumerator.handleSplitRequest(0, "localhost");
        }
        ParquetSplit last = assignedTo(context, 0).get(5);

        enumerator.addSplitsBack(List.of(last), 0);
        enumerator.handleSplitRequest(0, "localhost");

        assertThat(assignedTo(context, 0)).hasSize(7).last().isEqualTo(last);
        assertThat(context.hasNoMoreSplits(0)).isFalse();
        enumerator.handleSplitRequest(0, "localhost");
        assertThat(context.hasNoMoreSplits(0)).isTrue();
    }

    @Test
    void snapshotDuringPlanningHoldsTheFilesBeingPlanned() throws Throwable {
        writeSixSplitDataSet();
        MockSplitEnumeratorContext<ParquetSplit> context = context(1);
        ParquetSplitEnumerator enumerator = enumerator(context, ParquetEnumState.initial());
        enumerator.start();
        context.runNextOneTimeCallable(); // discovery; the footers are now being read

        ParquetEnumState duringPlanning = enumerator.snapshotState(1L);

        assertThat(duringPlanning.discoveryDone()).isTrue();
        assertThat(names(duringPlanning.unplannedFiles()))
                .containsExactly("a.parquet", "b.parquet", "c.parquet");
        assertThat(duringPlanning.unassignedSplits()).isEmpty();

        // restored from that snapshot, a new enumerator plans and assigns every split once
        MockSplitEnumeratorContext<ParquetSplit> restoredContext = context(1);
        ParquetSplitEnumerator restored =
                enumerator(restoredContext, viaSerializer(duringPlanning));
        restored.start();
        runAll(restoredContext);
        drain(restored, restoredContext, 0);

        assertThat(ids(allAssigned(restoredContext)))
                .containsExactly("a#0", "a#1", "b#0", "c#0", "c#1", "c#2");
        assertThat(restoredContext.hasNoMoreSplits(0)).isTrue();
    }

    @Test
    void restoreFromABeforeDiscoverySnapshotDiscoversAgain() throws Throwable {
        writeSixSplitDataSet();
        MockSplitEnumeratorContext<ParquetSplit> context = context(1);
        ParquetSplitEnumerator enumerator = enumerator(context, ParquetEnumState.initial());
        enumerator.start();
        ParquetEnumState beforeDiscovery = enumerator.snapshotState(1L);

        MockSplitEnumeratorContext<ParquetSplit> restoredContext = context(1);
        ParquetSplitEnumerator restored =
                enumerator(restoredContext, viaSerializer(beforeDiscovery));
        restored.start();
        runAll(restoredContext);
        drain(restored, restoredContext, 0);

        assertThat(ids(allAssigned(restoredContext)))
                .containsExactly("a#0", "a#1", "b#0", "c#0", "c#1", "c#2");
    }

    /**
     * More files than one planning step reads, so planning happens in chunks while splits are
     * assigned. A snapshot at any point, restored, gives each split to a reader exactly once:
     * before the snapshot (then it is in the reader's state) or after the restore.
     */
    @Test
    void restoreAtAnyPointNeitherLosesNorDuplicatesSplits() throws Throwable {
        int fileCount = 70; // more than one planning step of 64 files
        Path oneRowGroup = dir.resolve("template/one.parquet");
        Path twoRowGroups = dir.resolve("template/two.parquet");
        TradeFiles.write(oneRowGroup, 0, 2, 2);
        TradeFiles.write(twoRowGroups, 0, 4, 2);
        for (int i = 0; i < fileCount; i++) {
            Path file = dir.resolve("part=" + (i % 3) + String.format("/f%03d.parquet", i));
            Files.createDirectories(file.getParent());
            // file 10 has two row groups
            Files.copy(i == 10 ? twoRowGroups : oneRowGroup, file);
        }
        Files.move(dir.resolve("template"), dir.resolve("_template"));
        // file order is by full path: the files of part=0 first, then part=1, then part=2
        List<String> inPathOrder = expectedInPathOrder(fileCount);

        for (int assignedBeforeSnapshot : new int[] {0, 1, 40, 64, 65, 71}) {
            MockSplitEnumeratorContext<ParquetSplit> context = context(2);
            ParquetSplitEnumerator enumerator = enumerator(context, ParquetEnumState.initial());
            enumerator.start();
            runAll(context);
            for (int i = 0; i < assignedBeforeSnapshot; i++) {
                enumerator.handleSplitRequest(i % 2, "localhost");
                runAll(context);
            }
            List<String> before = ids(allAssigned(context));
            assertThat(before).hasSize(assignedBeforeSnapshot);
            ParquetEnumState snapshot = viaSerializer(enumerator.snapshotState(1L));
            // the partitions of files planned after the restore are kept
            for (DiscoveredFile file : snapshot.unplannedFiles()) {
                assertThat(file.partitionValues()).containsKey("part");
            }

            MockSplitEnumeratorContext<ParquetSplit> restoredContext = context(2);
            ParquetSplitEnumerator restored = enumerator(restoredContext, snapshot);
            restored.start();
            runAll(restoredContext);
            drain(restored, restoredContext, 0);
            List<String> after = ids(allAssigned(restoredContext));

            List<String> all = new ArrayList<>(before);
            all.addAll(after);
            assertThat(all)
                    .as("splits assigned with a snapshot after %s assignments", before.size())
                    .containsExactlyElementsOf(inPathOrder);
            for (ParquetSplit split : allAssigned(restoredContext)) {
                assertThat(split.partitionValues()).containsKey("part");
            }
        }
    }

    // ------------------------------------------------------------------------------------------

    /** a.parquet: 2 row groups, b.parquet: 1, sub/c.parquet: 3 (and files discovery skips). */
    private void writeSixSplitDataSet() throws IOException {
        TradeFiles.write(dir.resolve("a.parquet"), 0, 20, 10);
        TradeFiles.write(dir.resolve("b.parquet"), 20, 10, 10);
        TradeFiles.write(dir.resolve("sub/c.parquet"), 30, 30, 10);
        Files.createFile(dir.resolve("_SUCCESS"));
        Files.createFile(dir.resolve(".a.parquet.crc"));
    }

    private static List<String> expectedInPathOrder(int fileCount) {
        List<String> expected = new ArrayList<>();
        for (int part = 0; part < 3; part++) {
            for (int i = 0; i < fileCount; i++) {
                if (i % 3 != part) {
                    continue;
                }
                String name = String.format("f%03d", i);
                expected.add(name + "#0");
                if (i == 10) {
                    expected.add(name + "#1");
                }
            }
        }
        return expected;
    }

    private MockSplitEnumeratorContext<ParquetSplit> context(int parallelism) {
        MockSplitEnumeratorContext<ParquetSplit> context =
                new MockSplitEnumeratorContext<>(parallelism);
        toClose.add(context);
        for (int i = 0; i < parallelism; i++) {
            context.registerReader(new ReaderInfo(i, "localhost"));
        }
        return context;
    }

    private ParquetSplitEnumerator enumerator(
            MockSplitEnumeratorContext<ParquetSplit> context, ParquetEnumState state) {
        return track(
                StaticParquetEnumerator.create(
                        context,
                        new FileDiscovery(dir.toString(), true),
                        TestDiscoverySettings.of(FileOrder.NAME, ONE_SPLIT_PER_ROW_GROUP),
                        null,
                        null,
                        PartitionPruner.none(),
                        state));
    }

    private ParquetSplitEnumerator track(ParquetSplitEnumerator enumerator) {
        toClose.add(enumerator);
        // these tests follow single splits; MultipleSplitsPerRequestTest covers batches
        enumerator.maxSplitsPerRequest(1);
        return enumerator;
    }

    private static String id(ParquetSplit split) {
        String name = split.path().getName();
        return name.substring(0, name.length() - ".parquet".length()) + "#" + split.firstRowGroup();
    }

    private static List<String> ids(List<ParquetSplit> splits) {
        return splits.stream().map(StaticParquetEnumeratorTest::id).collect(Collectors.toList());
    }

    private static List<String> names(List<DiscoveredFile> files) {
        return files.stream().map(f -> f.path().getName()).collect(Collectors.toList());
    }
}
