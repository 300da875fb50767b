package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.fs.StorageSettings;
import io.laminardb.flink.parquet.split.ParquetSplit;
import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.apache.flink.util.FlinkRuntimeException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static io.laminardb.flink.parquet.enumerator.EnumeratorTesting.allAssigned;
import static io.laminardb.flink.parquet.enumerator.EnumeratorTesting.assignedTo;
import static io.laminardb.flink.parquet.enumerator.EnumeratorTesting.drain;
import static io.laminardb.flink.parquet.enumerator.EnumeratorTesting.runAll;
import static io.laminardb.flink.parquet.enumerator.EnumeratorTesting.viaSerializer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the enumerator core, {@link ParquetSplitEnumerator}, apart from any real discovery: a
 * {@link ScriptedDiscovery} hands it the files the test chooses, when the test chooses, and says
 * when discovery is finished. Footers of real files are read (through {@code callAsync}); the test
 * thread plays the coordinator, and {@link MockSplitEnumeratorContext} runs the I/O work only when
 * the test runs it.
 */
class ParquetSplitEnumeratorTest {

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
    void aSplitHandedBackGoesToTheNextAskingReaderBeforeNewerOnes() throws Throwable {
        MockSplitEnumeratorContext<ParquetSplit> context = context(2);
        ScriptedDiscovery discovery = new ScriptedDiscovery();
        ParquetSplitEnumerator enumerator = start(context, discovery);
        discovery.list(List.of(file("a", 2), file("b", 1)), false);
        runAll(context);
        enumerator.handleSplitRequest(0, "localhost");
        enumerator.handleSplitRequest(0, "localhost");
        assertThat(ids(assignedTo(context, 0))).containsExactly("a#0", "a#1");

        // reader 0 fails: its splits come back; then a newer file is found and planned
        context.unregisterReader(0);
        enumerator.addSplitsBack(assignedTo(context, 0), 0);
        discovery.list(List.of(file("c", 1)), true);
        runAll(context);

        drain(enumerator, context, 1);
        assertThat(ids(assignedTo(context, 1))).containsExactly("a#0", "a#1", "b#0", "c#0");
    }

    @Test
    void aSplitHandedBackIsServedToAReaderAlreadyWaiting() throws Throwable {
        MockSplitEnumeratorContext<ParquetSplit> context = context(2);
        ScriptedDiscovery discovery = new ScriptedDiscovery();
        ParquetSplitEnumerator enumerator = start(context, discovery);
        discovery.list(List.of(file("a", 1)), false);
        runAll(context);
        enumerator.handleSplitRequest(0, "localhost");
        enumerator.handleSplitRequest(1, "localhost"); // nothing left: reader 1 waits
        assertThat(assignedTo(context, 1)).isEmpty();

        context.unregisterReader(0);
        enumerator.addSplitsBack(assignedTo(context, 0), 0);

        assertThat(ids(assignedTo(context, 1))).containsExactly("a#0");
    }

    @Test
    void readersThatRegisterLateGetSplits() throws Throwable {
        MockSplitEnumeratorContext<ParquetSplit> context = new MockSplitEnumeratorContext<>(3);
        toClose.add(context);
        context.registerReader(new ReaderInfo(0, "localhost"));
        ScriptedDiscovery discovery = new ScriptedDiscovery();
        ParquetSplitEnumerator enumerator = start(context, discovery);

        // reader 0 asks before anything is found; reader 1 asks before it is registered
        enumerator.handleSplitRequest(0, "localhost");
        enumerator.handleSplitRequest(1, "localhost");
        discovery.list(List.of(file("a", 2), file("b", 2)), true);
        runAll(context);
        assertThat(ids(assignedTo(context, 0))).containsExactly("a#0");
        assertThat(assignedTo(context, 1)).isEmpty();

        // reader 1 registers and asks again; reader 2 registers later and asks first
        context.registerReader(new ReaderInfo(1, "localhost"));
        context.registerReader(new ReaderInfo(2, "localhost"));
        enumerator.handleSplitRequest(2, "localhost");
        enumerator.handleSplitRequest(1, "localhost");
        enumerator.handleSplitRequest(0, "localhost");

        assertThat(ids(assignedTo(context, 2))).containsExactly("a#1");
        assertThat(ids(assignedTo(context, 1))).containsExactly("b#0");
        assertThat(ids(assignedTo(context, 0))).containsExactly("a#0", "b#1");
    }

