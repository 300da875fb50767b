package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.CorruptFilePolicy;
import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.fs.StorageSettings;
import io.laminardb.flink.parquet.partition.HivePartitions;
import io.laminardb.flink.parquet.partition.PartitionPruner;
import io.laminardb.flink.parquet.source.ParquetSourceOptions;
import io.laminardb.flink.parquet.split.ParquetSplit;
import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.flink.util.clock.ManualClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static io.laminardb.flink.parquet.enumerator.EnumeratorTesting.runAll;
import static io.laminardb.flink.parquet.enumerator.EnumeratorTesting.viaSerializer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests of {@link ContinuousDiscovery} with Flink's {@link MockSplitEnumeratorContext} (each poll
 * runs when the test runs the periodic callable) over real files whose modification times the tests
 * set.
 */
class ContinuousDiscoveryTest {

    private static final long T0 = TradeFiles.EPOCH_MILLIS_2024;
    private static final long W = 60_000L;
    private static final long POLL = 1_000L;
    private static final long TIMEOUT = 10_000L;

    @TempDir Path dir;

    private final MockSplitEnumeratorContext<ParquetSplit> context =
            new MockSplitEnumeratorContext<>(1);

    /** Every result handed to the listener, one per listing. */
    private final List<DiscoveryResult> results = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    @Test
    void newFilesAcrossPollsAreHandedOverOnceEachInFileOrder() throws Throwable {
        write("b.parquet", 0, T0 + 1_000);
        write("a.parquet", 100, T0);
        ContinuousDiscovery discovery = start(DiscoveryPosition.initial(W));
        assertThat(context.getPeriodicCallables()).hasSize(1);
        assertThat(context.getOneTimeCallables()).isEmpty();

        poll();
        assertThat(lastNames()).isEmpty();
        assertThat(discovery.waitingToBeStable()).isEqualTo(2);
        poll();
        assertThat(lastNames()).containsExactly("a.parquet", "b.parquet");
        poll();
        assertThat(lastNames()).isEmpty();

        write("c.parquet", 200, T0 + 2_000);
        poll();
        poll();
        poll();

        assertThat(results).hasSize(6);
        assertThat(allNames()).containsExactly("a.parquet", "b.parquet", "c.parquet");
        assertThat(discovery.isFinished()).isFalse();
        assertThat(discovery.position().maxModificationTime()).isEqualTo(T0 + 2_000);
        assertThat(discovery.position().window()).hasSize(3);
    }

