package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.split.ParquetSplit;
import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.core.fs.Path;

import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests of {@link SplitPlanner}, on real Parquet files and on synthetic footers. */
class SplitPlannerTest {

    @TempDir java.nio.file.Path dir;

    private ExecutorService footerReaders;

    @BeforeEach
    void startPool() {
        footerReaders = Executors.newFixedThreadPool(4);
    }

    @AfterEach
    void stopPool() {
        footerReaders.shutdownNow();
    }

    @Test
    void makesOneSplitPerRowGroupWhenRowGroupsAreBig() throws IOException {
        DiscoveredFile file = trades("a.parquet", 3_000, 1_000, Map.of("year", "2024"));

        List<ParquetSplit> splits = new SplitPlanner(footerReaders, 1L).planFile(file);

        assertThat(splits).hasSize(3);
        for (int g = 0; g < 3; g++) {
            ParquetSplit split = splits.get(g);
            assertThat(split.path()).isEqualTo(file.path());
            assertThat(split.fileSize()).isEqualTo(file.size());
            assertThat(split.modificationTime()).isEqualTo(file.modificationTime());
            assertThat(split.firstRowGroup()).isEqualTo(g);
            assertThat(split.endRowGroup()).isEqualTo(g + 1);
            assertThat(split.rowGroupRowCounts()).containsExactly(1_000L);
            assertThat(split.nextRowGroup()).isEqualTo(g);
            assertThat(split.rowsToSkip()).isZero();
            assertThat(split.partitionValues()).containsExactly(Map.entry("year", "2024"));
        }
        assertThat(splits).extracting(ParquetSplit::splitId).doesNotHaveDuplicates();
    }

    @Test
    void groupsTinyRowGroupsUpToTheTargetSize() throws IOException {
        DiscoveredFile file = trades("a.parquet", 1_000, 100, Map.of());
        List<BlockMetaData> blocks = footerBlocks(file);
        assertThat(blocks).hasSize(10);

        // everything fits: one split of all 10 row groups
        List<ParquetSplit> all = new SplitPlanner(footerReaders, Long.MAX_VALUE).planFile(file);
        assertThat(all).hasSize(1);
        assertThat(all.get(0).firstRowGroup()).isZero();
        assertThat(all.get(0).endRowGroup()).isEqualTo(10);
        assertThat(all.get(0).remainingRows()).isEqualTo(1_000L);

        // a target of the size of the first three row groups: groups of at most that size
        long target =
                blocks.get(0).getCompressedSize()
                        + blocks.get(1).getCompressedSize()
                        + blocks.get(2).getCompressedSize();
        List<ParquetSplit> grouped = new SplitPlanner(footerReaders, target).planFile(file);
        assertThat(grouped.get(0).firstRowGroup()).isZero();
        assertThat(grouped.get(0).endRowGroup()).isGreaterThanOrEqualTo(3);
        assertContiguousCover(grouped, 10);
        for (ParquetSplit split : grouped) {
            long bytes = 0;
            for (int g = split.firstRowGroup(); g < split.endRowGroup(); g++) {
                bytes += blocks.get(g).getCompressedSize();
            }
            if (split.endRowGroup() - split.firstRowGroup() > 1) {
                assertThat(bytes).isLessThanOrEqualTo(target);
            }
        }
        assertThat(grouped.stream().mapToLong(ParquetSplit::remainingRows).sum()).isEqualTo(1_000L);
    }

    @Test
    void groupsConsecutiveRowGroupsGreedily() {
        DiscoveredFile file = file("file:/data/a.parquet");

        // sizes 10 10 10 100 10 10 5 with a target of 30
        List<ParquetSplit> splits =
                SplitPlanner.splitsOf(
                        file, blocks(10, 10, 10, 100, 10, 10, 5), /* targetSplitBytes= */ 30);

        assertThat(ranges(splits)).containsExactly("[0,3)", "[3,4)", "[4,7)");
        assertThat(splits.get(1).rowGroupRowCounts()).containsExactly(103L);
        assertThat(splits.get(2).rowGroupRowCounts()).containsExactly(104L, 105L, 106L);
    }

