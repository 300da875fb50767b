package io.laminardb.flink.parquet.enumerator;

import io.laminardb.flink.parquet.fs.FlinkInputFile;
import io.laminardb.flink.parquet.reader.ParquetReadOptionsFactory;
import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;

import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Turns files into splits: reads each file's footer (several files at once on an I/O pool, never on
 * the coordinator thread) and makes one split per row group, grouping consecutive row groups
 * smaller than the target size into one split. Empty files and files without row groups produce no
 * splits. A file whose footer cannot be read fails with an error naming it.
 */
@Internal
public final class SplitPlanner {

    private final ExecutorService footerReaders;
    private final long targetSplitBytes;

    public SplitPlanner(ExecutorService footerReaders, long targetSplitBytes) {
        this.footerReaders = footerReaders;
        this.targetSplitBytes = targetSplitBytes;
    }

    /** The splits of the given files, in the files' order. I/O thread. */
    public List<ParquetSplit> plan(List<DiscoveredFile> files) throws IOException {
        List<Future<List<ParquetSplit>>> futures = new ArrayList<>(files.size());
        for (DiscoveredFile file : files) {
            futures.add(footerReaders.submit(() -> planFile(file)));
        }
        List<ParquetSplit> splits = new ArrayList<>();
        try {
            for (Future<List<ParquetSplit>> future : futures) {
                splits.addAll(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while reading Parquet footers", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            throw new IOException(cause.getMessage(), cause);
        } finally {
            for (Future<?> future : futures) {
                future.cancel(true);
            }
        }
        return splits;
    }

    /** The splits of one file. */
    public List<ParquetSplit> planFile(DiscoveredFile file) throws IOException {
        if (file.size() == 0) {
            return List.of();
        }
        ParquetMetadata footer;
        try (ParquetFileReader reader =
                ParquetFileReader.open(
                        new FlinkInputFile(file.path(), file.size()),
                        ParquetReadOptionsFactory.create())) {
            footer = reader.getFooter();
        } catch (IOException | RuntimeException e) {
            throw new IOException(
                    "Cannot read the Parquet footer of file " + file.path() + ": " + e, e);
        }
        return splitsOf(file, footer.getBlocks(), targetSplitBytes);
    }

    @VisibleForTesting
    static List<ParquetSplit> splitsOf(
            DiscoveredFile file, List<BlockMetaData> blocks, long targetSplitBytes) {
        List<ParquetSplit> splits = new ArrayList<>();
        int first = 0;
        while (first < blocks.size()) {
            int end = first + 1;
            long bytes = blocks.get(first).getCompressedSize();
            while (end < blocks.size()
                    && bytes + blocks.get(end).getCompressedSize() <= targetSplitBytes) {
                bytes += blocks.get(end).getCompressedSize();
                end++;
            }
            long[] rowCounts = new long[end - first];
            long rows = 0;
            for (int g = first; g < end; g++) {
                rowCounts[g - first] = blocks.get(g).getRowCount();
                rows += rowCounts[g - first];
            }
            if (rows > 0) {
                splits.add(
                        new ParquetSplit(
                                file.path(),
                                file.size(),
                                file.modificationTime(),
                                first,
                                rowCounts,
                                file.partitionValues()));
            }
            first = end;
        }
        return splits;
    }
}