    @Test
    void handsSplitsOutInFileOrderAcrossListings() throws Throwable {
        MockSplitEnumeratorContext<ParquetSplit> context = context(2);
        ScriptedDiscovery discovery = new ScriptedDiscovery();
        ParquetSplitEnumerator enumerator = start(context, discovery);

        discovery.list(List.of(file("a", 2), file("b", 1)), false);
        discovery.list(List.of(file("c", 3)), false);
        discovery.list(List.of(), false);
        discovery.list(List.of(file("d", 1)), true);
        runAll(context);
        for (int i = 0; i < 7; i++) {
            enumerator.handleSplitRequest(i % 2, "localhost");
        }

        assertThat(ids(allAssigned(context)))
                .containsExactly("a#0", "a#1", "b#0", "c#0", "c#1", "c#2", "d#0");
        assertThat(ids(assignedTo(context, 0))).containsExactly("a#0", "b#0", "c#1", "d#0");
        assertThat(enumerator.metrics().footersReadCount()).isEqualTo(4);
    }

    /**
     * A file a later listing finds that comes first in file order is planned and assigned before
     * the files after it that wait (here: splits pending while no reader asks).
     */
    @Test
    void anEarlierFileFoundLaterGoesBeforeWaitingLaterFiles() throws Throwable {
        MockSplitEnumeratorContext<ParquetSplit> context = context(1);
        ScriptedDiscovery discovery = new ScriptedDiscovery();
        ParquetSplitEnumerator enumerator = start(context, discovery);

        discovery.list(List.of(file("c", 1), file("d", 1)), false);
        runAll(context);
        discovery.list(List.of(file("a", 2)), false);
        runAll(context);
        for (int i = 0; i < 4; i++) {
            enumerator.handleSplitRequest(0, "localhost");
        }

        assertThat(ids(allAssigned(context))).containsExactly("a#0", "a#1", "c#0", "d#0");
    }

    @Test
    void noMoreSplitsOnlyOnceDiscoveryIsFinishedAndEverythingIsPlannedAndAssigned()
            throws Throwable {
        MockSplitEnumeratorContext<ParquetSplit> context = context(2);
        ScriptedDiscovery discovery = new ScriptedDiscovery();
        ParquetSplitEnumerator enumerator = start(context, discovery);
        discovery.list(List.of(file("a", 1)), false);
        runAll(context);

        // everything found so far is assigned, but discovery is not finished: reader 0 waits
        enumerator.handleSplitRequest(0, "localhost");
        enumerator.handleSplitRequest(0, "localhost");
        assertThat(ids(assignedTo(context, 0))).containsExactly("a#0");
        assertThat(context.hasNoMoreSplits(0)).isFalse();
        assertThat(enumerator.snapshotState(1L).discoveryDone()).isFalse();

        // the last listing is handed over; its file is not planned yet: reader 0 still waits
        discovery.list(List.of(file("b", 2)), true);
        context.runNextOneTimeCallable(); // the listing; queues the footers of b
        assertThat(discovery.isFinished()).isTrue();
        assertThat(context.hasNoMoreSplits(0)).isFalse();
        assertThat(enumerator.snapshotState(2L).discoveryDone()).isTrue();

        // b is planned: reader 0 gets b#0, b#1 is pending, so reader 1 is not told "no more"
        context.runNextOneTimeCallable();
        assertThat(ids(assignedTo(context, 0))).containsExactly("a#0", "b#0");
        enumerator.handleSplitRequest(1, "localhost");
        assertThat(ids(assignedTo(context, 1))).containsExactly("b#1");
        assertThat(context.hasNoMoreSplits(0)).isFalse();
        assertThat(context.hasNoMoreSplits(1)).isFalse();

        // everything is assigned: each reader is told when it asks
        enumerator.handleSplitRequest(0, "localhost");
        assertThat(context.hasNoMoreSplits(0)).isTrue();
        assertThat(context.hasNoMoreSplits(1)).isFalse();
        enumerator.handleSplitRequest(1, "localhost");
        assertThat(context.hasNoMoreSplits(1)).isTrue();
        assertThat(allAssigned(context)).hasSize(3);
    }