    @Test
    void aRowGroupBiggerThanTheTargetIsASplitOfItsOwn() {
        List<ParquetSplit> splits =
                SplitPlanner.splitsOf(file("file:/data/a.parquet"), blocks(50, 5, 50), 10);

        assertThat(ranges(splits)).containsExactly("[0,1)", "[1,2)", "[2,3)");
    }

    @Test
    void rowGroupsWithoutRowsMakeNoSplits() {
        BlockMetaData empty = block(10, 0);
        BlockMetaData full = block(10, 7);

        List<ParquetSplit> splits =
                SplitPlanner.splitsOf(
                        file("file:/data/a.parquet"), List.of(empty, full, empty), 10);

        assertThat(ranges(splits)).containsExactly("[1,2)");
        assertThat(SplitPlanner.splitsOf(file("file:/data/b.parquet"), List.of(empty), 10))
                .isEmpty();
    }

    @Test
    void anEmptyFileMakesNoSplits() throws IOException {
        java.nio.file.Path empty = Files.createFile(dir.resolve("empty.parquet"));

        List<ParquetSplit> splits =
                new SplitPlanner(footerReaders, 1L).planFile(discovered(empty, Map.of()));

        assertThat(splits).isEmpty();
    }

    @Test
    void aFileWithoutRowGroupsMakesNoSplits() throws IOException {
        DiscoveredFile file = trades("no-rows.parquet", 0, 100, Map.of());
        assertThat(file.size()).isGreaterThan(0L);
        assertThat(footerBlocks(file)).isEmpty();

        assertThat(new SplitPlanner(footerReaders, 1L).planFile(file)).isEmpty();
    }

    @Test
    void aFileOfRandomBytesFailsNamingTheFile() throws IOException {
        java.nio.file.Path corrupt = dir.resolve("random.parquet");
        byte[] bytes = new byte[4096];
        new Random(42).nextBytes(bytes);
        Files.write(corrupt, bytes);
        DiscoveredFile file = discovered(corrupt, Map.of());

        assertThatThrownBy(() -> new SplitPlanner(footerReaders, 1L).planFile(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("random.parquet")
                .hasMessageContaining("Cannot read the Parquet footer");
    }

    @Test
    void aTruncatedFooterFailsNamingTheFile() throws IOException {
        DiscoveredFile good = trades("good.parquet", 100, 50, Map.of());
        byte[] bytes = Files.readAllBytes(dir.resolve("good.parquet"));

        // the end of the footer is cut off
        java.nio.file.Path truncated = dir.resolve("truncated.parquet");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 20));
        DiscoveredFile truncatedFile = discovered(truncated, Map.of());
        assertThatThrownBy(() -> new SplitPlanner(footerReaders, 1L).planFile(truncatedFile))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("truncated.parquet");

        // the footer length and magic are intact, but the footer bytes are garbage
        java.nio.file.Path garbled = dir.resolve("garbled.parquet");
        byte[] copy = bytes.clone();
        int footerLength =
                (copy[copy.length - 8] & 0xFF)
                        | (copy[copy.length - 7] & 0xFF) << 8
                        | (copy[copy.length - 6] & 0xFF) << 16
                        | (copy[copy.length - 5] & 0xFF) << 24;
        Arrays.fill(copy, copy.length - 8 - footerLength, copy.length - 8, (byte) 0xFF);
        Files.write(garbled, copy);
        DiscoveredFile garbledFile = discovered(garbled, Map.of());
        assertThatThrownBy(() -> new SplitPlanner(footerReaders, 1L).planFile(garbledFile))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("garbled.parquet");

        // a shorter listing than the real file (the file is being rewritten)
        DiscoveredFile shorter =
                new DiscoveredFile(good.path(), good.size() / 2, good.modificationTime(), Map.of());
        assertThatThrownBy(() -> new SplitPlanner(footerReaders, 1L).planFile(shorter))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("good.parquet");
    }

