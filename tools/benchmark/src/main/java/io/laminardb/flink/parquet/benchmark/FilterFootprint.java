package io.laminardb.flink.parquet.benchmark;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.parquet.internal.filter2.columnindex.ColumnIndexStore;
import org.apache.parquet.io.LocalInputFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How many bytes of the data set a {@code ts} window query has to read, worked out from the files'
 * footers and page indexes with parquet-java, independently of either source:
 *
 * <ul>
 *   <li>{@code filesBytes}: the whole files, what a reader without filter push-down reads (Flink's
 *       {@code FileSource} reads every column chunk of every row group);
 *   <li>{@code rowGroupBytes}: the compressed column chunks of the row groups whose {@code ts}
 *       statistics (min, max) overlap the window, what is left after row-group pruning by
 *       statistics;
 *   <li>{@code pageBytes}: within those row groups, the dictionary pages plus the data pages (with
 *       their headers) of every column whose rows overlap the rows the {@code ts} column index
 *       keeps, what {@code readFilteredRowGroup} fetches after page-index pruning.
 * </ul>
 *
 * Footers are read by both sources and are not counted.
 */
record FilterFootprint(
        int rowGroups,
        int rowGroupsKept,
        long filesBytes,
        long rowGroupBytes,
        long pageBytes,
        long rowsInKeptRowGroups,
        long rowsInKeptPages) {

    static FilterFootprint of(List<Path> files, String column, long lo, long hi)
            throws IOException {
        FilterPredicate window =
                FilterApi.and(
                        FilterApi.gtEq(FilterApi.longColumn(column), lo),
                        FilterApi.ltEq(FilterApi.longColumn(column), hi));
        ParquetReadOptions options =
                ParquetReadOptions.builder()
                        .withRecordFilter(FilterCompat.get(window))
                        .useStatsFilter(false)
                        .useDictionaryFilter(false)
                        .useBloomFilter(false)
                        .useColumnIndexFilter(true)
                        .build();
        int rowGroups = 0;
        int kept = 0;
        long filesBytes = 0;
        long rowGroupBytes = 0;
        long pageBytes = 0;
        long rowsInRowGroups = 0;
        long rowsInPages = 0;
        for (Path file : files) {
            filesBytes += Files.size(file);
            try (ParquetFileReader reader =
                    ParquetFileReader.open(new LocalInputFile(file), options)) {
                List<BlockMetaData> blocks = reader.getRowGroups();
                for (int b = 0; b < blocks.size(); b++) {
                    BlockMetaData block = blocks.get(b);
                    rowGroups++;
                    Statistics<?> stats = chunk(block, column).getStatistics();
                    if (stats == null || !stats.hasNonNullValue()) {
                        throw new IOException("No statistics for " + column + " in " + file);
                    }
                    long min = ((Number) stats.genericGetMin()).longValue();
                    long max = ((Number) stats.genericGetMax()).longValue();
                    if (max < lo || min > hi) {
                        continue;
                    }
                    kept++;
                    rowGroupBytes += block.getCompressedSize();
                    rowsInRowGroups += block.getRowCount();

                    var ranges = reader.getRowRanges(b);
                    rowsInPages += ranges.rowCount();
                    ColumnIndexStore indexes = reader.getColumnIndexStore(b);
                    for (ColumnChunkMetaData chunk : block.getColumns()) {
                        OffsetIndex offsets;
                        try {
                            offsets = indexes.getOffsetIndex(chunk.getPath());
                        } catch (ColumnIndexStore.MissingOffsetIndexException e) {
                            offsets = null;
                        }
                        if (offsets == null) {
                            pageBytes += chunk.getTotalSize();
                            continue;
                        }
                        // The dictionary page sits before the first data page.
                        pageBytes += offsets.getOffset(0) - chunk.getStartingPos();
                        for (int p = 0; p < offsets.getPageCount(); p++) {
                            if (ranges.isOverlapping(
                                    offsets.getFirstRowIndex(p),
                                    offsets.getLastRowIndex(p, block.getRowCount()))) {
                                pageBytes += offsets.getCompressedPageSize(p);
                            }
                        }
                    }
                }
            }
        }
        return new FilterFootprint(
                rowGroups,
                kept,
                filesBytes,
                rowGroupBytes,
                pageBytes,
                rowsInRowGroups,
                rowsInPages);
    }

    private static ColumnChunkMetaData chunk(BlockMetaData block, String column)
            throws IOException {
        for (ColumnChunkMetaData chunk : block.getColumns()) {
            if (chunk.getPath().toDotString().equals(column)) {
                return chunk;
            }
        }
        throw new IOException("No column chunk " + column);
    }
}
