package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.partition.PartitionPruner;
import io.laminardb.flink.parquet.split.ParquetSplit;
import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The continuous enumerator's state stays bounded: 100,000 files discovered over 100 polls, real
 * files listed by the real discovery, and the serialized state (what every checkpoint writes) stays
 * under a fixed size however many files were read before. Old files are deleted as a retention job
 * would, so listings stay cheap; state that remembered every path read would still grow with each
 * poll.
 *
 * <p>The files go to {@code /dev/shm} where it is a writable memory file system (writing 100,000
 * files there takes seconds; on the disks of CI machines minutes), else to a temporary directory.
 */
class DiscoveryStateSizeTest {

    private static final int POLLS = 100;
    private static final int FILES_PER_POLL = 1_000;
    private static final long POLL_SPACING_MILLIS = 60_000L;

    /** Covers two polls: the state holds at most two polls' files. */
    private static final long SETTLE_WINDOW_MILLIS = 90_000L;

    @TempDir Path tempDir;

    private Path dir;

    @BeforeEach
    void chooseDirectory() throws IOException {
        Path memory = Paths.get("/dev/shm");
        dir =
                Files.isDirectory(memory) && Files.isWritable(memory)
                        ? Files.createTempDirectory(memory, "discovery-state-size")
                        : tempDir;
    }

    @AfterEach
    void deleteDirectory() throws IOException {
        if (!dir.equals(tempDir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void theStateOfAContinuousReadStaysBoundedOverOneHundredThousandFiles() throws Throwable {
        Path template = dir.resolve("template/t.parquet");
        TradeFiles.write(template, 0, 3, 3);
        byte[] bytes = Files.readAllBytes(template);
        Path data = Files.createDirectories(dir.resolve("data"));

        MockSplitEnumeratorContext<ParquetSplit> context = new MockSplitEnumeratorContext<>(1);
        List<DiscoveryResult> results = new ArrayList<>();
        ContinuousDiscovery discovery =
                new ContinuousDiscovery(
                        new FileDiscovery(data.toString(), true),
                        FileOrder.NAME,
                        PartitionPruner.none(),
                        DiscoveryPosition.initial(SETTLE_WINDOW_MILLIS),
                        1_000L,
                        3);
        discovery.start(context, results::add);
        ParquetEnumStateSerializer serializer = new ParquetEnumStateSerializer();

        Set<String> handedOver = new HashSet<>();
        long largestState = 0;
        long stateAfterThreePolls = 0;
        for (int poll = 0; poll < POLLS; poll++) {
            Path directory = Files.createDirectories(data.resolve(String.format("p%03d", poll)));
            long mtime = TradeFiles.EPOCH_MILLIS_2024 + poll * POLL_SPACING_MILLIS;
            for (int f = 0; f < FILES_PER_POLL; f++) {
                Path file = directory.resolve(String.format("f%04d.parquet", f));
                Files.write(file, bytes);
                Files.setLastModifiedTime(file, FileTime.fromMillis(mtime + f));
            }
            context.runPeriodicCallable(0); // new files: candidates
            context.runPeriodicCallable(0); // unchanged and complete: handed over
            for (DiscoveredFile file : results.get(results.size() - 1).files()) {
                assertThat(handedOver.add(file.path().toString()))
                        .as("%s handed over twice", file.path())
                        .isTrue();
            }
            if (poll >= 2) {
                deleteTree(data.resolve(String.format("p%03d", poll - 2)));
            }

            long stateBytes =
                    serializer.serialize(
                                    new ParquetEnumState(
                                            false, List.of(), List.of(), discovery.position()))
                            .length;
            largestState = Math.max(largestState, stateBytes);
            if (poll == 2) {
                stateAfterThreePolls = stateBytes;
            }
        }

        assertThat(handedOver).hasSize(POLLS * FILES_PER_POLL);
        // The window holds the files of this poll and of the one before (within 90 s of M).
        assertThat(discovery.position().window().size())
                .isBetween(FILES_PER_POLL, 2 * FILES_PER_POLL);
        assertThat(largestState)
                .as("state bytes after 100,000 files vs after 3,000")
                .isLessThanOrEqualTo(stateAfterThreePolls + stateAfterThreePolls / 10);
        context.close();
    }

    private static void deleteTree(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }
}