    @Test
    void aReaderWaitingWhenDiscoveryFinishesWithNothingNewIsToldAtOnce() throws Throwable {
        MockSplitEnumeratorContext<ParquetSplit> context = context(1);
        ScriptedDiscovery discovery = new ScriptedDiscovery();
        ParquetSplitEnumerator enumerator = start(context, discovery);
        discovery.list(List.of(file("a", 1)), false);
        runAll(context);
        enumerator.handleSplitRequest(0, "localhost");
        enumerator.handleSplitRequest(0, "localhost");
        assertThat(context.hasNoMoreSplits(0)).isFalse();

        discovery.list(List.of(), true);
        runAll(context);

        assertThat(context.hasNoMoreSplits(0)).isTrue();
    }

    @Test
    void aReaderThatFailedIsSkipped() throws Throwable {
        MockSplitEnumeratorContext<ParquetSplit> context = context(3);
        ScriptedDiscovery discovery = new ScriptedDiscovery();
        ParquetSplitEnumerator enumerator = start(context, discovery);
        discovery.list(List.of(file("a", 2)), true);
        enumerator.handleSplitRequest(0, "localhost");
        enumerator.handleSplitRequest(1, "localhost");
        enumerator.handleSplitRequest(2, "localhost");

        context.unregisterReader(1); // reader 1 fails while waiting
        runAll(context);

        assertThat(ids(assignedTo(context, 0))).containsExactly("a#0");
        assertThat(assignedTo(context, 1)).isEmpty();
        assertThat(ids(assignedTo(context, 2))).containsExactly("a#1");

        // a failed reader is not told "no more splits" either; the live ones are
        enumerator.handleSplitRequest(1, "localhost");
        enumerator.handleSplitRequest(0, "localhost");
        assertThat(context.hasNoMoreSplits(1)).isFalse();
        assertThat(context.hasNoMoreSplits(0)).isTrue();
    }

    /**
     * Footers are read a chunk of files at a time, and the next chunk only once the readers may
     * soon run out (at most twice the parallelism pending): the data set is never planned at once.
     */
    @Test
    void plansAheadOfDemandAChunkAtATime() throws Throwable {
        int fileCount = 70; // one planning step reads 64 files
        Path template = dir.resolve("_template.parquet");
        TradeFiles.write(template, 0, 2, 2);
        List<DiscoveredFile> files = new ArrayList<>();
        for (int i = 0; i < fileCount; i++) {
            Path copy = dir.resolve(String.format("f%03d.parquet", i));
            Files.copy(template, copy);
            files.add(discovered(copy));
        }
        MockSplitEnumeratorContext<ParquetSplit> context = context(1);
        ScriptedDiscovery discovery = new ScriptedDiscovery();
        ParquetSplitEnumerator enumerator = start(context, discovery);
        discovery.list(files, true);
        context.runNextOneTimeCallable(); // the listing: queues one chunk
        assertThat(context.getOneTimeCallables()).hasSize(1);
        context.runNextOneTimeCallable(); // the first chunk's footers
        assertThat(enumerator.metrics().footersReadCount()).isEqualTo(64);
        assertThat(enumerator.snapshotState(1L).unassignedSplits()).hasSize(64);
        assertThat(context.getOneTimeCallables()).isEmpty();

        // 61 assigned: 3 pending, more than twice the parallelism, so nothing is planned yet
        for (int i = 0; i < 61; i++) {
            enumerator.handleSplitRequest(0, "localhost");
        }
        assertThat(context.getOneTimeCallables()).isEmpty();
        // one more: 2 pending, so the next chunk's footers are read
        enumerator.handleSplitRequest(0, "localhost");
        assertThat(context.getOneTimeCallables()).hasSize(1);
        ParquetEnumState duringPlanning = enumerator.snapshotState(2L);
        assertThat(duringPlanning.unplannedFiles()).hasSize(6);
        assertThat(duringPlanning.unassignedSplits()).hasSize(2);

        runAll(context);
        drain(enumerator, context, 0);
        assertThat(enumerator.metrics().footersReadCount()).isEqualTo(fileCount);
        assertThat(allAssigned(context))
                .extracting(s -> s.path().getName())
                .containsExactlyElementsOf(
                        files.stream().map(f -> f.path().getName()).collect(Collectors.toList()));
    }