    @Test
    void plansManyFilesInTheirOrder() throws IOException {
        List<DiscoveredFile> files = new ArrayList<>();
        // biggest first, so that the footers of later files are likely read first
        for (int i = 0; i < 8; i++) {
            files.add(trades("f" + i + ".parquet", (8 - i) * 200L, 100, Map.of()));
        }

        List<ParquetSplit> splits = new SplitPlanner(footerReaders, 1L).plan(files);

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            for (int g = 0; g < (8 - i) * 2; g++) {
                expected.add("f" + i + ".parquet#" + g);
            }
        }
        assertThat(
                        splits.stream()
                                .map(s -> s.path().getName() + "#" + s.firstRowGroup())
                                .collect(Collectors.toList()))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void planningFailsWhenOneFileIsCorrupt() throws IOException {
        DiscoveredFile good = trades("a.parquet", 100, 50, Map.of());
        java.nio.file.Path corrupt = dir.resolve("b.parquet");
        Files.write(corrupt, "not parquet at all".getBytes());

        assertThatThrownBy(
                        () ->
                                new SplitPlanner(footerReaders, 1L)
                                        .plan(List.of(good, discovered(corrupt, Map.of()))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("b.parquet");
    }

    // ------------------------------------------------------------------------------------------

    private DiscoveredFile trades(
            String name, long rows, int rowGroupRows, Map<String, String> partitions)
            throws IOException {
        java.nio.file.Path file = dir.resolve(name);
        TradeFiles.write(file, 0, rows, rowGroupRows);
        return discovered(file, partitions);
    }

    private static DiscoveredFile discovered(java.nio.file.Path file, Map<String, String> parts)
            throws IOException {
        return new DiscoveredFile(
                new Path(file.toUri()),
                Files.size(file),
                Files.getLastModifiedTime(file).toMillis(),
                parts);
    }

    private static DiscoveredFile file(String path) {
        return new DiscoveredFile(new Path(path), 1000L, 1L, Map.of());
    }

    private static List<BlockMetaData> footerBlocks(DiscoveredFile file) throws IOException {
        try (ParquetFileReader reader =
                ParquetFileReader.open(
                        HadoopInputFile.fromPath(
                                new org.apache.hadoop.fs.Path(file.path().toUri()),
                                new org.apache.hadoop.conf.Configuration()))) {
            return reader.getFooter().getBlocks();
        }
    }

    /** Row groups of the given compressed sizes; row group i has 100 + i rows. */
    private static List<BlockMetaData> blocks(long... compressedSizes) {
        List<BlockMetaData> blocks = new ArrayList<>();
        for (int i = 0; i < compressedSizes.length; i++) {
            blocks.add(block(compressedSizes[i], 100 + i));
        }
        return blocks;
    }

    private static BlockMetaData block(long compressedSize, long rows) {
        BlockMetaData block =
                new BlockMetaData() {
                    @Override
                    public long getCompressedSize() {
                        return compressedSize;
                    }
                };
        block.setRowCount(rows);
        return block;
    }

    private static List<String> ranges(List<ParquetSplit> splits) {
        return splits.stream()
                .map(s -> "[" + s.firstRowGroup() + "," + s.endRowGroup() + ")")
                .collect(Collectors.toList());
    }

    private static void assertContiguousCover(List<ParquetSplit> splits, int rowGroups) {
        int next = 0;
        for (ParquetSplit split : splits) {
            assertThat(split.firstRowGroup()).isEqualTo(next);
            next = split.endRowGroup();
        }
        assertThat(next).isEqualTo(rowGroups);
    }
}
