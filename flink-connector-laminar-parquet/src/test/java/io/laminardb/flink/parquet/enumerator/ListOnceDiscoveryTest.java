package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.partition.HivePartitions;
import io.laminardb.flink.parquet.partition.PartitionPruner;
import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.apache.flink.table.types.logical.RowType;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests of {@link ListOnceDiscovery} with Flink's {@link MockSplitEnumeratorContext}: listing runs
 * only when the test runs the queued {@code callAsync} work.
 */
class ListOnceDiscoveryTest {

    @TempDir Path dir;

    private final MockSplitEnumeratorContext<ParquetSplit> context =
            new MockSplitEnumeratorContext<>(1);

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    @Test
    void listsOnceOnAnIoThreadAndIsFinishedWhenItHandsTheFilesOver() throws Throwable {
        Files.createFile(dir.resolve("b.parquet"));
        Files.createFile(dir.resolve("a.parquet"));
        Files.createFile(dir.resolve("_SUCCESS"));
        ListOnceDiscovery discovery = discovery(false);
        List<DiscoveryResult> results = new ArrayList<>();
        List<Boolean> finishedWhenHandedOver = new ArrayList<>();

        discovery.start(
                context,
                result -> {
                    results.add(result);
                    finishedWhenHandedOver.add(discovery.isFinished());
                });
        assertThat(context.getOneTimeCallables()).hasSize(1);
        assertThat(discovery.isFinished()).isFalse();
        context.runNextOneTimeCallable();

        assertThat(results).hasSize(1);
        assertThat(results.get(0).files())
                .extracting(f -> f.path().getName())
                .containsExactly("a.parquet", "b.parquet");
        assertThat(finishedWhenHandedOver).containsExactly(true);
        assertThat(discovery.isFinished()).isTrue();
        assertThat(context.getOneTimeCallables()).isEmpty();
        assertThat(context.getPeriodicCallables()).isEmpty();
    }

    @Test
    void anEmptyListingIsHandedOverToo() throws Throwable {
        ListOnceDiscovery discovery = discovery(false);
        List<List<DiscoveredFile>> handedOver = new ArrayList<>();

        discovery.start(context, result -> handedOver.add(result.files()));
        context.runNextOneTimeCallable();

        assertThat(handedOver).containsExactly(List.of());
        assertThat(discovery.isFinished()).isTrue();
    }

    @Test
    void restoredAfterTheListingItDoesNotListAgain() throws IOException {
        Files.createFile(dir.resolve("a.parquet"));
        ListOnceDiscovery discovery = discovery(true);
        List<DiscoveryResult> results = new ArrayList<>();

        discovery.start(context, results::add);

        assertThat(context.getOneTimeCallables()).isEmpty();
        assertThat(results).isEmpty();
        assertThat(discovery.isFinished()).isTrue();
    }

    @Test
    void startingTwiceIsABug() {
        ListOnceDiscovery discovery = discovery(false);
        discovery.start(context, result -> {});

        assertThatThrownBy(() -> discovery.start(context, result -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("started twice");
    }

    private ListOnceDiscovery discovery(boolean listed) {
        return new ListOnceDiscovery(
                new FileDiscovery(dir.toString(), true),
                FileOrder.NAME,
                new PartitionPruner(
                        new RowType(List.of()), HivePartitions.DEFAULT_PARTITION_NAME, null),
                listed);
    }
}