    @Test
    void snapshotHoldsHandedBackSplitsFirstAndRestoresThemFirst() throws Throwable {
        MockSplitEnumeratorContext<ParquetSplit> context = context(1);
        ScriptedDiscovery discovery = new ScriptedDiscovery();
        ParquetSplitEnumerator enumerator = start(context, discovery);
        discovery.list(List.of(file("a", 2), file("b", 1)), false);
        runAll(context);
        enumerator.handleSplitRequest(0, "localhost");
        ParquetSplit partlyRead = assignedTo(context, 0).get(0).withPosition(0, 3L);
        enumerator.addSplitsBack(List.of(partlyRead), 0);

        ParquetEnumState snapshot = viaSerializer(enumerator.snapshotState(1L));
        assertThat(ids(snapshot.unassignedSplits())).containsExactly("a#0", "a#1", "b#0");
        assertThat(snapshot.discoveryDone()).isFalse();

        MockSplitEnumeratorContext<ParquetSplit> restoredContext = context(1);
        ScriptedDiscovery restoredDiscovery = new ScriptedDiscovery();
        ParquetSplitEnumerator restored =
                track(
                        new ParquetSplitEnumerator(
                                restoredContext,
                                restoredDiscovery,
                                TestDiscoverySettings.of(FileOrder.NAME, ONE_SPLIT_PER_ROW_GROUP),
                                null,
                                null,
                                StorageSettings.CLUSTER,
                                snapshot));
        restored.start();
        restoredDiscovery.list(List.of(file("c", 1)), true);
        runAll(restoredContext);
        drain(restored, restoredContext, 0);

        List<ParquetSplit> assigned = assignedTo(restoredContext, 0);
        assertThat(ids(assigned)).containsExactly("a#0", "a#1", "b#0", "c#0");
        assertThat(assigned.get(0).rowsToSkip()).isEqualTo(3L);
    }

    // ------------------------------------------------------------------------------------------

    /**
     * A discovery policy the test drives: each {@link #list} queues a listing through {@code
     * callAsync} that hands the given files over when the test runs it; the one marked last
     * finishes discovery, as a bounded policy's only listing does.
     */
    private static final class ScriptedDiscovery implements DiscoveryPolicy {

        private SplitEnumeratorContext<ParquetSplit> context;
        private Consumer<DiscoveryResult> listener;
        private boolean finished;

        @Override
        public void start(
                SplitEnumeratorContext<ParquetSplit> context, Consumer<DiscoveryResult> listener) {
            this.context = context;
            this.listener = listener;
        }

        void list(List<DiscoveredFile> files, boolean last) {
            context.callAsync(
                    () -> new DiscoveryResult(files, 0),
                    (result, error) -> {
                        if (error != null) {
                            throw new FlinkRuntimeException(error);
                        }
                        finished |= last;
                        listener.accept(result);
                    });
        }

        @Override
        public boolean isFinished() {
            return finished;
        }
    }

    /** A file of TradeFiles rows with {@code rowGroups} row groups of 10 rows. */
    private DiscoveredFile file(String name, int rowGroups) throws IOException {
        Path file = dir.resolve(name + ".parquet");
        TradeFiles.write(file, 0, rowGroups * 10L, 10);
        return discovered(file);
    }

    private static DiscoveredFile discovered(Path file) throws IOException {
        return new DiscoveredFile(
                org.apache.flink.core.fs.Path.fromLocalFile(file.toFile()),
                Files.size(file),
                Files.getLastModifiedTime(file).toMillis(),
                Map.of());
    }

    private ParquetSplitEnumerator start(
            MockSplitEnumeratorContext<ParquetSplit> context, DiscoveryPolicy discovery) {
        ParquetSplitEnumerator enumerator =
                track(
                        new ParquetSplitEnumerator(
                                context,
                                discovery,
                                TestDiscoverySettings.of(FileOrder.NAME, ONE_SPLIT_PER_ROW_GROUP),
                                null,
                                null,
                                StorageSettings.CLUSTER,
                                ParquetEnumState.initial()));
        enumerator.start();
        return enumerator;
    }

    private ParquetSplitEnumerator track(ParquetSplitEnumerator enumerator) {
        toClose.add(enumerator);
        // these tests follow single splits; MultipleSplitsPerRequestTest covers batches
        enumerator.maxSplitsPerRequest(1);
        return enumerator;
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

    private static List<String> ids(List<ParquetSplit> splits) {
        List<String> ids = new ArrayList<>();
        for (ParquetSplit split : splits) {
            String name = split.path().getName();
            ids.add(
                    name.substring(0, name.length() - ".parquet".length())
                            + "#"
                            + split.firstRowGroup());
        }
        return ids;
    }
}