    @Test
    void aFileWhoseSizeOrModificationTimeChangesWaitsUntilItIsStable() throws Throwable {
        // A complete file, written slowly in place: first its head, then the rest.
        Path complete = write(".complete.tmp", 0, T0);
        byte[] bytes = Files.readAllBytes(complete);
        Files.delete(complete);
        Path growing = dir.resolve("growing.parquet");
        Files.write(growing, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Files.setLastModifiedTime(growing, FileTime.fromMillis(T0));
        ContinuousDiscovery discovery = start(DiscoveryPosition.initial(W));

        poll();
        poll(); // unchanged, but no footer yet
        assertThat(allNames()).isEmpty();
        Files.write(growing, bytes);
        Files.setLastModifiedTime(growing, FileTime.fromMillis(T0));
        poll(); // size changed
        Files.setLastModifiedTime(growing, FileTime.fromMillis(T0 + 500));
        poll(); // mtime changed
        assertThat(allNames()).isEmpty();
        assertThat(discovery.waitingToBeStable()).isEqualTo(1);

        poll(); // unchanged since the last listing, and complete
        assertThat(lastNames()).containsExactly("growing.parquet");
        assertThat(results.get(4).files().get(0).size()).isEqualTo((long) bytes.length);
        poll();
        assertThat(allNames()).containsExactly("growing.parquet");
        assertThat(discovery.waitingToBeStable()).isZero();
    }

    @Test
    void aFileThatNeverGetsAFooterIsCorruptAfterTheInProgressTimeout() throws Throwable {
        Path half = dir.resolve("half.parquet");
        Files.write(half, new byte[] {'P', 'A', 'R', '1', 1, 2, 3, 4, 5, 6, 7, 8, 9});
        Files.setLastModifiedTime(half, FileTime.fromMillis(T0));
        write("good.parquet", 0, T0 + 1);
        ManualClock clock = new ManualClock(T0);
        ContinuousDiscovery failing = start(CorruptFilePolicy.FAIL, clock);

        poll();
        poll();
        assertThat(allNames()).containsExactly("good.parquet");
        clock.advanceTime(java.time.Duration.ofMillis(TIMEOUT));
        poll(); // exactly the timeout: still waiting
        assertThat(failing.waitingToBeStable()).isEqualTo(1);
        clock.advanceTime(java.time.Duration.ofMillis(1));
        assertThatThrownBy(this::poll)
                .isInstanceOf(FlinkRuntimeException.class)
                .hasMessageContaining("Parquet file file:" + half)
                .hasMessageContaining("has no valid Parquet footer")
                .hasMessageContaining("longer than the in-progress timeout of " + TIMEOUT + " ms")
                .hasMessageContaining("corrupt-files");
    }

    @Test
    void withSkipACorruptFileIsLeftOutOnceAndCounted() throws Throwable {
        Path growing = dir.resolve("growing.parquet");
        Files.write(growing, new byte[] {1});
        ManualClock clock = new ManualClock(T0);
        ContinuousDiscovery discovery = start(CorruptFilePolicy.SKIP, clock);

        for (int i = 0; i < 4; i++) {
            Files.write(growing, new byte[] {1}, StandardOpenOption.APPEND); // keeps growing
            Files.setLastModifiedTime(growing, FileTime.fromMillis(T0 + i));
            poll();
            clock.advanceTime(java.time.Duration.ofMillis(TIMEOUT / 2));
        }
        assertThat(allNames()).isEmpty();
        assertThat(results.stream().mapToLong(DiscoveryResult::corruptFilesSkipped).sum())
                .isEqualTo(1);
        assertThat(discovery.waitingToBeStable()).isZero();
        // skipped means seen: not retried while unchanged
        poll();
        poll();
        assertThat(results.stream().mapToLong(DiscoveryResult::corruptFilesSkipped).sum())
                .isEqualTo(1);
        assertThat(discovery.position().window())
                .singleElement()
                .satisfies(entry -> assertThat(entry.path()).endsWith("/growing.parquet"));
    }

    @Test
    void aFileUnderOtherPartitionKeysIsCorrupt() throws Throwable {
        Files.createDirectories(dir.resolve("day=2024-01-01"));
        Files.createDirectories(dir.resolve("region=eu"));
        write("day=2024-01-01/a.parquet", 0, T0);
        ManualClock clock = new ManualClock(T0);
        ContinuousDiscovery discovery = start(CorruptFilePolicy.SKIP, clock);
        poll();
        poll();
        assertThat(allNames()).containsExactly("a.parquet");

        write("region=eu/b.parquet", 100, T0 + 10);
        poll();
        assertThat(results.get(results.size() - 1).corruptFilesSkipped()).isEqualTo(1);
        poll();
        poll();
        assertThat(allNames()).containsExactly("a.parquet");

        ContinuousDiscovery failing = start(CorruptFilePolicy.FAIL, clock);
        assertThatThrownBy(this::pollLast)
                .isInstanceOf(FlinkRuntimeException.class)
                .hasMessageContaining("region=eu/b.parquet has the partition directories [region]")
                .hasMessageContaining("but the source reads files under [day]");
        assertThat(failing.isFinished()).isFalse();
        assertThat(discovery.isFinished()).isFalse();
    }

    @Test
    void aFileWhosePartitionValueDoesNotParseAsItsColumnsTypeIsCorrupt() throws Throwable {
        PartitionPruner dayIsADate =
                new PartitionPruner(
                        RowType.of(new LogicalType[] {new DateType()}, new String[] {"day"}),
                        HivePartitions.DEFAULT_PARTITION_NAME,
                        null);
        write("day=2024-01-01/a.parquet", 0, T0);
        ManualClock clock = new ManualClock(T0);
        ContinuousDiscovery discovery = start(CorruptFilePolicy.SKIP, clock, dayIsADate);
        poll();
        poll();
        assertThat(allNames()).containsExactly("a.parquet");

        write("day=yesterday/b.parquet", 100, T0 + 10);
        write("day=2024-01-02/c.parquet", 200, T0 + 20);
        poll();
        poll();
        assertThat(allNames()).containsExactly("a.parquet", "c.parquet");
        assertThat(results.stream().mapToLong(DiscoveryResult::corruptFilesSkipped).sum())
                .isEqualTo(1);

        ContinuousDiscovery failing = start(CorruptFilePolicy.FAIL, clock, dayIsADate);
        assertThatThrownBy(this::pollLast)
                .isInstanceOf(FlinkRuntimeException.class)
                .hasMessageContaining("Partition column 'day' of file ")
                .hasMessageContaining("day=yesterday/b.parquet");
        assertThat(failing.isFinished()).isFalse();
        assertThat(discovery.isFinished()).isFalse();
    }

    @Test
    void aFileRenamedIntoPlaceInsideTheWindowIsReadOnce() throws Throwable {
        write("new.parquet", 0, T0 + 100_000);
        start(DiscoveryPosition.initial(W));
        poll();
        poll();
        assertThat(allNames()).containsExactly("new.parquet");

        // Written under a hidden name (never listed), renamed into place with its older mtime.
        Path tmp = write(".x.tmp", 100, T0 + 100_000 - W + 1_000);
        poll();
        poll();
        assertThat(allNames()).containsExactly("new.parquet");
        Files.move(tmp, dir.resolve("x.parquet"), StandardCopyOption.ATOMIC_MOVE);
        assertThat(Files.getLastModifiedTime(dir.resolve("x.parquet")).toMillis())
                .isEqualTo(T0 + 100_000 - W + 1_000);
        poll();
        poll();
        poll();

        assertThat(allNames()).containsExactly("new.parquet", "x.parquet");
    }

    /**
     * The documented limit of the "seen" rule: a file renamed into place with a modification time
     * at or below {@code M - W} counts as seen and is not read.
     */
    @Test
    void aFileRenamedIntoPlaceOlderThanTheWindowIsNotRead() throws Throwable {
        write("new.parquet", 0, T0 + 100_000);
        ContinuousDiscovery discovery = start(DiscoveryPosition.initial(W));
        poll();
        poll();

        Path tmp = write(".old.tmp", 100, T0 + 100_000 - W);
        Files.move(tmp, dir.resolve("old.parquet"), StandardCopyOption.ATOMIC_MOVE);
        poll();
        poll();
        poll();

        assertThat(allNames()).containsExactly("new.parquet");
        assertThat(discovery.waitingToBeStable()).isZero();
    }

    @Test
    void aPartitionDirectoryAppearingLaterIsFound() throws Throwable {
        write("dt=2024-01-01/a.parquet", 0, T0);
        start(DiscoveryPosition.initial(W));
        poll();
        poll();
        assertThat(allNames()).containsExactly("a.parquet");

        write("dt=2024-01-02/b.parquet", 100, T0 + 1_000);
        poll();
        poll();

        List<DiscoveredFile> handedOver = allFiles();
        assertThat(handedOver)
                .extracting(f -> f.path().getName())
                .containsExactly("a.parquet", "b.parquet");
        assertThat(handedOver.get(1).partitionValues())
                .containsExactly(Map.entry("dt", "2024-01-02"));
    }

    /**
     * The enumerator checkpoints the policy's position; restored from it (through the serializer),
     * discovery hands over nothing twice and finds the files added in between.
     */
    @Test
    void restoredFromACheckpointItHandsOverNothingTwiceAndFindsFilesAddedMeanwhile()
            throws Throwable {
        write("a.parquet", 0, T0);
        write("b.parquet", 100, T0 + 1_000);
        ContinuousDiscovery before =
                new ContinuousDiscovery(
                        new FileDiscovery(dir.toString(), true),
                        FileOrder.NAME,
                        PartitionPruner.none(),
                        DiscoveryPosition.initial(W),
                        POLL,
                        3);
        ParquetSplitEnumerator enumerator =
                new ParquetSplitEnumerator(
                        context,
                        before,
                        TestDiscoverySettings.of(FileOrder.NAME, 32L << 20),
                        null,
                        null,
                        StorageSettings.CLUSTER,
                        ParquetEnumState.initial());
        enumerator.start();
        context.runPeriodicCallable(0);
        context.runPeriodicCallable(0);
        runAll(context);
        ParquetEnumState checkpoint = viaSerializer(enumerator.snapshotState(1L));
        enumerator.close();

        assertThat(checkpoint.discoveryDone()).isFalse();
        assertThat(checkpoint.position()).isEqualTo(before.position());
        assertThat(checkpoint.position().window())
                .extracting(e -> new org.apache.flink.core.fs.Path(e.path()).getName())
                .containsExactly("a.parquet", "b.parquet");
        assertThat(checkpoint.unassignedSplits())
                .extracting(s -> s.path().getName())
                .containsExactly("a.parquet", "b.parquet");

        write("c.parquet", 200, T0 + 2_000);
        try (MockSplitEnumeratorContext<ParquetSplit> restoredContext =
                new MockSplitEnumeratorContext<>(1)) {
            ContinuousDiscovery restored =
                    new ContinuousDiscovery(
                            new FileDiscovery(dir.toString(), true),
                            FileOrder.NAME,
                            PartitionPruner.none(),
                            checkpoint.position(),
                            POLL,
                            3);
            restored.start(restoredContext, results::add);
            for (int i = 0; i < 4; i++) {
                restoredContext.runPeriodicCallable(0);
            }
        }

        assertThat(allNames()).containsExactly("c.parquet");
    }

    @Test
    void listingFailuresAreRetriedWithBackoffAndFailTheJobAfterThreeInARow() throws Throwable {
        Path missing = dir.resolve("later");
        ContinuousDiscovery discovery =
                new ContinuousDiscovery(
                        new FileDiscovery(missing.toString(), true),
                        FileOrder.NAME,
                        PartitionPruner.none(),
                        DiscoveryPosition.initial(W),
                        POLL,
                        3);
        discovery.start(context, results::add);

        poll(); // fails (1): the next poll retries
        poll(); // fails (2): the next poll is skipped
        Files.createDirectories(missing);
        poll(); // skipped
        assertThat(results).isEmpty();
        // A listing that works resets the count.
        poll();
        assertThat(results).hasSize(1);
        Files.delete(missing);
        poll(); // fails (1)
        poll(); // fails (2)
        poll(); // skipped
        assertThat(results).hasSize(1);

        assertThatThrownBy(this::poll)
                .isInstanceOf(FlinkRuntimeException.class)
                .hasMessageContaining("Failed to list Parquet files under " + missing)
                .hasMessageContaining("3 times in a row")
                .hasMessageContaining("The source path does not exist");
    }

    @Test
    void pollsSkipTheListingWhileTheBacklogIsFull() throws Throwable {
        write("a.parquet", 0, T0);
        AtomicBoolean backlogFull = new AtomicBoolean(true);
        ContinuousDiscovery discovery =
                new ContinuousDiscovery(
                        new FileDiscovery(dir.toString(), true),
                        FileOrder.NAME,
                        PartitionPruner.none(),
                        DiscoveryPosition.initial(W),
                        POLL,
                        3);
        discovery.start(context, results::add, backlogFull::get);

        poll(); // lists; the backlog it sees afterwards is full
        poll(); // skipped
        poll(); // skipped
        assertThat(results).hasSize(1);
        backlogFull.set(false);
        poll(); // skipped, but sees the backlog drained
        assertThat(results).hasSize(1);
        poll();
        assertThat(results).hasSize(2);
        assertThat(allNames()).containsExactly("a.parquet");
    }

    /**
     * The enumerator passes its backlog to the policy: restored with more unplanned files than
     * {@link ParquetSourceOptions#DISCOVERY_MAX_BACKLOG} (besides the chunk being planned), the
     * polls after the first skip their listing, so a new file is not handed over until the backlog
     * drains.
     */
    @Test
    void theEnumeratorThrottlesDiscoveryWhileItsBacklogIsFull() throws Throwable {
        write("a.parquet", 0, T0);
        List<DiscoveredFile> backlog = new ArrayList<>();
        for (int i = 0; i < ParquetSourceOptions.DISCOVERY_MAX_BACKLOG.defaultValue() + 100; i++) {
            backlog.add(
                    new DiscoveredFile(
                            new org.apache.flink.core.fs.Path("file:/elsewhere/" + i + ".parquet"),
                            1L,
                            T0,
                            Map.of()));
        }
        ContinuousDiscovery discovery =
                new ContinuousDiscovery(
                        new FileDiscovery(dir.toString(), true),
                        FileOrder.NAME,
                        PartitionPruner.none(),
                        DiscoveryPosition.initial(W),
                        POLL,
                        3);
        ParquetSplitEnumerator enumerator =
                new ParquetSplitEnumerator(
                        context,
                        discovery,
                        TestDiscoverySettings.of(FileOrder.NAME, 32L << 20),
                        null,
                        null,
                        StorageSettings.CLUSTER,
                        new ParquetEnumState(false, backlog, List.of(), null));
        enumerator.start(); // queues planning of a first chunk, not run here

        poll(); // lists: a.parquet is a candidate; the backlog is full afterwards
        poll(); // skipped: without throttling, a.parquet would be handed over here
        poll();

        assertThat(discovery.waitingToBeStable()).isEqualTo(1);
        assertThat(discovery.position().window()).isEmpty();
        assertThat(enumerator.snapshotState(1L).unplannedFiles()).hasSize(backlog.size());
        enumerator.close();
    }

    @Test
    void theSettleWindowMustExceedThePollInterval() {
        assertThatThrownBy(
                        () ->
                                new ContinuousDiscovery(
                                        new FileDiscovery(dir.toString(), true),
                                        FileOrder.NAME,
                                        PartitionPruner.none(),
                                        DiscoveryPosition.initial(POLL),
                                        POLL,
                                        3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be longer than the poll interval");
    }

    private ContinuousDiscovery start(DiscoveryPosition position) {
        ContinuousDiscovery discovery =
                new ContinuousDiscovery(
                        new FileDiscovery(dir.toString(), true),
                        FileOrder.NAME,
                        PartitionPruner.none(),
                        position,
                        POLL,
                        3);
        discovery.start(context, results::add);
        return discovery;
    }

    private void poll() throws Throwable {
        context.runPeriodicCallable(0);
    }

    /** Runs the poll of the discovery started last. */
    private void pollLast() throws Throwable {
        context.runPeriodicCallable(context.getPeriodicCallables().size() - 1);
    }

    private ContinuousDiscovery start(CorruptFilePolicy corruptFiles, ManualClock clock) {
        return start(corruptFiles, clock, PartitionPruner.none());
    }

    private ContinuousDiscovery start(
            CorruptFilePolicy corruptFiles, ManualClock clock, PartitionPruner partitions) {
        ContinuousDiscovery discovery =
                new ContinuousDiscovery(
                        new FileDiscovery(dir.toString(), true),
                        FileOrder.NAME,
                        partitions,
                        DiscoveryPosition.initial(W),
                        POLL,
                        3,
                        TIMEOUT,
                        corruptFiles,
                        clock);
        discovery.start(context, results::add);
        return discovery;
    }

    private Path write(String relative, long firstId, long mtime) throws IOException {
        Path file = dir.resolve(relative);
        TradeFiles.write(file, firstId, 100, 50);
        Files.setLastModifiedTime(file, FileTime.fromMillis(mtime));
        return file;
    }

    private List<String> lastNames() {
        return results.get(results.size() - 1).files().stream()
                .map(f -> f.path().getName())
                .collect(Collectors.toList());
    }

    private List<DiscoveredFile> allFiles() {
        List<DiscoveredFile> files = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (DiscoveryResult result : results) {
            for (DiscoveredFile file : result.files()) {
                assertThat(seen.add(file.path().toString()))
                        .as("%s handed over twice", file)
                        .isTrue();
                files.add(file);
            }
        }
        return files;
    }

    private List<String> allNames() {
        return allFiles().stream().map(f -> f.path().getName()).collect(Collectors.toList());
    }
}
